"""``"extends": "ecommerce@1"``: a schema as a template plus the file's changes.

The deep merge (docs/templates.md): objects merge key by key, anything else (a string, a
number, a list) replaces what the template had, and ``null`` removes the key. One
exception keeps a changed column valid: a column whose ``generator`` changes does not
inherit the template's ``params``. A template may extend another; each layer's paths
stay recorded in the :class:`Provenance`, so a problem names the file (and line) that
wrote the offending part, whichever layer that was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pgmock.errors import Problem, SchemaError
from pgmock.schema.provenance import Provenance, Source, Where, join

if TYPE_CHECKING:
    from pgmock.library import Library, TemplateInfo

__all__ = ["EXTENDS", "expand", "overlay"]

EXTENDS = "extends"


def expand(
    doc: Any, source: Source, library: Library | None, chain: tuple[str, ...] = ()
) -> tuple[Any, Provenance, list[TemplateInfo]]:
    """``doc`` with what it extends merged under it; the provenance of every path and the
    templates used, outermost first."""
    provenance = Provenance(source)
    if not isinstance(doc, dict) or EXTENDS not in doc:
        return doc, provenance, []
    spec = doc[EXTENDS]
    line = source.line_of(EXTENDS)
    if not isinstance(spec, str):
        raise SchemaError(
            [Problem(source.name, EXTENDS, 'expected a template name: "ecommerce@1"', line)]
        )
    if library is None:
        raise SchemaError([Problem(source.name, EXTENDS, "no template library here", line)])
    from pgmock.library import TemplateNotFound

    try:
        base = library.find(spec)
    except TemplateNotFound as exc:
        raise SchemaError([Problem(source.name, EXTENDS, exc.message, line)]) from None
    if isinstance(base.schema, dict) and "mix" in base.schema:
        raise SchemaError(
            [
                Problem(
                    source.name,
                    EXTENDS,
                    f"template {base.label} is a mix: a mix is not extended; give its file "
                    "to pgmock generate, or name its parts in a mix of your own",
                    line,
                )
            ]
        )
    if base.label in chain:
        loop = " -> ".join((*chain, base.label))
        raise SchemaError([Problem(source.name, EXTENDS, f"templates extend in a loop: {loop}")])
    base_doc, provenance, used = expand(base.schema, base.source, library, (*chain, base.label))
    layer = {k: v for k, v in doc.items() if k != EXTENDS}
    problems: list[Problem] = []
    merged = overlay(base_doc, layer, "", source, provenance, problems)
    if problems:
        raise SchemaError(problems)
    provenance.extended = [f"{t.label} ({t.origin})" for t in (base, *used)]
    return merged, provenance, [base, *used]


def overlay(
    base: Any, layer: Any, path: str, source: Source, prov: Provenance, problems: list[Problem]
) -> Any:
    """``layer`` merged onto ``base`` at ``path`` (see the module's rules)."""
    if not (isinstance(base, dict) and isinstance(layer, dict)):
        prov.forget_below(path)
        prov.record(path, source)
        return layer
    out = dict(base)
    if _is_column(path) and "generator" in layer and layer["generator"] != base.get("generator"):
        out.pop("params", None)
    for key, value in layer.items():
        sub = join(path, key)
        if value is None:
            if key not in out:
                problems.append(
                    Problem(
                        source.name,
                        sub,
                        f'null removes "{key}", but what this extends has none here',
                        source.line_of(sub),
                    )
                )
                continue
            del out[key]
            prov.forget_below(sub)
            prov.removed[sub] = Where(source.name, sub, source.line_of(sub))
        elif key in out:
            out[key] = overlay(out[key], value, sub, source, prov, problems)
        else:
            out[key] = value
            prov.forget_below(sub)
            prov.record(sub, source)
    return out


def _is_column(path: str) -> bool:
    # tables.<table>.columns.<column>; table names may hold a dot (sales.orders)
    head, _, rest = path.partition(".")
    if head != "tables":
        return False
    before, sep, column = rest.rpartition(".columns.")
    return bool(sep and before and column and "." not in column)
