"""pgvector (the built-in ``pgvector`` plugin): ``vector(n)`` columns restored into a
real server that has the extension (the ``pg_vector`` cluster, PostgreSQL 16 with
pgvector 0.6.2 from the pgserver wheel) and read back: the values the dump holds are the
values the server holds, they are unit vectors of n dimensions gathered around topic
centres, and an index built in the schema answers nearest-neighbour queries. A DDL file
with ``CREATE EXTENSION vector``, and a database it was applied to, import and round trip
exactly through ``pg_dump -s``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from clihelp import pgmock
from pgharness import PgCluster
from roundtrip import read_back, roundtrip

DIMS = 8
TOPICS = 4
ROWS = 600

SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "tables": {
        "doc": {
            "rowCount": ROWS,
            "columns": {
                "id": {"type": "bigserial", "primaryKey": True},
                "title": {"type": "text"},
                # inferred: embedding (pgvector.embedding, by name and type)
                "embedding": {
                    "type": f"vector({DIMS})",
                    "params": {"clusters": TOPICS, "spread": 0.3},
                },
            },
            "indexes": [
                {
                    "columns": [{"column": "embedding", "opclass": "vector_l2_ops"}],
                    "method": "hnsw",
                },
                {
                    "columns": [{"column": "embedding", "opclass": "vector_cosine_ops"}],
                    "method": "ivfflat",
                    "params": "lists=4",
                },
            ],
        }
    },
}


def _vectors(lines: list[str]) -> np.ndarray:
    """The embedding column of COPY lines (id, title, embedding) as a float matrix."""
    texts = [line.split("\t")[2] for line in lines]
    return np.array([[float(x) for x in t.strip("[]").split(",")] for t in texts])


def _kmeans_distance(x: np.ndarray, k: int, seed: int = 0) -> float:
    """Mean cosine distance of unit rows to their nearest of k centres found by k-means
    (best of a few starts): small when the rows gather in k clusters."""
    rng = np.random.default_rng(seed)
    best = np.inf
    for _ in range(5):
        centres = x[rng.choice(len(x), k, replace=False)]
        for _ in range(30):
            nearest = np.argmax(x @ centres.T, axis=1)
            for j in range(k):
                members = x[nearest == j]
                if len(members):
                    c = members.mean(axis=0)
                    centres[j] = c / np.linalg.norm(c)
        best = min(best, float(np.mean(1 - np.max(x @ centres.T, axis=1))))
    return best


def test_vectors_restore_as_unit_clusters(pg_vector: PgCluster, tmp_path: Path) -> None:
    # every format restored (plain with COPY and INSERTs, -F c/d/t); every value read
    # back equals the one written
    blocks = roundtrip(pg_vector, SCHEMA, tmp_path)
    plain = (tmp_path / "expected.sql").read_text()
    ext = plain.index("CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;")
    assert "COMMENT ON EXTENSION vector IS 'vector data type and ivfflat" in plain
    assert ext < plain.index("CREATE TABLE public.doc")  # before the tables, as pg_dump
    assert f"embedding public.vector({DIMS})" in plain
    assert "USING hnsw (embedding public.vector_l2_ops)" in plain

    db = pg_vector.create_db()
    try:
        subprocess.run(
            [str(pg_vector.tool("pg_restore")), "-e", "-d", db, str(tmp_path / "out-c")],
            check=True, capture_output=True, env=pg_vector.env(),
        )  # fmt: skip
        shape = pg_vector.query(
            "SELECT vector_dims(embedding), round(vector_norm(embedding)::numeric, 3), count(*) "
            "FROM doc GROUP BY 1, 2",
            db,
        )
        assert shape == [(str(DIMS), "1.000", str(ROWS))]

        got = _vectors(read_back(pg_vector, db, "public.doc", "id, title, embedding"))
        assert got.shape == (ROWS, DIMS)
        clustered = _kmeans_distance(got, TOPICS)
        noise = np.random.default_rng(1).standard_normal((ROWS, DIMS))
        uniform = _kmeans_distance(noise / np.linalg.norm(noise, axis=1, keepdims=True), TOPICS)
        assert clustered < 0.1 < uniform / 2, (clustered, uniform)
        # random pairs of rows are far apart: most pairs are in different topics
        pairs = np.sum(got[:300] * got[300:600], axis=1)
        assert float(np.mean(1 - pairs)) > 0.5

        # nearest neighbours through the hnsw index: row 7 finds itself first
        probe = pg_vector.scalar("SELECT embedding::text FROM doc WHERE id = 7", db)
        query = (
            f"SELECT id, embedding <-> '{probe}' FROM doc ORDER BY embedding <-> '{probe}' LIMIT 5"
        )
        plan = pg_vector.psql(
            "-qAt", "-c", "SET enable_seqscan = off", "-c", f"EXPLAIN {query}", db=db
        ).stdout.decode()
        assert "doc_embedding_idx" in plan, plan
        found = (
            pg_vector.psql("-qAt", "-F", "|", "-c", "SET enable_seqscan = off", "-c", query, db=db)
            .stdout.decode()
            .split()
        )
        assert len(found) == 5 and found[0].split("|") == ["7", "0"]
        distances = [float(row.split("|")[1]) for row in found]
        assert distances == sorted(distances)
        # the five nearest are the exact five nearest (brute force over what was written)
        exact = np.argsort(np.linalg.norm(_vectors(blocks["public.doc"][1]) - got[6], axis=1))
        ids = [int(line.split("\t")[0]) for line in blocks["public.doc"][1]]
        assert [int(row.split("|")[0]) for row in found] == [ids[i] for i in exact[:5]]
    finally:
        pg_vector.drop_db(db)


DDL = """
CREATE EXTENSION vector;
CREATE TABLE doc (id bigserial primary key, embedding vector(16));
CREATE INDEX doc_embedding_idx ON doc USING ivfflat (embedding vector_cosine_ops) WITH (lists = 10);
"""


def _schema_dump(pg: PgCluster, db: str) -> str:
    out = subprocess.run(
        [str(pg.tool("pg_dump")), "-s", db],
        check=True, capture_output=True, text=True, env=pg.env(),
    ).stdout  # fmt: skip
    return "\n".join(line for line in out.splitlines() if not line.startswith("\\"))


@pytest.mark.parametrize("source", ["ddl", "live"])
def test_import_with_extension_round_trips(
    pg_vector: PgCluster, tmp_path: Path, source: str
) -> None:
    """``pgmock import`` of the DDL file, or of a database it was applied to, then
    ``generate -Fc`` and pg_restore: the server's ``pg_dump -s`` is that of the DDL."""
    direct, restored = pg_vector.create_db(), pg_vector.create_db()
    try:
        pg_vector.restore_plain(DDL.encode(), direct)
        ddl = tmp_path / "schema.sql"
        ddl.write_text(DDL)
        url = f"postgresql:///{direct}?host={pg_vector.host}&port={pg_vector.port}&user=postgres"
        schema = tmp_path / "schema.json"
        pgmock("import", str(ddl) if source == "ddl" else url, "-o", str(schema))
        doc = json.loads(schema.read_text())
        assert doc["extensions"] == ["vector"]
        assert doc["tables"]["doc"]["columns"]["embedding"]["type"] == "vector(16)"
        archive = tmp_path / "doc.dump"
        pgmock("generate", str(schema), "-Fc", "-f", str(archive))
        subprocess.run(
            [str(pg_vector.tool("pg_restore")), "-e", "-d", restored, str(archive)],
            check=True, capture_output=True, env=pg_vector.env(),
        )  # fmt: skip
        assert _schema_dump(pg_vector, restored) == _schema_dump(pg_vector, direct)
        rows = pg_vector.query(
            "SELECT count(*), min(vector_dims(embedding)), "
            "max(abs(vector_norm(embedding) - 1)) < 1e-5 FROM doc",
            restored,
        )
        assert rows == [("1000", "16", "t")]
    finally:
        pg_vector.drop_db(direct)
        pg_vector.drop_db(restored)
