"""``generate`` and ``validate``: a schema (files or a template) to a dump, or to a verdict."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pgmock.cli.app import cli, host_of, state_of
from pgmock.cli.progress import RunProgress
from pgmock.config import Config
from pgmock.errors import PluginError, Problem, SchemaError, UsageError, one_line
from pgmock.plugins.host import PluginHost
from pgmock.trust import ENV_VAR, EXEC, FILES, allowed, flag
from pgmock_sdk import Compression
from pgmock_sdk.trust import Access, Trust, granted

if TYPE_CHECKING:
    from pgmock.library import Library, TemplateInfo

F = TypeVar("F", bound=Callable[..., Any])


def _parse_rows(values: tuple[str, ...]) -> dict[str, int]:
    rows: dict[str, int] = {}
    for item in values:
        table, sep, count = item.rpartition("=")
        if not sep or not table or not count.isdigit():
            raise UsageError(f'--rows expects TABLE=N, got "{item}"')
        rows[table] = int(count)
    return rows


def schema_settings(func: F) -> F:
    """--template, --seed, --rows, --scale and --locale: which schema, and what it makes."""
    for option in reversed(
        [
            click.option(
                "--template",
                "templates",
                multiple=True,
                metavar="NAME[@VERSION]",
                help="Use a template (pgmock templates lists them); repeat it, or add schema "
                "files, to mix several into one database (docs/templates.md).",
            ),
            click.option(
                "--seed", type=click.IntRange(min=0), help="Seed (overrides the schema's)."
            ),
            click.option(
                "--rows",
                "rows",
                multiple=True,
                metavar="TABLE=N",
                help="Row count for one table (repeatable).",
            ),
            click.option(
                "--scale",
                type=click.FloatRange(min=0),
                help='Multiply every row count, except of tables marked "fixed": true '
                "(lookup tables; --rows still sets those). Children per parent follow "
                "their parents.",
            ),
            click.option(
                "--locale",
                metavar="LOCALE",
                help="Locale of the values (overrides the schema's database.locale).",
            ),
            click.option(
                "--allow-exec",
                is_flag=True,
                help="Let the schema run the programs it names (the process generator); "
                f"also {ENV_VAR}=exec. See docs/security.md.",
            ),
            click.option(
                "--allow-files",
                is_flag=True,
                help="Let the schema read files outside its own folder (a JavaScript file); "
                f"also {ENV_VAR}=files.",
            ),
        ]
    ):
        func = option(func)
    return func


def run_config(ctx: click.Context, **flags: Any) -> Config:
    """The configuration of this run: the files and variables, then the given flags."""
    if isinstance(flags.get("rows"), tuple):
        flags["rows"] = _parse_rows(flags["rows"])
    return state_of(ctx).config.with_values("flag", flags)


def table_selection(func: F) -> F:
    """-t/--table and -T/--exclude-table, pg_dump's table patterns."""
    include = click.option(
        "-t",
        "--table",
        "tables",
        multiple=True,
        metavar="PATTERN",
        help="Only tables matching PATTERN (repeatable; FK parents must be included).",
    )
    exclude = click.option(
        "-T",
        "--exclude-table",
        "exclude",
        multiple=True,
        metavar="PATTERN",
        help="Leave out tables matching PATTERN (repeatable).",
    )
    return include(exclude(func))


def _schema_options(func: F) -> F:
    argument = click.argument(
        "schema_files", nargs=-1, type=click.Path(dir_okay=False), metavar="SCHEMA..."
    )
    return argument(schema_settings(func))


def load_schema(
    ctx: click.Context,
    host: PluginHost,
    files: tuple[str, ...],
    templates: tuple[str, ...],
    config: Config,
    allow: tuple[bool, bool],
) -> tuple[Any, Trust]:
    """The schema of the files and templates (several are mixed into one), resolved with
    the run's settings, and the trust it runs with (``allow``: --allow-exec,
    --allow-files), in force until the command ends."""
    from pgmock.schema import Defaults, load_raw, resolve_schema

    if not templates and not files:
        raise UsageError("no schema given: pgmock generate SCHEMA.json (or --template NAME)")
    library = template_library(host, config)
    # An unknown template is a usage error, told before any file is read.
    paths = [*files, *(find_template(library, t).source.name for t in templates)]
    read_outside = trust_for(*allow, config, files).allowed.files
    raw, origin = load_raw(files, host.registry, library, templates, read_outside)
    trust = ctx.with_resource(granted(trust_for(*allow, config, origin.sources())))
    ctx.meta["pgmock.sources"] = list(origin.sources())  # what --watch watches
    # validate says which template versions the schema resolved to (a pin may match several)
    ctx.meta["pgmock.extended"] = origin.extended
    ctx.meta["pgmock.mixed"] = origin.mixed
    wanted = raw.get("plugins") if isinstance(raw, dict) else None
    if isinstance(wanted, list) and all(isinstance(p, str) for p in wanted):
        _load_schema_plugins(host, wanted, paths)
    # The schema's own seed and locale sit between the config files and the variables.
    files_layer, over_layer = config.below("schema"), config.above("schema")
    defaults = Defaults(
        locale=over_layer.get("locale"),
        locale_default=files_layer.get("locale"),
        seed_default=files_layer.get("seed"),
    )
    schema = resolve_schema(
        raw,
        origin,
        paths,
        host.registry,
        over_layer.get("seed"),
        config.get("rows"),
        config.get("scale"),
        defaults,
    )
    return schema, trust


def template_library(host: PluginHost, config: Config) -> Library:
    """The templates of the search path's folders and of the loaded plugins."""
    from pgmock.library import Library

    return Library.collect(host.registry, [Path(p) for p in config.get("templates")])


def find_template(library: Library, spec: str) -> TemplateInfo:
    from pgmock.library import TemplateNotFound

    try:
        return library.find(spec)
    except TemplateNotFound as exc:
        raise UsageError(exc.message) from None


def _load_schema_plugins(host: PluginHost, wanted: list[str], paths: list[str]) -> None:
    """The schema's ``plugins`` list: installed plugins only. A schema naming a module or
    a .py file would run code of its choosing; those come from the user (--plugin)."""
    where = paths[0] if len(paths) == 1 else ", ".join(paths)
    problems = []
    for i, name in enumerate(wanted):
        if name.startswith("no:"):
            continue
        try:
            host.resolve(name, installed_only=True)
        except PluginError as exc:
            problems.append(Problem(where, f"plugins[{i}]", str(exc).removeprefix("pgmock: ")))
    if problems:
        raise SchemaError(problems)
    host.load_named(wanted, source="the schema's plugins list", installed_only=True)
    host.register()


def trust_for(
    allow_exec: bool, allow_files: bool, config: Config | None = None, sources: Sequence[str] = ()
) -> Trust:
    """The run's trust: what the flags, PGMOCK_ALLOW and the config files allow.

    The user's config file speaks for the user. A project's ``.pgmock.yaml`` speaks only
    for that project's own schemas: its ``allow`` counts when every file of the schema
    (with what it extends) lies in the project's folder; a template from a library or
    a package is someone else's and gets nothing from it (docs/config.md).
    """
    flags = [p for p, on in ((EXEC, allow_exec), (FILES, allow_files)) if on]
    if config is not None:
        root = config.project_root
        own = root is not None and bool(sources) and all(_inside(Path(s), root) for s in sources)
        for entry in config.items("allow"):
            if entry.origin.layer != "project" or own:
                flags.append(entry.value)
    return Trust(allowed(flags, os.environ))


def _inside(path: Path, root: Path) -> bool:
    if path.name.startswith("template:"):  # a package's template: not a file of ours
        return False
    real = path.resolve()
    return real.is_relative_to(root.resolve())


DEFAULT_SAMPLE = 2000
DEFAULT_MAX_SHARE = 10.0


def plan_options(func: F) -> F:
    """--json, --sample and --max-share: how ``plan`` (``generate --dry-run``) reports."""
    for option in reversed(
        [
            click.option(
                "--json", "as_json", is_flag=True, help="The plan as JSON (with --dry-run)."
            ),
            click.option(
                "--sample",
                type=click.IntRange(min=4),
                default=DEFAULT_SAMPLE,
                show_default=True,
                metavar="ROWS",
                help="Rows per table made and written to estimate size and time (--dry-run).",
            ),
            click.option(
                "--max-share",
                type=click.FloatRange(0, 100),
                default=DEFAULT_MAX_SHARE,
                show_default=True,
                metavar="PCT",
                help="Warn when one parent row takes more than PCT percent of a table's rows "
                "(--dry-run).",
            ),
        ]
    ):
        func = option(func)
    return func


@cli.command()
@_schema_options
@click.option(
    "-F",
    "--format",
    "fmt",
    show_default="p",
    metavar="FORMAT",
    help="Output format: p (plain SQL), c (custom), d (directory), t (tar); plugins add more.",
)
@click.option(
    "-f", "--file", "output", type=click.Path(), help="Output file (default, or -: stdout)."
)
@click.option("-s", "--schema-only", is_flag=True, help="Only the object definitions, no data.")
@click.option("-a", "--data-only", is_flag=True, help="Only the data, no definitions.")
@table_selection
@click.option("--inserts", is_flag=True, help="Write INSERT statements instead of COPY.")
@click.option("--column-inserts", is_flag=True, help="INSERT statements with column names.")
@click.option(
    "--rows-per-insert",
    type=click.IntRange(min=1),
    metavar="N",
    help="Rows per INSERT statement (implies --inserts).",
)
@click.option("-O", "--no-owner", is_flag=True, help="No ALTER … OWNER TO statements.")
@click.option(
    "-Z",
    "--compress",
    metavar="METHOD[:LEVEL]",
    help="Archive compression as pg_dump spells it: 0..9, gzip[:1..9], lz4[:1..12], "
    "zstd[:1..22] or none (default: gzip for -F c and -F d; lz4/zstd need --target-version 16+).",
)
@click.option(
    "--target-version",
    type=click.IntRange(14, 18),
    metavar="N",
    help="Oldest PostgreSQL major whose pg_restore must read the archive (14..18). "
    "Default: archive version 1.14, which pg_restore 12..18 read.",
)
@click.option("--no-indexes", is_flag=True, help="Leave out CREATE INDEX statements.")
@click.option(
    "--load-via-partition-root",
    is_flag=True,
    help="Load each partition's rows through its partitioned table, as pg_dump's flag.",
)
@click.option("-x", "--no-privileges", is_flag=True, help="No GRANT/REVOKE (ACL) entries.")
@click.option(
    "--no-constraints", is_flag=True, help="Leave out key, unique, check and FK constraints."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    show_default="1",
    help="Worker processes for generation (with --engine dask: LocalCluster workers); "
    "output is identical for any N.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where chunks are made: this machine's processes, or a Dask cluster "
    "(pip install 'pgmockdb[dask]'; docs/dask.md).",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="The Dask scheduler to use (implies --engine dask; default: a LocalCluster).",
)
@click.option(
    "--shared-output",
    is_flag=True,
    help="With --engine dask and -F d: the output directory is on a file system every "
    "worker mounts at the same path, so workers write the table data there themselves.",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="One line per table written (rows, bytes, seconds)."
)
@click.option(
    "-q", "--quiet", is_flag=True, help="No progress display (shown on a terminal otherwise)."
)
@click.option(
    "--explain",
    "explain",
    is_flag=True,
    help="First print on stderr where each column's values come from and why (pgmock explain).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Write nothing: print the plan (TOC, row counts, estimated size and time, warnings).",
)
@plan_options
@click.option(
    "--profile",
    is_flag=True,
    help="At the end, the time per table and column: generate, render, format+compress, "
    "write (runs in one process).",
)
@click.option(
    "--profile-out",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write a cProfile dump of the run to FILE (python -m pstats FILE; implies --profile).",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Generate again whenever the schema files, templates or local plugin files change "
    "(pip install 'pgmockdb[watch]'); Ctrl-C stops.",
)
@click.pass_context
def generate(
    ctx: click.Context,
    schema_files: tuple[str, ...],
    templates: tuple[str, ...],
    seed: int | None,
    rows: tuple[str, ...],
    scale: float | None,
    locale: str | None,
    allow_exec: bool,
    allow_files: bool,
    fmt: str | None,
    output: str | None,
    schema_only: bool,
    data_only: bool,
    tables: tuple[str, ...],
    exclude: tuple[str, ...],
    inserts: bool,
    column_inserts: bool,
    rows_per_insert: int | None,
    no_owner: bool,
    compress: str | None,
    target_version: int | None,
    no_indexes: bool,
    load_via_partition_root: bool,
    no_privileges: bool,
    no_constraints: bool,
    jobs: int | None,
    engine: str,
    scheduler: str | None,
    shared_output: bool,
    verbose: bool,
    quiet: bool,
    explain: bool,
    dry_run: bool,
    as_json: bool,
    sample: int,
    max_share: float,
    profile: bool,
    profile_out: str | None,
    watch: bool,
) -> None:
    """Generate a dump from SCHEMA files (JSON), like pg_dump would write it.

    \b
    Examples:
      pgmock generate --template shop -f shop.sql               # plain SQL with COPY
      pgmock generate --template ecommerce -F c -f shop.dump -j 2   # pg_restore's format
      pgmock templates show shop > shop.json                    # a schema to edit
      pgmock generate shop.json --inserts --seed 7 -f inserts.sql
      pgmock generate shop.json -t users --rows users=10000 -f users.sql
      pgmock generate --template shop --scale 100 --dry-run     # what it would write
    """
    if (as_json or sample != DEFAULT_SAMPLE or max_share != DEFAULT_MAX_SHARE) and not dry_run:
        raise UsageError("--json, --sample and --max-share go with --dry-run (or pgmock plan)")
    if dry_run and (watch or profile or profile_out):
        raise UsageError("--dry-run writes nothing: not with --watch or --profile")
    profile = profile or profile_out is not None
    if schema_only and data_only:
        raise UsageError("options -s/--schema-only and -a/--data-only cannot be used together")
    if verbose and quiet:
        raise UsageError("options -v/--verbose and -q/--quiet cannot be used together")
    distributed = engine == "dask" or scheduler is not None
    if distributed:
        from pgmock.generate.cluster import require_dask

        require_dask()  # before anything slow: one line saying what to install
    jobs_flag = jobs  # --engine dask: -j sizes the LocalCluster only when given
    config = run_config(
        ctx,
        seed=seed,
        rows=rows,
        scale=scale,
        locale=locale,
        format=fmt,
        output=output,
        compress=compress,
        target_version=target_version,
        jobs=jobs,
    )
    fmt, output, compress = config.get("format"), config.get("output"), config.get("compress")
    target_version, jobs = config.get("target_version"), config.get("jobs")
    if profile and jobs > 1:
        click.echo("pgmock: --profile measures in one process: running with -j 1", err=True)
        jobs = 1
    try:
        compression = Compression.parse(compress) if compress is not None else None
    except ValueError as exc:
        raise UsageError(f"-Z/--compress: {exc}") from None
    run = GenerateRun(
        config=config,
        schema_files=schema_files,
        templates=templates,
        allow=(allow_exec, allow_files),
        fmt=fmt,
        output=output,
        explain=explain,
        verbose=verbose,
        quiet=quiet,
        dry_run=dry_run,
        report=(as_json, sample, max_share),
        profile=profile,
        profile_out=profile_out,
        dask=(scheduler, jobs_flag) if distributed else None,
        options=dict(
            schema_only=schema_only,
            data_only=data_only,
            include=list(tables),
            exclude=list(exclude),
            inserts=inserts or column_inserts or rows_per_insert is not None,
            column_inserts=column_inserts,
            rows_per_insert=rows_per_insert or 1,
            no_owner=no_owner,
            no_indexes=no_indexes,
            no_constraints=no_constraints,
            load_via_partition_root=load_via_partition_root,
            no_privileges=no_privileges,
            jobs=jobs,
            compress=compression,
            target_version=target_version,
            shared_output=shared_output,
        ),
    )
    if watch:
        from pgmock.cli.watching import watch_runs

        state = state_of(ctx)

        def again() -> list[str]:
            # Each run a new plugin host: local plugin files are imported anew.
            state.reset_host()
            return _generate_once(ctx, run)

        watch_runs(again, state, config, schema_files)
        return
    _generate_once(ctx, run)


@dataclass(frozen=True)
class GenerateRun:
    """A ``generate`` command line, parsed and checked: what each run does (one run, or
    one per change with --watch)."""

    config: Config
    schema_files: tuple[str, ...]
    templates: tuple[str, ...]
    allow: tuple[bool, bool]  # --allow-exec, --allow-files
    fmt: str
    output: str | None
    explain: bool
    verbose: bool
    quiet: bool
    dry_run: bool
    report: tuple[bool, int, float]  # --dry-run's --json, --sample, --max-share
    profile: bool
    profile_out: str | None
    dask: tuple[str | None, int | None] | None  # --scheduler and -j as given, or no Dask
    options: dict[str, Any]  # pipeline.Options but those each run makes anew


def _generate_once(ctx: click.Context, run: GenerateRun) -> list[str]:
    """One run of ``generate``; the files it read (what --watch watches)."""
    from pgmock.dump.output import atomic_output, output_errors
    from pgmock.dump.pipeline import Options, build_dump

    config, fmt, output = run.config, run.fmt, run.output
    started = time.perf_counter()
    host = host_of(ctx)
    try:
        writer_entry = host.registry.writer(fmt)
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from None
    if run.options["shared_output"] and not (run.dask and writer_entry.obj.writes_directory):
        raise UsageError(
            "--shared-output is for a directory format (-F d) made with --engine dask "
            "or --scheduler; other runs write their output from this process anyway"
        )
    schema, _ = load_schema(ctx, host, run.schema_files, run.templates, config, run.allow)
    if run.explain:
        from pgmock.explain import explain_schema, render_text, selected_tables

        chosen = selected_tables(schema, run.options["include"], run.options["exclude"])
        click.echo(render_text(explain_schema(schema, 3, chosen)), nl=False, err=True)
    backend = None
    if run.dask is not None:
        from pgmock.generate.cluster import DaskBackend

        # After load_schema: the schema's own plugins list is loaded by then.
        backend = DaskBackend(*run.dask, host.loaded.values())
    profile = None
    if run.profile:
        from pgmock.profiling import RunProfile

        profile = RunProfile()
    options = Options(**run.options, backend=backend, profile=profile)
    progress = RunProgress(
        live=not run.quiet and not run.dry_run and sys.stderr.isatty(),
        per_table=run.verbose,
        jobs=options.jobs,
        err=sys.stderr,
    )
    writer = writer_entry.obj()
    with (
        build_dump(schema, options, progress if progress.active else None) as (
            dump,
            write_options,
            warnings,
        ),
        _stopping(progress),
        _profiling(run.profile_out),
    ):
        try:
            writer.check_options(write_options)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if run.dry_run:
            _print_plan(schema, dump, writer, write_options, warnings, options, run)
            return schema_sources(ctx, run)
        for warning in warnings:
            click.echo(
                warning if warning.startswith("pgmock:") else f"pgmock: warning: {warning}",
                err=True,
            )
        progress.start(sum(e.data.row_count for e in dump.entries if e.data is not None))
        if output == "-" and not writer.writes_directory:
            output = None  # "-f -" is stdout, as for pg_restore
        if output is None:
            if writer.writes_directory:
                raise UsageError(f"format {fmt} writes a directory: give -f DIRECTORY")
            with output_errors("standard output"):
                writer.write(dump, sys.stdout.buffer, write_options)
                sys.stdout.buffer.flush()
        else:
            with (
                output_errors(output),
                atomic_output(Path(output), directory=writer.writes_directory) as target,
            ):
                writer.write(dump, target, write_options)
    if run.verbose and output:
        click.echo(f"pgmock: wrote {output}", err=True)
    if profile is not None:
        for line in profile.report(time.perf_counter() - started):
            click.echo(line, err=True)
        if run.profile_out:
            click.echo(f"pgmock: wrote the cProfile dump {run.profile_out}", err=True)
    return schema_sources(ctx, run)


def schema_sources(ctx: click.Context, run: GenerateRun) -> list[str]:
    """The files a run read: the schema's (and what it extends)."""
    return list(ctx.meta.get("pgmock.sources", run.schema_files))


def _print_plan(
    schema: Any,
    dump: Any,
    writer: Any,
    write_options: Any,
    warnings: list[str],
    options: Any,
    run: GenerateRun,
) -> None:
    from pgmock.cli.plan import dry_run, echo_plan, plan_warnings
    from pgmock.generate.plan import make_plan, select_tables

    as_json, sample, max_share = run.report
    config = run.config
    selected = select_tables(schema, options.include, options.exclude)
    plan = make_plan(schema, selected)
    scale = config.get("scale")
    order = [k for k in plan.order if k in selected]
    cycles = not options.data_only  # -a warns of them already, as pg_dump does
    warnings = [*warnings, *plan_warnings(schema, order, cycles, scale, max_share)]
    report = dry_run(
        schema,
        dump,
        writer,
        write_options,
        warnings,
        fmt=run.fmt,
        rows=config.get("rows"),
        scale=scale,
        jobs=options.jobs,
        sample=sample,
    )
    echo_plan(report, dump, as_json)


@contextmanager
def _profiling(out: str | None) -> Iterator[None]:
    """A cProfile of the run, written to ``out`` (only when the run succeeds)."""
    if out is None:
        yield
        return
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
    from pgmock.dump.output import output_errors

    with output_errors(out):
        profiler.dump_stats(out)


_NOT_FOR_PLAN = ("dry_run", "verbose", "quiet", "explain", "profile", "profile_out", "watch")


@click.pass_context
def _plan(ctx: click.Context, **flags: Any) -> None:
    off = dict.fromkeys(("verbose", "quiet", "explain", "profile", "watch"), False)
    ctx.invoke(generate, dry_run=True, profile_out=None, **off, **flags)


cli.add_command(
    click.Command(
        "plan",
        params=[p for p in generate.params if p.name not in _NOT_FOR_PLAN],
        callback=_plan,
        help="""What generate would write, without writing it: the table of contents as
        pg_restore -l lists it, each table's row count and how it was produced, the
        estimated size and time (from a sample made and written as the run would), and
        warnings that save a failed run. Takes generate's flags; --json for tools.

        \b
        Examples:
          pgmock plan --template shop --scale 100
          pgmock plan --template saas -F c --json
        """,
        short_help="What generate would write: TOC, row counts, estimates, warnings.",
    )
)


@contextmanager
def _stopping(progress: RunProgress) -> Iterator[None]:
    # The live display ends before an error message or the "wrote" line is printed.
    try:
        yield
    finally:
        progress.stop()


@cli.command()
@_schema_options
@click.pass_context
def validate(
    ctx: click.Context,
    schema_files: tuple[str, ...],
    templates: tuple[str, ...],
    seed: int | None,
    rows: tuple[str, ...],
    scale: float | None,
    locale: str | None,
    allow_exec: bool,
    allow_files: bool,
) -> None:
    """Check SCHEMA files and report every problem at once (exit 2 if any).

    Nothing the schema names is run or read (JavaScript is parsed, not run); the programs
    it would run and the files it would read are listed.
    """
    from pgmock.collector import collection_paused

    # The schema modules, plugins, the schema and the plan: objects that stay, little garbage.
    with collection_paused():
        from pgmock.generate.plan import make_plan

        config = run_config(ctx, seed=seed, rows=rows, scale=scale, locale=locale)
        schema, trust = load_schema(
            ctx, host_of(ctx), schema_files, templates, config, (allow_exec, allow_files)
        )
        plan = make_plan(schema)
    for warning in plan.warnings:
        click.echo(f"pgmock: warning: {warning}", err=True)
    total = sum(t.row_count for t in schema.tables.values())
    named = ", ".join((*schema_files, *templates))
    click.echo(f"{named}: OK — {len(schema.tables)} tables, {total:,} rows")
    for part in ctx.meta.get("pgmock.mixed", []):
        click.echo(f"part {part}")
    for label in ctx.meta.get("pgmock.extended", []):
        click.echo(f"extends {label}")
    for line in access_report(trust.accesses):
        click.echo(line)


def access_report(accesses: list[Access]) -> list[str]:
    """What a schema runs and reads, for ``validate``: one heading per kind, a line each."""
    lines: list[str] = []
    for kind, heading in (("runs", "this schema runs"), ("reads", "this schema reads")):
        items = [a for a in accesses if a.kind == kind]
        if not items:
            continue
        needs = sorted({a.needs for a in items if a.needs})
        allowed_by = f" (allowed by {', '.join(map(flag, needs))})" if needs else ""
        lines.append(f"{heading}{allowed_by}:")
        lines += [f"  {one_line(a.column)}: {one_line(a.target)}" for a in items]
    return lines
