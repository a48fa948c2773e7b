"""Markov-chain text (core.sentence, core.markov_paragraph, core.review, core.headline) and
product names (core.product_name): the chains only ever produce word triples seen in
their corpus, with the corpus' transition frequencies; texts fit varchar(n) (whole
sentences dropped first); reviews follow a rating column; product names are unique by
construction; everything is deterministic under the seed; the corpora ship in the wheel.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from pgmock_builtins import markov_gen as mg
from pgmock_sdk import ColumnInfo, GenContext, Generator, parse_type

START, END = mg.START, mg.END


def make(cls: type[Generator], type_name: str = "text", rows: int = 10_000, unique: bool = False,
         **params: Any) -> Any:  # fmt: skip
    col = ColumnInfo("public", "t", "c", parse_type(type_name), unique=unique, row_count=rows,
                     key=31)  # fmt: skip
    return cls(cls.Params.model_validate(params), col)


def run(g: Any, n: int, seed: int = 1, offset: int = 0, rows: dict[str, Any] | None = None) -> Any:
    return g.generate(n, np.random.default_rng(seed), GenContext(g.column, offset, rows or {}))


def corpus_trigrams(name: str) -> set[tuple[str, ...]]:
    """(w1, w2, w3) of every training sentence, padded with <s> <s> ... </s>."""
    out: set[tuple[str, ...]] = set()
    for file, section in mg._SOURCES[name]:
        for words in mg.sentences_of(file, section):
            padded = ["<s>", "<s>", *words, "</s>"]
            out.update(zip(padded, padded[1:], padded[2:]))
    return out


def segment_counts(
    words: list[str], known: set[tuple[str, ...]], open_end: bool = False
) -> set[int]:
    """In how many chain sentences ``words`` can be split so that every padded trigram of
    every sentence is a corpus trigram (empty: it cannot). Sentence ends are not visible
    in the text ("Oh dear! Oh dear!" is one corpus sentence), hence the search. With
    ``open_end`` the last sentence may stop early (a varchar cut)."""
    n = len(words)
    counts: list[set[int]] = [set() for _ in range(n + 1)]
    counts[n] = {0}
    for i in range(n - 1, -1, -1):
        prev = ("<s>", "<s>")
        for j in range(i, n):
            if (*prev, words[j]) not in known:
                break
            prev = (prev[1], words[j])
            closes = (*prev, "</s>") in known or (open_end and j == n - 1)
            if closes and counts[j + 1]:
                counts[i] |= {c + 1 for c in counts[j + 1]}
    return counts[0]


def trigrams(words: list[str], closed: bool = True) -> set[tuple[str, ...]]:
    padded = ["<s>", "<s>", *words, *(["</s>"] if closed else [])]
    return set(zip(padded, padded[1:], padded[2:]))


# --------------------------------------------------------------------------- the chain


def test_transition_frequencies_of_a_toy_chain() -> None:
    # ids: 2 "a", 3 "b", 4 "c", 5 "d". After (a, b): c three times, d once.
    sentences = [[2, 3, 4], [2, 3, 4], [2, 3, 4], [2, 3, 5]]
    ch = mg.train(sentences, 6)
    words, lengths = mg.draw_sentences(ch, 40_000, np.random.default_rng(3), 1, 10)
    assert set(lengths.tolist()) == {3}
    np.testing.assert_array_equal(words[:, :2], np.tile([2, 3], (40_000, 1)))
    assert np.mean(words[:, 2] == 4) == pytest.approx(0.75, abs=0.01)
    assert set(words[:, 2].tolist()) == {4, 5}


def test_order_two_context_matters() -> None:
    # "x c" is followed by e and "y c" by f: an order-1 chain would mix them.
    sentences = [[2, 4, 6], [3, 4, 7]]
    ch = mg.train(sentences, 8)
    words, lengths = mg.draw_sentences(ch, 5000, np.random.default_rng(1), 1, 10)
    rows = {tuple(w[:n].tolist()) for w, n in zip(words, lengths)}
    assert rows == {(2, 4, 6), (3, 4, 7)}


def test_uneven_successor_weights() -> None:
    # After (a, b) come ten words with counts 1..10: alias tables, not a uniform pick.
    ch = mg.train([[2, 3, 4 + w] for w in range(10) for _ in range(w + 1)], 20)
    words, _ = mg.draw_sentences(ch, 110_000, np.random.default_rng(5), 1, 5)
    freq = np.bincount(words[:, 2], minlength=14)[4:14] / 110_000
    np.testing.assert_allclose(freq, np.arange(1, 11) / 55, atol=0.003)


def test_length_bounds_are_respected() -> None:
    ch = mg.chain("classics")
    words, lengths = mg.draw_sentences(ch, 20_000, np.random.default_rng(2), 8, 15)
    assert lengths.min() >= 8 and lengths.max() <= 15
    assert np.all(words[np.arange(15) >= lengths[:, None]] == 0)


@pytest.mark.parametrize("corpus", ["classics", "austen", "carroll", "doyle", "reviews"])
def test_sentences_only_use_corpus_trigrams(corpus: str) -> None:
    known = corpus_trigrams(corpus)
    g = make(mg.SentenceGenerator, corpus=corpus, min_words=1, max_words=60)
    texts = run(g, 3000)
    for text in texts:
        assert trigrams(text.split(" ")) <= known, text
    assert len(set(texts)) > 600  # a chain, not a lookup of a handful of sentences
    assert np.mean([t[0].isupper() for t in texts]) > 0.97


def test_paragraphs_are_sentences_of_the_corpus() -> None:
    known = corpus_trigrams("carroll")
    g = make(mg.ParagraphGenerator, corpus="carroll", min_sentences=2, max_sentences=4,
             max_words=80)  # fmt: skip
    texts = run(g, 500)
    for text in texts:
        assert segment_counts(text.split(" "), known) & {2, 3, 4}, text


def test_headlines() -> None:
    known = corpus_trigrams("headlines")
    texts = run(make(mg.HeadlineGenerator), 3000)
    for text in texts:
        words = text.split(" ")
        assert 4 <= len(words) <= 12
        assert trigrams(words) <= known
        assert not text.endswith(".")
    assert len(set(texts)) > 800


def test_issue_titles_come_from_the_issue_chain_only() -> None:
    issues, news = corpus_trigrams("issues"), corpus_trigrams("headlines")
    texts = run(make(mg.HeadlineGenerator, kind="issue"), 3000)
    for text in texts:
        words = text.split(" ")
        assert 4 <= len(words) <= 12
        assert trigrams(words) <= issues
    assert not all(trigrams(t.split(" ")) <= news for t in texts)
    assert len(set(texts)) > 300


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize("limit", [8, 30, 80, 200])
def test_varchar_cut_drops_sentences_then_words(limit: int) -> None:
    rng = np.random.default_rng(limit)
    per_row = rng.integers(1, 5, 2000)
    words, lengths = mg.draw_sentences(mg.chain("classics"), int(per_row.sum()), rng, 1, 60)
    vocab = mg.vocabulary().words
    sentences = [" ".join(vocab[i] for i in w[:n]) for w, n in zip(words, lengths)]
    cut = mg.join_sentences(words, lengths, per_row, limit)
    full = mg.join_sentences(words, lengths, per_row, None)
    start = np.cumsum(per_row) - per_row
    kinds = {"whole": 0, "sentences": 0, "words": 0, "chars": 0}
    for r, (k, first) in enumerate(zip(per_row.tolist(), start.tolist())):
        mine = sentences[first : first + k]
        assert full[r] == " ".join(mine)
        fitting = [i for i in range(1, k + 1) if len(" ".join(mine[:i])) <= limit]
        if fitting:  # the most whole sentences that fit
            expected = " ".join(mine[: max(fitting)])
            kinds["whole" if max(fitting) == k else "sentences"] += 1
        elif len(mine[0].split(" ")[0]) <= limit:  # the most words of the first sentence
            first_words = mine[0].split(" ")
            expected = max(
                (" ".join(first_words[:i]) for i in range(1, len(first_words) + 1)
                 if len(" ".join(first_words[:i])) <= limit),
                key=len,
            )  # fmt: skip
            kinds["words"] += 1
        else:  # a first word longer than the column, cut inside it
            expected = mine[0][:limit]
            kinds["chars"] += 1
        assert cut[r] == expected, (full[r], cut[r])
    assert max(map(len, cut)) <= limit
    assert kinds["sentences"] + kinds["words"] > 100  # the cuts were exercised


def test_char_columns_and_tiny_limits() -> None:
    for gen_cls in (mg.SentenceGenerator, mg.ReviewGenerator, mg.HeadlineGenerator):
        texts = run(make(gen_cls, "varchar(3)"), 300)
        assert all(0 < len(t) <= 3 for t in texts)


# --------------------------------------------------------------------------- reviews


def test_reviews_follow_the_rating() -> None:
    tri = {t: corpus_trigrams(f"review_{t}") for t in mg.SENTIMENTS}
    g = make(mg.ReviewGenerator, rating_column="stars", max_words=30)
    rating = np.random.default_rng(0).integers(1, 6, 3000)
    texts = run(g, 3000, rows={"stars": rating})
    for stars, text in zip(rating.tolist(), texts):
        tone = "positive" if stars >= 4 else "negative" if stars <= 2 else "neutral"
        assert segment_counts(text.split(" "), tri[tone]) & {1, 2, 3, 4}, (stars, text)


def test_review_sentiment_mix_and_errors() -> None:
    positive = corpus_trigrams("review_positive")
    texts = run(make(mg.ReviewGenerator, max_sentences=1), 5000)
    share = np.mean([trigrams(t.split(" ")) <= positive for t in texts])
    # 60 % positive; a few neutral/negative sentences also happen to be positive trigrams.
    assert 0.57 < share < 0.68
    texts = run(make(mg.ReviewGenerator, sentiment="negative"), 500)
    negative = corpus_trigrams("review_negative")
    assert all(segment_counts(t.split(" "), negative) for t in texts)
    with pytest.raises(ValueError, match="declare it earlier"):
        run(make(mg.ReviewGenerator, rating_column="stars"), 10)
    with pytest.raises(ValueError, match="does not hold numbers"):
        run(make(mg.ReviewGenerator, rating_column="stars"), 2, rows={"stars": ["a", "b"]})


# --------------------------------------------------------------------------- product names


def product_name_parts(w: mg.ProductWords) -> tuple[set[str], set[str]]:
    """Every "[adjective ][material ]" head and every "noun[ edition]" tail."""
    heads = {a + m for a in w.adjectives for m in w.materials}  # each list ends with ""
    tails = {n + e for n in w.nouns[:-1] for e in w.editions}
    return heads, tails


def parses(name: str, heads: set[str], tails: set[str]) -> bool:
    cuts = [0] + [i + 1 for i, ch in enumerate(name) if ch == " "]
    return any(name[:i] in heads and name[i:] in tails for i in cuts)


def test_product_names_shape_and_editions() -> None:
    w = mg.product_words()
    names = run(make(mg.ProductNameGenerator), 20_000)
    heads, tails = product_name_parts(w)
    assert all(parses(name, heads, tails) for name in names)
    editions = tuple(w.editions[:-1])
    assert np.mean([name.endswith(editions) for name in names]) == pytest.approx(0.15, abs=0.01)
    assert len(set(names)) > 15_000


def test_product_word_lists_cannot_collide() -> None:
    """No two (adjective, material, noun, edition) choices spell the same name, which is
    what makes unique mode's distinct combinations distinct strings."""
    w = mg.product_words()
    heads = [a + m for a in w.adjectives for m in w.materials]
    tails = [n + e for n in w.nouns[:-1] for e in w.editions]
    assert len(set(heads)) == len(heads) and len(set(tails)) == len(tails)
    # head + tail == head2 + tail2 with head2 = head + x (x not empty) needs tail = x + tail2.
    tail_set = set(tails)
    shifts = {t[:cut] for t in tails for cut in range(1, len(t)) if t[cut:] in tail_set}
    head_set = set(heads)
    for h2 in heads:
        for cut in range(len(h2)):
            assert not (h2[:cut] in head_set and h2[cut:] in shifts), h2


def test_unique_product_names_across_chunks() -> None:
    g = make(mg.ProductNameGenerator, "varchar(80)", rows=10**6, unique=True)
    bases = mg.product_words().bases
    assert g.domain_size() == bases * len(mg.product_words().editions)
    names: list[str] = []
    for offset in range(0, bases, 50_000):  # every name without an edition, in chunks
        names += run(g, min(50_000, bases - offset), seed=offset, offset=offset)
    assert len(set(names)) == bases
    assert not any(n.endswith((" Pro", " XL", " Kit")) for n in names)
    edge = run(g, 40_000, offset=bases - 20_000)  # across the first edition tier
    assert len(set(edge)) == 40_000 and not set(edge[20_000:]) & set(names)
    again = run(g, 1000, seed=77, offset=5000)
    assert again == names[5000:6000]  # unique names depend on the row, not the rng
    with pytest.raises(ValueError, match="only"):
        run(g, 10, offset=g.domain_size() - 5)


def test_product_names_fit_varchar() -> None:
    names = run(make(mg.ProductNameGenerator, "varchar(14)"), 5000)
    assert max(map(len, names)) <= 14
    with pytest.raises(ValueError, match="too short"):
        make(mg.ProductNameGenerator, "varchar(20)", unique=True)
    # Unique names in a column too short for editions: fewer of them, never shortened.
    g = make(mg.ProductNameGenerator, "varchar(50)", unique=True)
    assert g.domain_size() == mg.product_words().bases


# --------------------------------------------------------------------------- contract


GENERATORS = [
    mg.SentenceGenerator,
    mg.ParagraphGenerator,
    mg.ReviewGenerator,
    mg.HeadlineGenerator,
    mg.ProductNameGenerator,
]


@pytest.mark.parametrize("cls", GENERATORS, ids=lambda c: c.name)
def test_deterministic_under_the_seed(cls: type[Generator]) -> None:
    g = make(cls)
    assert run(g, 500, seed=4, offset=10_000) == run(g, 500, seed=4, offset=10_000)
    assert run(g, 500, seed=4) != run(g, 500, seed=5)
    assert run(g, 0) == []


@pytest.mark.parametrize(
    ("cls", "params", "message"),
    [
        (mg.SentenceGenerator, {"corpus": "bible"}, "classics"),
        (mg.SentenceGenerator, {"min_words": 5, "max_words": 4}, "min_words"),
        (mg.ParagraphGenerator, {"min_sentences": 3, "max_sentences": 2}, "min_sentences"),
        (mg.ReviewGenerator, {"sentiment": "angry"}, "mixed"),
        (mg.ReviewGenerator, {"rating_max": 1}, "greater than or equal to 2"),
        (mg.ProductNameGenerator, {"edition_ratio": 2}, "less than or equal to 1"),
    ],
)
def test_params_reject(cls: type[Generator], params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        cls.Params.model_validate(params)


def test_corpora_are_package_data_and_small() -> None:
    folder = resources.files("pgmock_builtins").joinpath("corpora")
    files = {f.name: len(f.read_bytes()) for f in folder.iterdir() if f.name.endswith(".txt")}
    assert set(files) >= {"austen.txt", "carroll.txt", "doyle.txt", "reviews.txt",
                          "headlines.txt", "products.txt"}  # fmt: skip
    assert sum(files.values()) < 300_000


# --------------------------------------------------------------------------- sentence banks


def test_large_tables_draw_from_a_bank_of_chain_sentences() -> None:
    small = make(mg.SentenceGenerator, "varchar(40)", rows=mg.BANK_MIN_ROWS - 1,
                 min_words=3, max_words=12)  # fmt: skip
    large = make(mg.SentenceGenerator, "varchar(40)", rows=mg.BANK_MIN_ROWS,
                 min_words=3, max_words=12)  # fmt: skip
    assert not small.banked and large.banked
    whole = mg.bank("classics", 3, 12, None)
    assert len(whole.texts) == mg.BANK_SIZE
    known = corpus_trigrams("classics")
    for text in whole.texts[:2000].tolist():
        assert 3 <= len(text.split(" ")) <= 12 and trigrams(text.split(" ")) <= known, text
    texts = run(large, 5000)
    assert set(texts) <= set(mg.bank("classics", 3, 12, 40).texts.tolist())
    assert max(map(len, texts)) <= 40
    # about as varied as fresh walks (short sentences of this corpus repeat anyway)
    assert len(set(texts)) > 0.8 * len(set(run(small, 5000)))
    # the bank is a function of the chain and the range only: the seed picks the rows
    assert run(large, 500, seed=3) == run(large, 500, seed=3) != run(large, 500, seed=4)


@pytest.mark.parametrize("limit", [12, 40])
def test_a_bank_of_a_limit_cuts_its_sentences_as_a_fresh_join_would(limit: int) -> None:
    # the bank of a limit joins again only the sentences longer than it: the result must
    # be what joining every sentence of the bank with that limit gives
    cut = mg.bank("doyle", 3, 16, limit)
    expected: list[str] = []
    for flat, lengths in mg._walks("doyle", 3, 16):
        words = np.zeros((len(lengths), 16), dtype=np.int32)
        words[np.arange(16) < lengths[:, None]] = flat
        expected += mg.join_sentences(words, lengths, np.ones(len(lengths), np.int64), limit)
    assert cut.texts.tolist() == expected
    assert cut.lengths.tolist() == [len(t) for t in expected]
    whole = mg.bank("doyle", 3, 16, None).texts
    assert 0 < sum(a != b for a, b in zip(whole.tolist(), expected)) < len(expected)


@pytest.mark.parametrize("limit", [30, 90, None])
def test_banked_paragraphs_cut_like_fresh_ones(limit: int | None) -> None:
    keys = [("carroll", 2, 20), ("doyle", 2, 20)]
    rng = np.random.default_rng(11)
    per_row = rng.integers(1, 5, 3000)
    which = rng.integers(0, 2, int(per_row.sum()))
    out = mg.banked_paragraphs(keys, which, per_row, np.random.default_rng(5), limit)
    slots = np.random.default_rng(5).integers(0, mg.BANK_SIZE, len(which))
    start = np.cumsum(per_row) - per_row
    cuts = 0
    for r, (k, first) in enumerate(zip(per_row.tolist(), start.tolist())):
        picked = range(first, first + k)
        mine = [mg.bank(*keys[which[j]], None).texts[slots[j]] for j in picked]
        fitting = [i for i in range(1, k + 1) if limit is None or len(" ".join(mine[:i])) <= limit]
        if fitting:
            expected = " ".join(mine[: max(fitting)])
        else:  # only the first sentence, cut as the bank of that limit cuts it
            expected = mg.bank(*keys[which[first]], limit).texts[slots[first]]
            cuts += 1
        assert out[r] == expected
    assert limit != 30 or cuts > 100


def test_banked_reviews_follow_the_rating() -> None:
    tri = {t: corpus_trigrams(f"review_{t}") for t in mg.SENTIMENTS}
    g = make(mg.ReviewGenerator, rows=mg.BANK_MIN_ROWS, rating_column="stars", max_words=30)
    rating = np.random.default_rng(0).integers(1, 6, 2000)
    texts = run(g, 2000, rows={"stars": rating})
    for stars, text in zip(rating.tolist(), texts):
        tone = "positive" if stars >= 4 else "negative" if stars <= 2 else "neutral"
        assert segment_counts(text.split(" "), tri[tone]) & {1, 2, 3, 4}, (stars, text)
