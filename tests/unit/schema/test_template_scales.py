"""The built-in templates validate at any --scale: their lookup tables (a list of
plans, warehouses, ICD-10 codes …) are "fixed", and a scaled table keeps at least one row
so its children and copied columns have a parent. tests/restore/templates restores them."""

from __future__ import annotations

import pytest

from clihelp import pgmock

TEMPLATES = ["ecommerce", "saas", "healthcare", "finance", "shop"]


@pytest.mark.parametrize("scale", ["0.01", "1", "100"])
@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_validates_at_every_scale(name: str, scale: str) -> None:
    proc = pgmock("validate", "--template", name, "--scale", scale, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"OK" in proc.stdout


@pytest.mark.parametrize("name", ["ecommerce", "saas", "shop"])
def test_templates_validate_without_warnings(name: str) -> None:
    proc = pgmock("validate", "--template", name)
    assert proc.stderr == b"", proc.stderr.decode()


def test_a_scaled_table_keeps_one_row() -> None:
    out = pgmock("generate", "--template", "shop", "-a", "--scale", "0.0001").stdout.decode()
    users = out[out.index("COPY public.users") :]
    assert users.count("\n", 0, users.index("\\.")) == 2  # the COPY line and one row
