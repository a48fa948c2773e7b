"""Built-in scenario templates: ready-made schemas to start from."""

from __future__ import annotations

import json
from importlib import resources

from pgmock_sdk import Registrar, Template, hookimpl

_TEMPLATES = {
    "shop": "An online shop: users, orders and order tags across two schemas.",
}


def load_template(name: str) -> Template:
    text = (
        resources.files("pgmock_builtins.templates_data")
        .joinpath(f"{name}.json")
        .read_text(encoding="utf-8")
    )
    return Template(name=name, description=_TEMPLATES[name], schema=json.loads(text))


@hookimpl
def pgmock_register_templates(registry: Registrar) -> None:
    for name in _TEMPLATES:
        registry.add_template(load_template(name))
