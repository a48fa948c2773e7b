"""Problems of one schema, collected so that ``pgmock validate`` reports them all at once.

Every step of the resolution reports into one :class:`Problems`: a JSON path and what was
expected; the file is the one that declared the path (several files may be merged).
pydantic's errors become problems with the user's JSON path and, for an unknown key, the
keys allowed there.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from pgmock.errors import Problem
from pgmock.schema import model
from pgmock.schema.provenance import Provenance

__all__ = ["Problems", "allowed_keys", "did_you_mean", "pydantic_problems"]


class Problems:
    """The problems and warnings of one resolution."""

    def __init__(self, file: str, origin: dict[str, str] | Provenance | None = None) -> None:
        self.file = file
        # Where each path of the (merged) document was written; the older form maps
        # table keys to files.
        self.provenance = (
            origin if isinstance(origin, Provenance) else Provenance.of_tables(file, origin or {})
        )
        self.found: list[Problem] = []
        # Accepted but worth saying (a domain CHECK pgmock cannot verify).
        self.warnings: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.found)

    def file_of(self, path: str) -> str:
        """The file that declared what ``path`` points into."""
        return self.provenance.file_of(path)

    def add(self, path: str, message: str) -> None:
        where = self.provenance.where(path)
        self.found.append(Problem(where.file, where.path, message, where.line))

    def warn(self, path: str, message: str) -> None:
        where = self.provenance.where(path)
        line = f":{where.line}" if where.line is not None else ""
        self.warnings.append(f"{where.file}{line}: {where.path}: {message}")

    def pydantic(
        self, exc: ValidationError, prefix: str, root: type[BaseModel], label: str = ""
    ) -> None:
        """A parameter model's errors under ``prefix``, each message after ``label: ``."""
        for p in pydantic_problems(self.file, exc, prefix, root):
            self.add(p.path, f"{label}: {p.message}" if label else p.message)


def did_you_mean(name: str, options: Iterable[str]) -> str:
    """`` — did you mean "x"?`` for the closest of ``options``, else nothing."""
    close = difflib.get_close_matches(name, list(options), n=1)
    return f' — did you mean "{close[0]}"?' if close else ""


def pydantic_problems(
    file: str, exc: ValidationError, prefix: str = "", root: type[BaseModel] | None = None
) -> list[Problem]:
    """Problems from a pydantic error; ``root`` is the model validated (default: the file)."""
    problems = []
    for err in exc.errors():
        # Tagged-union branch names (``__per__``) are not part of the user's JSON path.
        err["loc"] = tuple(
            p
            for p in err["loc"]
            if not (isinstance(p, str) and p.startswith("__") and p.endswith("__"))
        )
        # An empty key is shown as "" (else a top-level one would leave no path at all).
        loc = ".".join(str(p) if p != "" else '""' for p in err["loc"])
        path = ".".join(p for p in (prefix, loc) if p)
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
            parent_fields = allowed_keys(err["loc"], root or model.SchemaFile)
            if parent_fields:
                msg += did_you_mean(str(err["loc"][-1]), parent_fields)
                msg += f" (allowed: {', '.join(parent_fields)})"
        elif err["type"] == "missing":
            msg = "required key is missing"
        problems.append(Problem(file, path, msg))
    return problems


def allowed_keys(loc: tuple[Any, ...], root: type[BaseModel]) -> list[str]:
    """The keys allowed where an unknown key was found, for the error message."""
    cls: type[BaseModel] = root
    if root is not model.SchemaFile:
        return sorted(root.model_fields) if len(loc) == 1 else []
    steps = list(loc[:-1])
    i = 0
    while i < len(steps):
        step = steps[i]
        if cls is model.SchemaFile and step == "tables":
            cls, i = model.Table, i + 2
        elif cls is model.SchemaFile and step == "types":
            kinds = model.EnumTypeSpec, model.CompositeTypeSpec, model.DomainTypeSpec
            return sorted({f for k in (*kinds, model.RangeTypeSpec) for f in k.model_fields})
        elif cls is model.SchemaFile and step == "database":
            cls, i = model.Database, i + 1
        elif cls is model.Table and step == "columns":
            cls, i = model.Column, i + 2
        elif cls is model.Table and step == "foreignKeys":
            cls, i = model.ForeignKey, i + 2
        elif cls is model.Table and step == "indexes":
            cls, i = model.Index, i + 2
        elif cls is model.ForeignKey and step == "references":
            cls, i = model.FkTarget, i + 1
        elif cls is model.Column and step == "references":
            cls, i = model.ColumnRef, i + 1
        else:
            return []
    return sorted(cls.model_fields)
