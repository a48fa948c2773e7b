"""Built-in scenario templates: ready-made schemas to start from."""

from __future__ import annotations

import json

from pgmock_builtins._data import read_text
from pgmock_sdk import Registrar, Template, hookimpl

# name -> (version, description). Raise the major version whenever the data a pinned run
# makes would change ("extends": "shop@1" must keep giving the same dump).
_TEMPLATES = {
    "shop": ("1.0.0", "An online shop: users, orders and order tags across two schemas."),
    "saas": (
        "1.0.0",
        "B2B SaaS: organisations, users and roles, plans, subscriptions, invoices and "
        "payments, metered usage as a time series, feature flags, API keys, audit log.",
    ),
    "ecommerce": (
        "1.0.0",
        "Online retail: customers and addresses, a category tree, products and variants, "
        "stock per warehouse, carts, orders and lines, payments, shipments, returns, reviews.",
    ),
    "healthcare": (
        "1.0.0",
        "A care network: patients, practitioners, facilities, encounters, ICD-10 diagnoses, "
        "CPT procedures, prescriptions, LOINC lab results with ranges, allergies, claims.",
    ),
    "finance": (
        "1.0.0",
        "Retail banking: customers, KYC, accounts, cards, merchants with MCC codes, card "
        "transactions as a seasonal time series, balanced double-entry ledger, transfers, "
        "amortising loans, FX rates.",
    ),
}


def load_template(name: str) -> Template:
    text = read_text("templates_data", f"{name}.json")
    version, description = _TEMPLATES[name]
    return Template(name=name, description=description, schema=json.loads(text), version=version)


@hookimpl
def pgmock_register_templates(registry: Registrar) -> None:
    for name in _TEMPLATES:
        registry.add_template(load_template(name))
