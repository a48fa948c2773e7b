"""The user's opt-ins: may this run execute programs, read files outside the schema's folder?

One function decides, from the command line's ``--allow-exec``/``--allow-files`` and the
``PGMOCK_ALLOW`` variable (and, through ``pgmock.cli.run.trust_for``, the config files).
Schemas cannot grant themselves anything: they are data. See docs/security.md and
:mod:`pgmock_sdk.trust`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pgmock.errors import UsageError
from pgmock_sdk.trust import EXEC, FILES, Allowed

ENV_VAR = "PGMOCK_ALLOW"
PERMISSIONS = {
    EXEC: "run the programs a schema names (the process generator)",
    FILES: "read files a schema names outside the schema's own folder",
}


def flag(permission: str) -> str:
    return f"--allow-{permission}"


def allowed(granted_flags: Iterable[str], env: Mapping[str, str]) -> Allowed:
    """What the user allowed: permissions named by ``--allow-*`` flags (``granted_flags``:
    ``"exec"``, ``"files"``) and by ``PGMOCK_ALLOW=exec,files``."""
    wanted = set(granted_flags)
    for name in (n.strip() for n in env.get(ENV_VAR, "").split(",")):
        if not name:
            continue
        if name not in PERMISSIONS:
            raise UsageError(
                f"{ENV_VAR}: unknown permission {name!r} (known: {', '.join(PERMISSIONS)})"
            )
        wanted.add(name)
    how = {p: f"{flag(p)} or {ENV_VAR}={p}" for p in PERMISSIONS}
    return Allowed(exec=EXEC in wanted, files=FILES in wanted, how=how)
