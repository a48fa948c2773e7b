"""Locale coverage audit: every built-in generator is either locale-aware or deliberately
locale-neutral (docs/locales.md lists both), and the locale-aware ones produce values of
en_US, de_DE, fr_FR, ja_JP and pt_BR with properties that fail when the locale is ignored:
scripts (CJK and kana for ja_JP), postal-code and phone shapes, word order, TLDs, words of
the language. Values differ between locales; ``database.locale`` reaches inferred
columns; unknown locales fall back to a locale of their language, else to English, as
documented. (Per-column ``locale`` overriding ``database.locale``, restored into
PostgreSQL, is in tests/restore/generators/test_locale_coverage.py.)
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgmock.testing import copy_rows
from pgmock_sdk.pgtypes import TEXT_TYPES

from clihelp import ROOT, pgmock
from locale_checks import (
    CJK,
    DE_PHONE,
    ENGLISH,
    FR_PHONE,
    PEOPLE_COLUMNS,
    N,
    all_match,
    both,
    includes,
    most_common,
    none_contain,
    people_schema,
    sample,
    sdk_host,
    share_at_least,
)

LOCALES = ("en_US", "de_DE", "fr_FR", "ja_JP", "pt_BR")

# Generators whose output follows the column's locale, and those that ignore it on
# purpose. docs/locales.md lists both; a new built-in generator must join one of them.
LOCALE_AWARE = frozenset(
    {
        "faker.first_name",
        "faker.last_name",
        "faker.full_name",
        "faker.email",
        "faker.username",
        "faker.domain",
        "faker.url",
        "faker.phone",
        "faker.postal_code",
        "faker.street_address",
        "faker.city",
        "faker.state",
        "faker.country",
        "faker.country_code",
        "faker.company",
        "faker.job_title",
        "faker.title",
        "faker.paragraph",
        "core.text",
        "core.array",
        "core.json",
        "core.xml",
        "mimesis.occupation",
        "mimesis.nationality",
        "mimesis.language",
        "mimesis.university",
        "mimesis.academic_degree",
        "mimesis.dish",
        "mimesis.drink",
    }
)
# name -> (type, params) to show the values really are the same in every locale
LOCALE_NEUTRAL: dict[str, tuple[str, dict[str, Any]] | None] = {
    "core.boolean": ("bool", {}),
    "core.bit": ("bit(12)", {}),
    "core.char": ('"char"', {}),
    "core.lsn": ("pg_lsn", {}),
    "core.point": ("point", {}),
    "core.bytea": ("bytea", {}),
    "core.password_hash": ("varchar(40)", {}),  # hex digests
    "faker.secondary_address": ("text", {}),  # Faker's en_US forms but in en_GB
    "core.choice": ("text", {"values": ["a", "b", "c"]}),
    "core.constant": ("text", {"value": "x"}),
    "core.date": ("date", {}),
    "core.decimal": ("numeric(10,2)", {}),
    "core.enum": None,  # the schema's own labels
    "core.event_time": ("timestamptz", {}),
    "core.headline": ("text", {}),  # English corpora (docs/locales.md)
    "core.term": ("text", {"vocabulary": "department"}),
    "core.work_title": ("text", {}),
    "core.description": ("text", {}),
    "core.search_vector": None,  # the row's own words
    "core.slug": None,  # the row's own title
    "core.pattern": None,  # the shape the schema gives
    "core.vat_number": None,  # the row's own country
    "core.isbn": None,  # an international number
    "core.inet": ("inet", {}),
    "core.integer": ("int4", {}),
    "core.interval": ("interval", {}),
    "core.macaddr": ("macaddr", {}),
    "core.range": ("int4range", {}),
    "core.multirange": ("datemultirange", {}),
    "core.markov_paragraph": ("text", {}),
    "core.metric": ("float8", {}),
    "core.product_name": ("text", {}),
    "core.review": ("text", {}),
    "core.sentence": ("text", {}),
    "core.sequence": ("int4", {}),
    "core.time": ("time", {}),
    "core.timestamp": ("timestamptz", {}),
    "core.uuid": ("uuid", {}),
    "faker.age": ("int4", {}),
    "faker.birth_date": ("date", {}),
    "faker.gender": ("text", {}),  # female/male, or the schema's enum labels
    "faker.price": ("numeric(10,2)", {}),
    "faker.quantity": ("int4", {}),
    "mimesis.blood_type": ("text", {}),
    "mimesis.programming_language": ("text", {}),
    "js.js": None,  # the user's code gets the locale in its column info
    "subprocess.process": None,  # likewise, over the protocol
    "nested.json_template": None,  # its leaves get the column's locale (docs/locales.md)
}


@dataclass(frozen=True)
class Expect:
    generator: str
    locale: str
    what: str
    check: Callable[[list[str]], None]
    type: str = "text"
    params: tuple[tuple[str, Any], ...] = ()


NO_CJK = none_contain(CJK.pattern)
ALL_CJK = all_match(rf".*{CJK.pattern}.*")

# NANP: area code and exchange never start with 0 or 1 (Faker's '$' digit).
US_PHONE = r"(\+1-|001-)?(\(\d{3}\)|\d{3})[-.]?\d{3}[-.]?\d{4}(x\d{3,5})?"
US_PHONE_NANP = r"(\+1-|001-)?(\([2-9]\d\d\)|[2-9]\d\d)[-.]?[2-9]\d\d[-.]?\d{4}(x\d{3,5})?"
DE_PHONE_AREA = r"(\+49 ?\(0\) ?|\(0|0)[1-9]\d{2,3}\)? ?\d{5,10}"
FR_PHONE_STRICT = r"(0[1-9]|\+33 (\(0\))?[1-9])( ?\d\d){4}"
JA_PHONE = r"\d{2,3}-\d{4}-\d{4}"
# Brazilian area codes (DDD) as Faker lists them; service numbers 0300/0500/0800/0900.
BR_DDD = "1[1-9]|2[124578]|3[1-578]|4[1-9]|5[1345]|6[1-9]|7[134579]|8[1-9]|9[1-9]"
BR_PHONE = r"(\+55 )?\d{2} \d{4}-\d{4}|0[3589]0\d \d{3} \d{4}"
BR_PHONE_STRICT = rf"(\+55 )?({BR_DDD}) \d{{4}}-\d{{4}}|0[3589]00 \d{{3}} \d{{4}}"
FR_DEPARTEMENT = r"(0[1-9]|[1-8]\d|9[0-5]|97|98)\d{3}"
EMAIL = r"[a-z0-9._+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}"

EXPECTATIONS: list[Expect] = [
    # ---- names
    Expect("faker.first_name", "en_US", "ASCII Latin names", all_match(r"[A-Za-z' .-]+")),
    Expect(
        "faker.first_name",
        "de_DE",
        "umlauts, no CJK",
        both(NO_CJK, share_at_least("[äöüÄÖÜß]", 0.01)),
    ),
    Expect(
        "faker.first_name",
        "fr_FR",
        "accents, no CJK",
        both(NO_CJK, share_at_least("[éèêëçîïôàâÉ]", 0.05)),
    ),
    Expect(
        "faker.first_name",
        "pt_BR",
        "accents, no CJK",
        both(NO_CJK, share_at_least("[ãõçáéíóúâêôÁÉ]", 0.05)),
    ),
    Expect("faker.first_name", "ja_JP", "kanji/kana", ALL_CJK),
    Expect("faker.last_name", "en_US", "ASCII Latin names", all_match(r"[A-Za-z' .-]+")),
    Expect(
        "faker.last_name",
        "de_DE",
        "umlauts, no CJK",
        both(NO_CJK, share_at_least("[äöüÄÖÜß]", 0.05)),
    ),
    Expect(
        "faker.last_name",
        "fr_FR",
        "accents, no CJK",
        both(NO_CJK, share_at_least("[éèêëçîïôàâÉ]", 0.02)),
    ),
    Expect(
        "faker.last_name",
        "pt_BR",
        "accents, no CJK",
        both(NO_CJK, share_at_least("[ãõçáéíóúâêôÁÉ]", 0.02)),
    ),
    Expect("faker.last_name", "ja_JP", "kanji/kana", ALL_CJK),
    Expect(
        "faker.full_name",
        "en_US",
        "two Latin words or more",
        all_match(r"[A-Za-z'.-]+( [A-Za-z'.-]+)+"),
    ),
    Expect("faker.full_name", "de_DE", "no CJK", NO_CJK),
    Expect("faker.full_name", "fr_FR", "no CJK", NO_CJK),
    Expect("faker.full_name", "pt_BR", "no CJK", NO_CJK),
    Expect(
        "faker.full_name",
        "ja_JP",
        "family name, space, given name",
        all_match(rf"{CJK.pattern}+ {CJK.pattern}+"),
    ),
    # ---- internet: lower-case ASCII everywhere, the locale's TLDs and free-mail domains
    # (user names and e-mails also get romanized Japanese names: see below)
    *[
        Expect("faker.username", loc, "lower-case ASCII", all_match(r"[a-z0-9._]+"))
        for loc in LOCALES
    ],
    Expect(
        "faker.email",
        "en_US",
        "ASCII, no foreign ccTLD",
        both(all_match(EMAIL), none_contain(r"\.(de|fr|br|jp)$")),
    ),
    Expect(
        "faker.email", "de_DE", ".de domains", both(all_match(EMAIL), share_at_least(r"\.de$", 0.3))
    ),
    Expect(
        "faker.email", "fr_FR", ".fr domains", both(all_match(EMAIL), share_at_least(r"\.fr$", 0.3))
    ),
    Expect(
        "faker.email", "pt_BR", ".br domains", both(all_match(EMAIL), share_at_least(r"\.br$", 0.3))
    ),
    Expect(
        "faker.email",
        "ja_JP",
        "romanized, .jp domains",
        both(all_match(EMAIL), share_at_least(r"\.jp$", 0.05)),
    ),
    Expect(
        "faker.domain",
        "en_US",
        "no foreign ccTLD",
        both(all_match(r"[a-z0-9-]+(\.[a-z]+)+"), none_contain(r"\.(de|fr|br|jp)$")),
    ),
    Expect("faker.domain", "de_DE", ".de", share_at_least(r"\.de$", 0.3)),
    Expect("faker.domain", "fr_FR", ".fr", share_at_least(r"\.fr$", 0.3)),
    Expect("faker.domain", "pt_BR", ".br", share_at_least(r"\.br$", 0.3)),
    Expect(
        "faker.domain",
        "ja_JP",
        ".jp, ASCII",
        both(all_match(r"[a-z0-9-]+(\.[a-z]+)+"), share_at_least(r"\.jp$", 0.3)),
    ),
    Expect("faker.url", "en_US", "no foreign ccTLD", none_contain(r"\.(de|fr|br|jp)/")),
    Expect("faker.url", "de_DE", ".de", share_at_least(r"^https://[^/]+\.de/", 0.3)),
    Expect("faker.url", "fr_FR", ".fr", share_at_least(r"^https://[^/]+\.fr/", 0.3)),
    Expect("faker.url", "pt_BR", ".br", share_at_least(r"^https://[^/]+\.br/", 0.3)),
    Expect("faker.url", "ja_JP", ".jp", share_at_least(r"^https://[^/]+\.jp/", 0.3)),
    # ---- phones: the shape, then the numbering plan (first digits)
    Expect("faker.phone", "en_US", "10-digit NANP shapes", all_match(US_PHONE)),
    Expect(
        "faker.phone",
        "en_US",
        "area code and exchange start 2-9",
        all_match(US_PHONE_NANP),
    ),
    Expect("faker.phone", "de_DE", "+49 or 0, German lengths", all_match(DE_PHONE)),
    Expect(
        "faker.phone",
        "de_DE",
        "area code after the trunk 0 starts 1-9",
        all_match(DE_PHONE_AREA),
    ),
    Expect("faker.phone", "fr_FR", "0[1-9] or +33", all_match(FR_PHONE)),
    Expect(
        "faker.phone",
        "fr_FR",
        "digit after 0 / (0) / +33 is 1-9",
        all_match(FR_PHONE_STRICT),
    ),
    Expect("faker.phone", "ja_JP", "NN(N)-NNNN-NNNN", all_match(JA_PHONE)),
    Expect(
        "faker.phone",
        "ja_JP",
        "domestic numbers start with 0",
        all_match(r"0\d{1,2}-\d{4}-\d{4}"),
    ),
    Expect("faker.phone", "pt_BR", "+55 DD NNNN-NNNN shapes", all_match(BR_PHONE)),
    Expect(
        "faker.phone",
        "pt_BR",
        "valid DDD area codes, 0800-style service numbers",
        all_match(BR_PHONE_STRICT),
    ),
    # ---- postal codes
    Expect("faker.postal_code", "en_US", "5-digit ZIP", all_match(r"\d{5}")),
    Expect("faker.postal_code", "de_DE", "5-digit PLZ", all_match(r"\d{5}")),
    Expect(
        "faker.postal_code",
        "de_DE",
        "no PLZ starts with 00",
        all_match(r"(?!00)\d{5}"),
    ),
    Expect("faker.postal_code", "fr_FR", "5 digits", all_match(r"\d{5}")),
    Expect(
        "faker.postal_code",
        "fr_FR",
        "starts with a département (01-95, 97, 98)",
        all_match(FR_DEPARTEMENT),
    ),
    Expect("faker.postal_code", "ja_JP", "NNN-NNNN", all_match(r"\d{3}-\d{4}")),
    Expect(
        "faker.postal_code",
        "pt_BR",
        "CEP written NNNNN-NNN",
        all_match(r"\d{5}-\d{3}"),
    ),
    # ---- addresses
    Expect("faker.street_address", "en_US", "number first", all_match(r"\d+ \D.*")),
    Expect(
        "faker.street_address",
        "de_DE",
        "street, then number",
        all_match(r"\D+ \d+[a-z]?([-/]\d+)?"),
    ),
    Expect(
        "faker.street_address",
        "fr_FR",
        "'12, rue …'",
        all_match(r"\d+, (rue|avenue|boulevard|chemin|impasse|place|allée|quai|route) .+"),
    ),
    Expect("faker.street_address", "pt_BR", "'Rua …, 123'", all_match(r"\D+, \d+")),
    Expect(
        "faker.street_address",
        "ja_JP",
        "town, chōme, block",
        both(ALL_CJK, all_match(r"\D+\d+丁目\d+-\d+")),
    ),
    Expect("faker.city", "en_US", "no CJK", NO_CJK),
    Expect("faker.city", "de_DE", "German towns", both(NO_CJK, share_at_least("[äöüß]", 0.02))),
    Expect(
        "faker.city",
        "fr_FR",
        "French names",
        both(NO_CJK, share_at_least(r"[éèêàçîôûë]|^(Saint|Sainte|Le|La|Les) |-sur-|-les-", 0.05)),
    ),
    Expect(
        "faker.city",
        "pt_BR",
        "Portuguese names",
        both(NO_CJK, share_at_least(r"[ãõçáéíóúâêô]|\b(do|da|de|dos|das|São|Santa|Santo)\b", 0.3)),
    ),
    Expect(
        "faker.city",
        "ja_JP",
        "municipalities (市/区/町/村)",
        all_match(rf"{CJK.pattern}+[市区町村]"),
    ),
    Expect("faker.state", "en_US", "US states", includes("California", "Texas")),
    Expect("faker.state", "de_DE", "Länder", includes("Bayern", "Nordrhein-Westfalen")),
    Expect("faker.state", "fr_FR", "régions", includes("Bretagne")),
    Expect("faker.state", "pt_BR", "estados", includes("São Paulo", "Bahia")),
    Expect(
        "faker.state",
        "ja_JP",
        "prefectures",
        both(includes("東京都", "北海道"), all_match(rf"{CJK.pattern}+[都道府県]")),
    ),
    *[
        Expect("faker.country", loc, "the locale's country in its language", most_common(name))
        for loc, name in (
            ("en_US", "United States"),
            ("de_DE", "Deutschland"),
            ("fr_FR", "France"),
            ("pt_BR", "Brasil"),
            ("ja_JP", "日本"),
        )
    ],
    *[
        Expect("faker.country_code", loc, "the locale's country", most_common(loc[-2:]))
        for loc in LOCALES
    ],
    # ---- business
    Expect(
        "faker.company",
        "en_US",
        "Inc/LLC/PLC/and Sons",
        share_at_least(r"\b(Inc|LLC|PLC|Ltd|Group|and Sons)\b|-", 0.5),
    ),
    Expect(
        "faker.company",
        "de_DE",
        "GmbH/AG/KG",
        share_at_least(r"\b(GmbH|AG|KG|OHG|KGaA|GbR|e\.V\.|e\.G\.)", 0.5),
    ),
    Expect(
        "faker.company",
        "fr_FR",
        "SA/SARL/SAS",
        share_at_least(r"\b(SA|SARL|SAS|S\.A\.R\.L\.|S\.A\.S\.|S\.A\.)", 0.5),
    ),
    Expect(
        "faker.company",
        "pt_BR",
        "S.A./Ltda./ME",
        share_at_least(r"S\.A\.|Ltda\.|- ME|- EI|e Filhos", 0.5),
    ),
    Expect(
        "faker.company",
        "ja_JP",
        "株式会社/有限会社/合同会社",
        all_match(r".*(株式会社|有限会社|合同会社).*"),
    ),
    Expect("faker.job_title", "en_US", "no CJK", NO_CJK),
    Expect("faker.job_title", "de_DE", "German titles", includes("Arzt")),
    Expect("faker.job_title", "fr_FR", "French titles", share_at_least("[éèêàç]", 0.1)),
    Expect("faker.job_title", "pt_BR", "Portuguese titles", share_at_least("[ãõçáéíóúâêô]", 0.1)),
    Expect("faker.job_title", "ja_JP", "Japanese titles", share_at_least(CJK.pattern, 0.95)),
    # ---- free text: words of the language
    *[
        Expect(gen, "en_US", "English words", share_at_least(ENGLISH.pattern, low))
        for gen, low in (("faker.title", 0.02), ("faker.paragraph", 0.2), ("core.text", 0.02))
    ],
    *[
        Expect(
            gen,
            loc,
            "no English words, the language's letters",
            both(none_contain(ENGLISH.pattern), share_at_least(letters, low)),
        )
        for gen in ("faker.title", "faker.paragraph", "core.text")
        for loc, letters, low in (("de_DE", "[äöüß]", 0.05), ("fr_FR", "[éèêàùçôî]", 0.1))
    ],
    Expect(
        "core.text",
        "pt_BR",
        "Portuguese words",
        both(none_contain(ENGLISH.pattern), share_at_least("[ãõçáéíóúâêô]", 0.2)),
    ),
    *[
        Expect(
            gen,
            "pt_BR",
            "Portuguese words",
            both(none_contain(ENGLISH.pattern), share_at_least("[ãõçáéíóúâêô]", 0.2)),
        )
        for gen in ("faker.title", "faker.paragraph")
    ],
    Expect(
        "core.text", "ja_JP", "Japanese, written without spaces", both(ALL_CJK, none_contain(" "))
    ),
    *[
        Expect(
            gen,
            "ja_JP",
            "Japanese, written without spaces",
            both(ALL_CJK, none_contain(" ")),
        )
        for gen in ("faker.title", "faker.paragraph")
    ],
    Expect(
        "faker.paragraph",
        "ja_JP",
        "sentences end with 。",
        both(all_match(r"[^.]+。"), share_at_least("。.+。", 0.5)),
    ),
    Expect("faker.title", "ja_JP", "no full stop", none_contain("[.。]")),
    # ---- mimesis vocabularies
    *[
        Expect("mimesis.language", loc, "German, named in the language", includes(word))
        for loc, word in (
            ("en_US", "German"),
            ("de_DE", "Deutsch"),
            ("fr_FR", "Allemand"),
            ("pt_BR", "Alemão"),
            ("ja_JP", "ドイツ語"),
        )
    ],
    *[
        Expect("mimesis.nationality", loc, "demonyms of the language", includes(word))
        for loc, word in (
            ("en_US", "German"),
            ("de_DE", "Deutscher"),
            ("fr_FR", "Française"),
            ("pt_BR", "Alemão"),
            ("ja_JP", "ドイツ人"),
        )
    ],
    *[
        Expect("mimesis.academic_degree", loc, "degrees of the locale", includes(word))
        for loc, word in (
            ("en_US", "Bachelor"),
            ("de_DE", "Diplom"),
            ("fr_FR", "Doctorat"),
            ("pt_BR", "Bacharel"),
            ("ja_JP", "学士"),
        )
    ],
    *[
        Expect("mimesis.occupation", loc, "occupations of the language", includes(*words))
        for loc, words in (
            ("en_US", ("Doctor", "Architect")),
            ("de_DE", ("Arzt / Ärztin",)),
            ("fr_FR", ("Architecte", "Boulanger")),
            ("pt_BR", ("Médico", "Arquiteto")),
            ("ja_JP", ("医師", "弁護士")),
        )
    ],
    *[
        Expect("mimesis.dish", loc, "dishes of the cuisine", includes(*words))
        for loc, words in (
            ("en_US", ("Chicken Alfredo",)),
            ("de_DE", ("Sauerbraten", "Bratkartoffeln")),
            ("fr_FR", ("Bouillabaisse", "Crème brûlée")),
            ("pt_BR", ("Feijoada", "Brigadeiro")),
            ("ja_JP", ("寿司", "しゃぶしゃぶ")),
        )
    ],
    *[
        Expect("mimesis.drink", loc, "drinks of the locale", includes(*words))
        for loc, words in (
            ("en_US", ("Mojito",)),
            ("de_DE", ("Apfelsaft",)),
            ("fr_FR", ("Pastis",)),
            ("pt_BR", ("Super Bock",)),
            ("ja_JP", ("日本茶",)),
        )
    ],
    Expect(
        "mimesis.university",
        "en_US",
        "English names",
        share_at_least(r"\b(University|College|Institute)\b", 0.9),
    ),
    Expect(
        "mimesis.university",
        "de_DE",
        "Universität/Hochschule",
        share_at_least(r"Universität|Hochschule", 0.9),
    ),
    Expect(
        "mimesis.university",
        "fr_FR",
        "Université/École",
        share_at_least(r"Université|École|Institut", 0.8),
    ),
    Expect(
        "mimesis.university",
        "pt_BR",
        "Brazilian universities only",
        both(
            share_at_least(
                r"Universidade|Faculdade|Instituto|Centro Universitário|Escola|Pontifícia|Fundação",
                0.95,
            ),
            none_contain(r"\b(University|College|Institute)\b"),
        ),
    ),
    Expect("mimesis.university", "ja_JP", "大学", share_at_least("大学", 0.95)),
    *[
        Expect(gen, "ja_JP", "Japanese script", share_at_least(CJK.pattern, 0.95))
        for gen in (
            "mimesis.occupation",
            "mimesis.nationality",
            "mimesis.language",
            "mimesis.dish",
            "mimesis.drink",
            "mimesis.academic_degree",
        )
    ],
    # ---- documents and arrays take their words and names from the locale too
    Expect(
        "core.json",
        "ja_JP",
        "Japanese names",
        all_match(rf'\{{"name": "{CJK.pattern}+ {CJK.pattern}+"\}}'),
        type="jsonb",
        params=(("template", {"name": "name"}),),
    ),
    Expect(
        "core.json",
        "de_DE",
        "German words",
        share_at_least("[äöüß]", 0.1),
        type="jsonb",
        params=(("template", {"words": "words"}),),
    ),
    Expect(
        "core.json",
        "pt_BR",
        "Portuguese words",
        both(none_contain(ENGLISH.pattern), share_at_least("[ãõçáéíóúâêô]", 0.2)),
        type="jsonb",
        params=(("template", {"words": "words"}),),
    ),
    Expect(
        "core.xml", "ja_JP", "Japanese words", all_match(rf"<item .*{CJK.pattern}.*"), type="xml"
    ),
    Expect(
        "core.xml",
        "pt_BR",
        "Portuguese words",
        both(none_contain(ENGLISH.pattern), share_at_least("[ãõçáéíóúâêô]", 0.2)),
        type="xml",
    ),
    Expect(
        "core.array",
        "ja_JP",
        "Japanese elements",
        all_match(rf"\{{\}}|\{{.*{CJK.pattern}.*\}}"),
        type="text[]",
    ),
    Expect(
        "core.array",
        "pt_BR",
        "Portuguese elements",
        both(none_contain(ENGLISH.pattern), share_at_least("[ãõçáéíóúâêô]", 0.2)),
        type="text[]",
    ),
]


@pytest.mark.parametrize(
    "expect", [pytest.param(e, id=f"{e.generator}-{e.locale}-{e.what}") for e in EXPECTATIONS]
)
def test_locale_specific_values(expect: Expect) -> None:
    values = sample(expect.generator, expect.locale, type=expect.type, params=dict(expect.params))
    assert len(values) == N and all(isinstance(v, str) and v for v in values)
    expect.check(values)


def test_every_locale_aware_generator_is_checked_in_every_locale() -> None:
    covered = {(e.generator, e.locale) for e in EXPECTATIONS}
    missing = sorted((g, loc) for g in LOCALE_AWARE for loc in LOCALES if (g, loc) not in covered)
    # core.json/xml/array and the mimesis lists are covered where their words or names
    # carry the locale; the rest of their locales are covered by the pairwise test.
    partial = {"core.json", "core.xml", "core.array"}
    missing = [(g, loc) for g, loc in missing if g not in partial]
    assert not missing, f"no passing locale check for {missing}"


# --------------------------------------------------------------------------- classification


# Column types whose values can carry words of a language; generators that fill none of
# them (numbers, times, addresses, geometry, bit strings) are locale-neutral by type.
_WORDY = TEXT_TYPES | {"json", "jsonb", "xml", "*"} | {f"{t}[]" for t in TEXT_TYPES}


def test_every_builtin_generator_is_classified() -> None:
    entries = {entry.qualified: entry.obj for entry in sdk_host().registry.generators}
    neutral = set(LOCALE_NEUTRAL)
    assert not LOCALE_AWARE & neutral
    wordy = {name for name, cls in entries.items() if cls.pg_types & _WORDY}
    unclassified = sorted(wordy - LOCALE_AWARE - neutral)
    assert not unclassified, (
        f"{unclassified} can fill text: say whether they follow the column's locale "
        "(LOCALE_AWARE) or ignore it on purpose (LOCALE_NEUTRAL), here and in docs/locales.md"
    )
    assert wordy >= LOCALE_AWARE, "a locale-aware generator that fills no text type"
    assert not (LOCALE_AWARE | neutral) - set(entries), "classified generators that do not exist"


def test_docs_list_both_classes() -> None:
    text = (ROOT / "docs" / "locales.md").read_text()
    aware, neutral = text.split("## Locale-neutral", 1)
    for name in sorted(LOCALE_AWARE):
        assert f"`{name}`" in aware, f"docs/locales.md does not list {name} as locale-aware"
    for name in sorted(LOCALE_NEUTRAL):
        assert f"`{name}`" in neutral, f"docs/locales.md does not list {name} as neutral"


@pytest.mark.parametrize("name", sorted(n for n, spec in LOCALE_NEUTRAL.items() if spec))
def test_neutral_generators_ignore_the_locale(name: str) -> None:
    spec = LOCALE_NEUTRAL[name]
    assert spec is not None
    type_name, params = spec
    first = sample(name, LOCALES[0], 500, type=type_name, params=params)
    for locale in LOCALES[1:]:
        assert sample(name, locale, 500, type=type_name, params=params) == first, locale


# --------------------------------------------------------------------------- pairs

_PAIR_TYPES = {"core.json": "jsonb", "core.xml": "xml", "core.array": "text[]"}


@pytest.mark.parametrize(
    ("name", "a", "b"),
    [
        pytest.param(name, a, b, id=f"{name}-{a}-{b}")
        for name in sorted(LOCALE_AWARE)
        for a, b in itertools.combinations(LOCALES, 2)
    ],
)
def test_values_differ_between_locales(name: str, a: str, b: str) -> None:
    type_name = _PAIR_TYPES.get(name, "text")
    left = sample(name, a, 1000, type=type_name)
    right = sample(name, b, 1000, type=type_name)
    assert left != right, f"{name}: {a} and {b} give the same values"
    # Most distinct values of one locale never occur in the other (country and language
    # names share a quarter at most: 'Chile' is 'Chile' in four of the languages).
    ls, rs = set(left), set(right)
    overlap = len(ls & rs) / len(ls | rs)
    assert overlap < 0.5, f"{name}: {a} and {b} share {overlap:.0%}: {sorted(ls & rs)[:8]}"


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize("placeholder", ["#", "%", "$", "!", "@"])
def test_phone_placeholders_follow_fakers_numerify(placeholder: str) -> None:
    """Each placeholder gives the values Faker's numerify gives it, as often."""
    from faker import Faker

    from pgmock_builtins._formats import Templates

    draws = 20_000
    fake = Faker("en_US")
    fake.seed_instance(5)
    theirs = Counter(fake.numerify(f"<{placeholder}>") for _ in range(draws))
    ours = Counter(Templates.of([(f"<{placeholder}>", 1.0)]).fill(draws, np.random.default_rng(5)))
    assert set(ours) == set(theirs)
    for value, count in theirs.items():
        assert abs(ours[value] - count) < 0.02 * draws, (value, ours[value], count)


@pytest.mark.parametrize(
    ("locale", "starts"),
    [
        ("en_US", ("(", "+1-", "001-", "2", "9")),
        ("de_DE", ("+49(0)", "+49 (0) ", "0", "(0")),
        ("fr_FR", ("+33 (0)", "+33 6", "01", "06", "07")),  # Paris, mobiles
        ("ja_JP", ("03-", "06-", "070-", "080-", "090-")),  # Tokyo, Osaka, mobiles
        ("pt_BR", ("+55 11 ", "+55 99 ", "11 ", "21 ", "0800 ", "0300 ")),
    ],
)
def test_phone_numbers_take_every_kind_of_the_locales_formats(
    locale: str, starts: tuple[str, ...]
) -> None:
    values = sample("faker.phone", locale, params={"format": "any"})
    for start in starts:
        assert any(v.startswith(start) for v in values), f"no {locale} number starts {start!r}"
    if locale == "en_US":
        assert any("x" in v for v in values), "no extension"
        # every digit 2-9 starts area codes and exchanges, 0 and 1 none
        national = [v.removeprefix("001-").removeprefix("+1-") for v in values]
        digits = {d for v in national for d in re.findall(r"(?<![\dx])(\d)\d\d[-.)]", v)}
        assert digits == set("23456789")
    if locale == "de_DE":
        after_trunk = Counter(re.sub(r"^(\+49 ?\(0\) ?|\(0|0)", "", v)[0] for v in values)
        assert set(after_trunk) == set("123456789"), after_trunk


# --------------------------------------------------------------------------- order, names


def test_japanese_full_names_put_the_family_name_first() -> None:
    last = set(sample("faker.last_name", "ja_JP", 20_000))
    first = set(sample("faker.first_name", "ja_JP", 20_000))
    names = [v.split(" ") for v in sample("faker.full_name", "ja_JP")]
    assert all(len(parts) == 2 for parts in names)
    assert sum(p[0] in last for p in names) / len(names) > 0.95
    assert sum(p[1] in first for p in names) / len(names) > 0.95


def test_english_full_names_put_the_given_name_first() -> None:
    first = set(sample("faker.first_name", "en_US", 20_000))
    names = sample("faker.full_name", "en_US")
    assert sum(v.split(" ")[0] in first for v in names) / len(names) > 0.95


def _romanized_share(values: Sequence[str]) -> float:
    from faker.providers.person.ja_JP import Provider

    names = {
        n.lower()
        for n in (*Provider.first_romanized_names, *Provider.last_romanized_names)
        if len(n) >= 4
    }
    rx = re.compile("|".join(sorted(names, key=len, reverse=True)))
    return sum(1 for v in values if rx.search(v)) / len(values)


def test_japanese_usernames_and_emails_are_romanized_japanese_names() -> None:
    for gen in ("faker.username", "faker.email"):
        ja = sample(gen, "ja_JP")
        assert all(v.isascii() for v in ja), gen
        assert _romanized_share(ja) > 0.8, gen
        assert _romanized_share(sample(gen, "en_US")) < 0.3, gen


# --------------------------------------------------------------------------- unknown locales


@pytest.mark.parametrize(
    ("name", "type_name"),
    [
        ("faker.city", "text"),
        ("faker.phone", "text"),
        ("faker.postal_code", "text"),
        ("faker.full_name", "text"),
        ("core.text", "text"),
        ("core.json", "jsonb"),
        ("mimesis.dish", "text"),
    ],
)
@pytest.mark.parametrize("unknown", ["xx_XX", "C", "POSIX", "klingon"])
def test_unknown_locales_fall_back_to_english_as_documented(
    name: str, type_name: str, unknown: str
) -> None:
    assert sample(name, unknown, 300, type=type_name) == sample(name, "en_US", 300, type=type_name)


def test_docs_describe_the_fallback() -> None:
    text = (ROOT / "docs" / "locales.md").read_text()
    assert "falls back to `en_US`" in text


@pytest.mark.parametrize(
    ("given", "full"),
    [
        ("ja", "ja_JP"),
        ("fr", "fr_FR"),
        ("pt", "pt_BR"),
        ("de", "de_DE"),  # Faker has a bare "de" locale, with hardly any providers
        ("es", "es_ES"),
        ("en", "en_US"),
        ("es_PE", "es_ES"),  # a region Faker lacks: the language's own country
        ("pt_AO.utf8", "pt_BR"),
        ("DE_de", "de_DE"),  # case
        ("ja-jp", "ja_JP"),
        ("fr_CA", "fr_CA"),  # a region Faker has stays
    ],
)
def test_a_locale_faker_lacks_gets_one_of_its_language(given: str, full: str) -> None:
    for name in ("faker.city", "faker.full_name", "faker.phone", "faker.title", "core.text"):
        assert sample(name, given, 300) == sample(name, full, 300), name


def test_a_bare_language_gets_that_language_from_faker_and_mimesis() -> None:
    # ja: Japanese names next to Japanese dishes (English names before)
    for gen in ("faker.city", "faker.full_name", "mimesis.dish"):
        ALL_CJK(sample(gen, "ja", 300))
    share_at_least("[ãõçáéíóúâêô]", 0.2)(sample("faker.paragraph", "pt", 300))


def test_validate_accepts_an_unknown_locale(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps(people_schema("xx_XX.utf8", {})))
    proc = pgmock("validate", str(schema), check=False)
    assert proc.returncode == 0, proc.stderr.decode()


def test_the_database_locale_reaches_inferred_columns(tmp_path: Path) -> None:
    columns = {
        "id": PEOPLE_COLUMNS["id"],
        "city": PEOPLE_COLUMNS["city"],
        "zip": PEOPLE_COLUMNS["zip"],
    }
    cities = {}
    for locale in ("en_US.utf8", "ja_JP.utf8"):
        schema = tmp_path / f"{locale}.json"
        schema.write_text(json.dumps(people_schema(locale, columns)))
        rows = copy_rows(pgmock("generate", str(schema)).stdout.decode(), "people")
        cities[locale] = [r[1] or "" for r in rows]
        zips = [r[2] or "" for r in rows]
        all_match(r"\d{3}-\d{4}" if locale.startswith("ja") else r"\d{5}")(zips)
    assert not any(CJK.search(v) for v in cities["en_US.utf8"])
    all_match(rf"{CJK.pattern}+[市区町村]")(cities["ja_JP.utf8"])
