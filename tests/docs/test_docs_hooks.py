"""docs/plugins.md and docs/generator-protocol.md stay true to the code: every hook with
its exact signature and parameters, and the protocol's example session.

The tutorial package of docs/plugins.md is built and restored in
tests/restore/plugins/test_docs_tutorial.py."""

from __future__ import annotations

import inspect
import re
import subprocess
from collections.abc import Callable
from typing import Any

from pgmock.plugins import hookspecs

from clihelp import EXAMPLES, ROOT

PLUGINS_MD = ROOT / "docs" / "plugins.md"
PROTOCOL_MD = ROOT / "docs" / "generator-protocol.md"


def _annotation(value: Any) -> str:
    return value if isinstance(value, str) else inspect.formatannotation(value)


def _hookspecs() -> dict[str, Callable[..., Any]]:
    return {
        name: fn
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("pgmock_") and hasattr(fn, "pgmock_spec")
    }


def signature_text(name: str, fn: Callable[..., Any]) -> str:
    """``pgmock_register_generators(registry: Registry) -> None``, as the spec declares it."""
    sig = inspect.signature(fn)
    params = ", ".join(f"{p.name}: {_annotation(p.annotation)}" for p in sig.parameters.values())
    return f"{name}({params}) -> {_annotation(sig.return_annotation)}"


def test_every_hook_is_documented_with_its_exact_signature() -> None:
    text = PLUGINS_MD.read_text()
    documented = re.findall(r"^### `(pgmock_\w+)\((.*)\)(?: -> (.*))?`$", text, re.M)
    specs = _hookspecs()
    assert specs, "no hookspecs found"
    names = [name for name, _, _ in documented]
    assert sorted(names) == sorted(specs), "docs/plugins.md and hookspecs.py list other hooks"
    assert len(set(names)) == len(names), "a hook is documented twice"
    for name, params, ret in documented:
        assert f"{name}({params}) -> {ret}" == signature_text(name, specs[name])


def test_every_hook_parameter_is_described() -> None:
    text = PLUGINS_MD.read_text()
    for name, fn in _hookspecs().items():
        start = text.index(f"### `{name}(")
        following = re.search(r"\n#{2,3} ", text[start + 1 :])
        section = text[start : start + 1 + following.start() if following else None]
        for param in inspect.signature(fn).parameters:
            assert f"- `{param}`:" in section, f"{name}: parameter {param} is not described"
        # The spec's summary line, in Markdown's single backticks.
        summary = (fn.__doc__ or "").split("\n")[0].replace("``", "`")
        assert summary and summary in section, f"{name}: summary {summary!r} missing"


def test_the_protocol_example_session_is_what_the_program_answers() -> None:
    text = PROTOCOL_MD.read_text()
    block = text[text.index("## Trying a program by hand") :]
    lines = re.search(r"```\n(.*?)```", block, re.S)
    assert lines is not None
    shown = lines.group(1).splitlines()
    requests = re.findall(r"'(\{.*?\})'", shown[0] + shown[1])
    answers = [line for line in shown if line.startswith("{")]
    run = subprocess.run(
        [str(EXAMPLES / "generators" / "gen_codes.py")],
        input="".join(r + "\n" for r in requests).encode(),
        capture_output=True,
        check=True,
    )
    assert run.stdout.decode().splitlines() == answers
