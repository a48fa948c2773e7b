"""Generator and Distribution are generic over their Params model."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest

from pgmock_sdk import Distribution, GenContext, Generator, NoParams, Params
from pgmock_sdk.testing import column_info


class EmailParams(Params):
    domain: str = "example.com"


class StrictEmailParams(EmailParams):
    tld_only: bool = False


class Email(Generator[EmailParams]):
    """E-mails."""

    name = "email"
    pg_types = frozenset({"text"})

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return [f"u{i}@{self.params.domain}" for i in range(n)]


class OldStyle(Generator):
    """Declared the way plugins written for pgmock 0.1 do."""

    name = "old"
    pg_types = frozenset({"text"})
    Params = EmailParams

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return [self.params.domain] * n


def test_the_type_argument_is_the_params_model() -> None:
    assert Email.Params is EmailParams
    gen = Email(Email.Params.model_validate({"domain": "x.org"}), column_info())
    assert gen.generate(2, np.random.default_rng(0), GenContext(gen.column, 0)) == [
        "u0@x.org",
        "u1@x.org",
    ]
    assert OldStyle.Params is EmailParams
    assert OldStyle(EmailParams(), column_info()).generate(1, np.random.default_rng(0), None) == [  # type: ignore[arg-type]
        "example.com"
    ]


def test_generic_bases_leave_the_model_to_their_subclasses() -> None:
    P = TypeVar("P", bound=EmailParams)

    class Base(Generator[P]):
        pg_types = frozenset({"text"})

    class Concrete(Base[StrictEmailParams]):
        name = "strict"

    class Inherits(Concrete):
        name = "inherits"

    assert Base.Params is NoParams
    assert Concrete.Params is StrictEmailParams and Inherits.Params is StrictEmailParams


def test_params_that_contradict_the_type_argument_are_refused() -> None:
    class Narrower(Generator[EmailParams]):
        Params = StrictEmailParams  # a subclass of the declared model: fine

    assert Narrower.Params is StrictEmailParams
    with pytest.raises(TypeError, match=r"Wrong\.Params is NoParams, but the class is declared "):

        class Wrong(Generator[EmailParams]):
            Params = NoParams


def test_distributions_are_generic_too() -> None:
    class SkewParams(Params):
        s: float = 1.0

    class Skew(Distribution[SkewParams]):
        name = "skew"

    assert Skew.Params is SkewParams
    assert Skew(SkewParams(s=2.0)).params.s == 2.0


def test_mypy_types_self_params_from_the_type_argument(tmp_path: Path) -> None:
    from mypy import api

    program = (
        "from typing import Any\n"
        "from typing_extensions import assert_type\n"
        "from pgmock_sdk import Generator, Params\n"
        "class EmailParams(Params):\n"
        "    domain: str = 'x'\n"
        "class Email(Generator[EmailParams]):\n"
        "    def generate(self, n: int, rng: Any, ctx: Any) -> Any:\n"
        "        assert_type(self.params, EmailParams)\n"
        "        return self.params.domain\n"
        "class Old(Generator):\n"
        "    Params = EmailParams\n"
        "    def generate(self, n: int, rng: Any, ctx: Any) -> Any:\n"
        "        return self.params.domain  # untyped, as before: no error\n"
        "class Typo(Generator[EmailParams]):\n"
        "    def generate(self, n: int, rng: Any, ctx: Any) -> Any:\n"
        "        return self.params.domian\n"
    )
    (tmp_path / "probe.py").write_text(program)
    (tmp_path / "mypy.ini").write_text("[mypy]\nplugins = pydantic.mypy\n")
    out, err, status = api.run(
        [
            "--config-file", str(tmp_path / "mypy.ini"),
            "--cache-dir", str(tmp_path / "cache"),
            "--no-error-summary",
            str(tmp_path / "probe.py"),
        ]
    )  # fmt: skip
    lines = out.strip().splitlines()
    assert len(lines) == 1, out + err  # Email and Old pass; only the typo is caught
    assert "probe.py:16: error: " in lines[0]
    assert '"EmailParams" has no attribute "domian"' in lines[0]
    assert status == 1
