"""The `reports` command line: argument parsing and output only; the work is in the API.

Results go to stdout, warnings and progress to stderr. A user mistake ends with one line
on stderr and exit code 2 (bad request) or 1 (bad data), never a traceback. Reports and
their options come from `_catalog`, the one definition the library, the server and the
page share. Nothing heavy is imported until data is read: `reports --help` is instant.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import import_module
from typing import Any, NoReturn

from ._catalog import CLI_OPTIONS, PARAMS, REPORTS, Report
from ._errors import ReportsError, RequestError

__all__ = ["main"]

PROG = "reports"
#: Commands of the optional parts (`reports serve`, `reports html`): each module has
#: `add_parser(subparsers)`, which sets `run=` on its parser; importing it is cheap.
EXTENSIONS = ("reports.server._command", "reports.html._command")
INPUT_FORMATS = ["canonical", "singer", "api"]  # reports._io.FORMATS
SAMPLE = "--data sample_data"

DESCRIPTION = """\
Help Scout's User/Team report and its family, recomputed offline from an export:
a tap-helpscout Singer dump, Mailbox API 2.0 JSON pages, or canonical tables.
"""
EPILOG = f"""\
examples:
  {PROG} info --data dump.jsonl                 who is in the export (user, team, tag ids)
  {PROG} user {SAMPLE} --user 1000051 --start 2025-06-01 --end 2025-06-30
  {PROG} users {SAMPLE} --start 2025-06-01 --end 2025-06-30 --format csv --out users.csv
  {PROG} import dump.jsonl --out store           prepare once; then --data store opens at once
  {PROG} serve --data store --workers 2          the Help Scout report API, and pages, on :8080

Dates: an instant (2025-06-01T00:00:00Z, or with an offset) or a date alone (its first
second as a start, its last second as an end); UTC unless an offset is given.
`{PROG} COMMAND --help` shows each command's options with their defaults.
"""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        """As argparse's, but arguments left over after a command are that command's
        error (pointing to `reports COMMAND --help`), not the top parser's."""
        found, extras = super().parse_known_args(args, namespace)
        if extras:
            command = self._command(found)
            if command is not None:
                command.error(f"unrecognized arguments: {' '.join(extras)}")
        return found, extras

    def _command(self, found: argparse.Namespace) -> argparse.ArgumentParser | None:
        """The parser of the command `found` names, if this parser has commands."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                name = getattr(found, action.dest or "", None)
                parser = action.choices.get(name) if name is not None else None
                return parser if isinstance(parser, argparse.ArgumentParser) else None
        return None


def _example(command: str, args: str, what: str = "") -> str:
    line = f"  {PROG} {command} {args}"
    return f"example{': ' + what if what else ''}:\n{line}\n"


# -- options ---------------------------------------------------------------------------


def _data_options(p: argparse.ArgumentParser, *, positional: bool = False) -> None:
    """--data and the options of reading an export."""
    help_data = ("the export: a folder of canonical tables, a tap-helpscout Singer dump "
                 "(a file or a folder of them) or Mailbox API JSON pages")
    if positional:
        p.add_argument("path", nargs="?", metavar="PATH", help=help_data + " (or --data)")
        p.add_argument("--data", metavar="PATH", help="the same as PATH")
    else:
        p.add_argument("--data", required=True, metavar="PATH", help=help_data + " (required)")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default=None,
                   help="read PATH as this format instead of recognising it; default: "
                        "recognised from the files")
    p.add_argument("--office-hours-config", metavar="FILE",
                   help="office-hours config (JSON) to use instead of the office_hours.json "
                        "beside the data; default: that file, if there is one")
    p.add_argument("--allow-partial", action="store_true",
                   help="read an export that was cut short (its last line stops mid-record) "
                        "and warn, instead of stopping; default: stop with an error")


def _param_options(p: argparse.ArgumentParser, keys: Sequence[str]) -> None:
    for key in keys:
        param = PARAMS[key]
        text = param.help + (" (required)" if param.required else "")
        if param.flag:
            p.add_argument(param.option, action="store_true", help=text)
        else:
            # enumerations are checked by the library, in any letter case
            p.add_argument(param.option, required=param.required, metavar=param.metavar,
                           help=text)


def _table_options(p: argparse.ArgumentParser, default: str = "csv", what: str = "") -> None:
    p.add_argument("--format", choices=["csv", "json", "parquet"], default=default,
                   help=f"output format{what}; default: {default} (parquet needs --out)")
    p.add_argument("--out", metavar="FILE", help="write to FILE; default: standard output")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {__import__('reports').__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands",
                                parser_class=_Parser)
    for rep in REPORTS:
        _report_command(sub, rep)

    users = sub.add_parser(
        "users", help="every user and team in one table (one row each)",
        description="Every user's and team's statistics for a range, one row each: id, "
                    "kind (user or team), name, the statistics, and with a previous range "
                    "previous.* and deltas.* columns.",
        epilog=_example("users", f"{SAMPLE} --start 2025-06-01 --end 2025-06-30 "
                                 "--format csv --out users.csv") + _example(
            "users", f"{SAMPLE} --start 2025-01-01 --end 2025-12-31 --view-by week",
            "everyone's weekly series, one row per user or team and week"))
    _data_options(users)
    _param_options(users, [n for n in REPORTS[0].params if n != "user"])
    users.add_argument("--view-by", metavar="SIZE",
                       help="instead, replies, resolved and customers per bucket for "
                            "everyone (one row per user or team and day, week or month); "
                            "default: one row of statistics each")
    _table_options(users)
    _dask_option(users, "compute the table on a Dask cluster, one task per partition of "
                 "a prepared store")

    info = sub.add_parser(
        "info", help="what an export holds: users, teams, mailboxes, folders, tags, dates",
        description="List who and what is in the data: users (thread authors missing "
                    "from the users table are marked), teams with their members, "
                    "mailboxes, folders and tags with their conversations, the span of "
                    "conversation dates, rows per table and the office-hours config.",
        epilog=_example("info", SAMPLE) + _example("info", f"{SAMPLE} --format json",
                                                   "the same as JSON"))
    _data_options(info)
    info.add_argument("--format", choices=["text", "json"], default="text",
                      help="output format; default: text")

    _io_commands(sub)
    for module in EXTENSIONS:  # optional parts register their own commands
        import_module(module).add_parser(sub)

    gen = sub.add_parser(
        "generate", help="write a realistic synthetic dataset (canonical tables)",
        description="Write a synthetic account (users, teams, conversations over "
                    "2024-2025 with threads, tags and ratings) as canonical tables.",
        epilog=_example("generate", "--out demo --conversations 10000 --seed 1"))
    gen.add_argument("--out", required=True, metavar="DIR",
                     help="folder to write the tables to (required)")
    gen.add_argument("--conversations", type=int, default=5000, metavar="N",
                     help="number of conversations; default: 5000")
    gen.add_argument("--seed", type=int, default=0,
                     help="random seed: the same seed writes the same data; default: 0")
    gen.add_argument("--format", choices=["parquet", "csv"], default="parquet",
                     help="table file format; default: parquet")
    gen.add_argument("--force", action="store_true",
                     help="replace the dataset DIR already holds; default: refuse")
    return parser


def _report_command(sub: Any, rep: Report) -> None:
    prints = ("Prints JSON, or its rows as CSV or Parquet with --format." if rep.table
              else "Prints JSON.")
    p = sub.add_parser(rep.command, aliases=list(rep.aliases), help=rep.summary,
                       description=rep.summary[0].upper() + rep.summary[1:] + ". " + prints,
                       epilog=_example(rep.command, f"{SAMPLE} {rep.example}"))
    _data_options(p)
    _param_options(p, rep.params)
    if rep.table:
        _table_options(p, "json", " (csv and parquet: the rows, one per point or result)")
    p.add_argument("--compact", action="store_true",
                   help="print the JSON on one line; default: indented")
    p.set_defaults(report=rep)


def _io_commands(sub: Any) -> None:
    imp = sub.add_parser(
        "import", help="prepare an export once as a store that every command opens at "
                       "once",
        description="Read SRC (canonical tables, a Singer dump of tap-helpscout, or "
                    "Mailbox API 2.0 JSON pages) and write a prepared store to DIR: the "
                    "canonical tables as partitioned Parquet and the engine's arrays, "
                    "memory-mapped when read, so that later commands with --data DIR "
                    "start in a fraction of a second whatever the account's size. Works "
                    "in bounded memory on exports larger than memory. Prints a JSON "
                    "summary.",
        epilog=_example("import", "dump.jsonl --out dataset") + _example(
            "import", "dump.jsonl --out dataset --office-hours-config hours.json",
            "keep an office-hours config with the store"))
    imp.add_argument("source", metavar="SRC", help="file or folder to read (required)")
    imp.add_argument("--out", required=True, metavar="DIR",
                     help="folder to write (required)")
    imp.add_argument("--input-format", choices=INPUT_FORMATS, default=None,
                     help="read SRC as this format; default: recognised from the files")
    imp.add_argument("--office-hours-config", metavar="FILE",
                     help="office-hours config (JSON) to write into DIR; default: the "
                          "office_hours.json beside SRC, if there is one")
    imp.add_argument("--allow-partial", action="store_true",
                     help="import an export that was cut short, with a warning; default: "
                          "stop with an error")
    _dask_option(imp, "build the store's partitions on a Dask cluster, one task each (the "
                      "cluster's workers must see this machine's folders)")
    imp.add_argument("--force", action="store_true",
                     help="replace the store DIR already holds (a folder holding anything "
                          "else is never replaced); default: refuse")

    val = sub.add_parser(
        "validate", help="check an export: what a load finds, repairs and sets aside",
        description="Load PATH as --data would and print rows per table, duplicates "
                    "resolved, records dropped or skipped, unknown values and threads "
                    "dated before their conversation. Exits 1 when the data is unusable "
                    "or the export was cut short (incomplete).",
        epilog=_example("validate", "dump.jsonl") + _example(
            "validate", f"{SAMPLE} --format json", "as JSON"))
    val.add_argument("path", nargs="?", metavar="PATH",
                     help="the export to check (or --data PATH)")
    val.add_argument("--data", metavar="PATH", help="the same as PATH")
    val.add_argument("--input-format", choices=INPUT_FORMATS, default=None,
                     help="read PATH as this format; default: recognised from the files")
    val.add_argument("--format", choices=["text", "json"], default="text",
                     help="output format; default: text")


# -- running ---------------------------------------------------------------------------


_WARNED: set[str] = set()


def _warn(message: str) -> None:
    """One warning line on stderr; the same message only once per command."""
    if message not in _WARNED:
        _WARNED.add(message)
        print(f"{PROG}: warning: {message}", file=sys.stderr)


_FLAGS = {p.api for p in PARAMS.values() if p.flag}
#: a parameter name, as a whole word, with its `=value` if it has one
_NAMED = re.compile(r"(?<![\w-])(" + "|".join(sorted(CLI_OPTIONS, key=len, reverse=True))
                    + r")(?:=([^\s,;:]+))?(?![\w-])")


def _cli_terms(message: str) -> str:
    """A library message that starts with a parameter (`viewBy: ...`, `officeHours=1
    ignored ...`) in the command line's terms: that parameter, any `name=value`, any
    camelCase parameter name and a bound after "before" become options (--view-by).
    Other messages, and plain words such as "start" in a sentence, are left alone.

    >>> _cli_terms("officeHours=1 ignored: no config")
    '--office-hours ignored: no config'
    >>> _cli_terms("end: 2025-01-01 is before start 2025-02-01; use viewBy=week")
    '--end: 2025-01-01 is before --start 2025-02-01; use --view-by week'
    """
    first = _NAMED.match(message)
    if first is None or message[first.end():first.end() + 1] not in (":", " "):
        return message

    def option(m: re.Match[str]) -> str:
        name, value = m[1], m[2]
        if not (m.start() == 0 or value is not None or name != name.lower()
                or message[:m.start()].endswith("before ")):
            return m[0]
        if value is None or name in _FLAGS:
            return CLI_OPTIONS[name]
        return f"{CLI_OPTIONS[name]} {value}"

    return _NAMED.sub(option, message)


def _dask_option(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--dask", metavar="WHERE",
                   help=f"{what}: a scheduler address (tcp://host:8786) or local[:N] (N "
                        "worker processes on this machine, one per core by default); needs "
                        "the dask extra; default: this process alone")


def _load(args: argparse.Namespace, focus: int | None = None, dask: Any = None) -> Any:
    import reports

    progress = _Progress("reading")
    try:
        ds = reports.load(args.data, args.input_format, focus=focus, progress=progress,
                          office_hours=args.office_hours_config,
                          allow_partial=args.allow_partial, dask=dask)
    finally:
        progress.close()
    for line in ds.load_report.warnings():
        _warn(line)
    return ds


@contextmanager
def _cluster(args: argparse.Namespace) -> Iterator[Any]:
    """The Dask client `--dask` asks for (None without it), closed at the end."""
    if not getattr(args, "dask", None):
        yield None
        return
    from .cluster import connect

    client = connect(args.dask)
    try:
        yield client
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and args.dask.startswith("local"):
            cluster.close()


def _request(args: argparse.Namespace, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(args, name) for name in names}


def _cmd_report(args: argparse.Namespace) -> None:
    from ._request import check, parse_id

    rep: Report = args.report
    params = _request(args, rep.names)
    check(params, [PARAMS[k] for k in rep.params])  # before the slower load
    user = parse_id(args.user, "user")
    tabular = rep.table and args.format != "json"
    if tabular:
        _check_out(args)
    ds = _load(args, focus=user)
    doc = getattr(ds, rep.method)(**params)
    if tabular:
        from ._frames import report_rows

        _write_table(report_rows(doc, rep.table), args)
        return
    text = json.dumps(doc, indent=None if args.compact else 2, allow_nan=False)
    if rep.table and args.out:
        _write_text(text + "\n", args.out)
    else:
        print(text)



def _check_out(args: argparse.Namespace) -> None:
    if args.format == "parquet" and not args.out:
        raise _usage("--out", "parquet is binary; give --out FILE.parquet")
    if args.out:
        from pathlib import Path

        folder = Path(args.out).resolve().parent
        if not folder.is_dir():
            raise _usage("--out", f"the folder {folder} does not exist; create it first")


def _cmd_users(args: argparse.Namespace) -> None:
    from ._request import check

    names = [n for n in REPORTS[0].params if n != "user"]
    params = _request(args, names)
    check(params)
    if args.view_by is not None:
        check({**params, "view_by": args.view_by})
        if args.previous_start or args.previous_end or args.office_hours:
            raise _usage("--view-by", "the series table has no previous range or office "
                         "hours; drop --previous-start/--previous-end/--office-hours")
        params = {k: v for k, v in params.items()
                  if k not in ("previous_start", "previous_end", "office_hours")}
        params["view_by"] = args.view_by
    _check_out(args)
    with _cluster(args) as client:
        ds = _load(args, dask=client)
        frame = ds.series_table(**params) if args.view_by else ds.users_table(**params)
    _write_table(frame, args)


def _write_table(frame: Any, args: argparse.Namespace) -> None:
    """A table to --out or stdout as CSV, JSON records or Parquet (instants as ISO text
    in CSV and JSON, timestamps in Parquet)."""
    from ._frames import table_records, table_text

    try:
        if args.format == "parquet":
            frame.to_parquet(args.out, index=False)
            return
        if args.format == "csv":
            text = table_text(frame)
        else:
            # json.dumps keeps every float digit (DataFrame.to_json rounds to 10).
            text = json.dumps(table_records(frame), indent=2, allow_nan=False) + "\n"
        if args.out:
            _write_text(text, args.out)
        else:
            sys.stdout.write(text)
    except OSError as exc:
        raise _cannot_write(args.out, exc) from None


def _write_text(text: str, out: str) -> None:
    try:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise _cannot_write(out, exc) from None


def _cmd_info(args: argparse.Namespace) -> None:
    from ._info import info_text

    info = _load(args).info()
    if args.format == "json":
        print(json.dumps(info, indent=2))
    else:
        sys.stdout.write(info_text(info, args.data))


def _cmd_generate(args: argparse.Namespace) -> None:
    from pathlib import Path

    from ._generate import generate
    from ._io._validate import canonical_files

    if args.conversations < 1:
        raise _usage("--conversations", "must be at least 1")
    if args.seed < 0:
        raise _usage("--seed", "must be 0 or more")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise _usage("--out", f"{out} is a file; give a directory")
    if out.is_dir() and canonical_files(out) and not args.force:
        raise _usage("--out", f"{out} already holds a dataset; pass --force to replace it")
    try:
        counts = generate(out, conversations=args.conversations, seed=args.seed,
                          fmt=args.format, progress=lambda msg: print(msg, file=sys.stderr))
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    print(json.dumps({"out": args.out, "rows": counts}))


def _usage(parameter: str, message: str) -> ReportsError:
    from ._errors import RequestError

    return RequestError(parameter, message)


def _cannot_write(out: object, exc: OSError) -> ReportsError:
    return _usage("--out", f"cannot write {out}: {exc.strerror or exc}")


class _Progress:
    """Progress of a long read on stderr: one line redrawn on a terminal, else a line
    every `interval` seconds (so logs of short runs stay quiet)."""

    def __init__(self, label: str, interval: float = 15.0) -> None:
        import time

        self.label = label
        self.clock = time.monotonic
        self.start = self.last = self.clock()
        self.tty = sys.stderr.isatty()
        self.interval = 0.25 if self.tty else interval
        self.drawn = False

    def __call__(self, records: int, done: int, total: int) -> None:
        now = self.clock()
        if now - self.last < self.interval:
            return
        self.last = now
        rate = records / max(now - self.start, 1e-9)
        share = f"{min(done / total, 1):4.0%} " if total else ""
        line = (f"{self.label}: {share}{records:,} records, {done / 1e6:,.0f} of "
                f"{total / 1e6:,.0f} MB, {rate:,.0f} records/s")
        if self.tty:
            sys.stderr.write("\r" + line.ljust(78))
            sys.stderr.flush()
            self.drawn = True
        else:
            print(f"{PROG}: {line}", file=sys.stderr)

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            self.drawn = False

    def note(self, message: str) -> None:
        """A step of long work, now and then (as the progress lines are)."""
        now = self.clock()
        if now - self.last >= self.interval:
            self.last = now
            self.close()
            print(f"{PROG}: {self.label}: {message} ({now - self.start:,.0f} s)",
                  file=sys.stderr)


def _cmd_import(args: argparse.Namespace) -> None:
    import time

    from .store import import_store

    progress = _Progress("importing")
    began = time.monotonic()
    try:
        with _cluster(args) as client:
            summary = import_store(args.source, args.out, args.input_format, progress,
                                   overwrite=args.force, allow_partial=args.allow_partial,
                                   office_hours=args.office_hours_config, client=client,
                                   say=lambda msg: progress.note(msg))
    except FileExistsError as exc:
        hint = "; pass --force to replace it" if "already holds" in str(exc) else ""
        raise _usage("--out", f"{exc}{hint}") from None
    except OSError as exc:
        raise _cannot_write(args.out, exc) from None
    finally:
        progress.close()
    for line in summary.pop("notices", []):
        _warn(line)
    problems = summary.pop("problems", [])
    summary["skipped"] = sum(p["count"] for p in problems if p["action"] == "skipped")
    summary["seconds"] = round(time.monotonic() - began, 3)
    print(json.dumps(summary))


def _cmd_validate(args: argparse.Namespace) -> None:
    from ._errors import DataError
    from ._io import located_error
    from ._io._validate import validate

    path = args.path or args.data
    if path is None:
        raise _usage("PATH", "give the export to check: reports validate PATH")
    if args.path and args.data and args.path != args.data:
        raise _usage("--data", "give the export once, as PATH or as --data")
    progress = _Progress("reading")
    try:
        result = validate(path, args.input_format, progress)
    finally:
        progress.close()
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        sys.stdout.write(_validation_text(result))
    if result.get("incomplete"):
        raise located_error(f"{result['incomplete'][0]}; the export is incomplete: export "
                            "it again, or pass --allow-partial to other commands to "
                            "report on what it holds")
    if not result["ok"]:
        raise DataError(result["errors"][0])


def _validation_text(r: dict[str, Any]) -> str:
    from ._io._validate import unsaid_warnings

    out = [f"{r['path']} ({r['format'] or 'unrecognised'})"]
    for name, t in r.get("tables", {}).items():
        dup = t["duplicates_resolved"]
        extra = f"  ({dup:,} duplicate id(s) resolved, the last kept)" if dup else ""
        out.append(f"  {name:<18} {t['rows']:>12,} rows{extra}")
    for where in r.get("incomplete", []):
        out.append(f"  INCOMPLETE: {where}")
    for what, n in r.get("dropped", {}).items():
        out.append(f"  dropped: {what}: {n:,}")
    for p in r.get("skipped", []):
        verb = "skipped" if p["action"] == "skipped" else "value(s) set to null"
        out.append(f"  {verb}: {p['table']}: {p['count']:,}: {p['reason']} "
                   f"(first: {'; '.join(p['examples'])})")
    for u in r.get("unknown_values", []):
        vals = ", ".join(f"{k!r} ×{v:,}" for k, v in u["values"].items())
        out.append(f"  unknown values: {u['table']}.{u['column']}: {u['count']:,} ({vals}); "
                   f"known: {'/'.join(u['allowed'])}")
    for col, n in r.get("null_values", {}).items():
        out.append(f"  every value null: {col} ({n:,} rows)")
    early = r.get("threads_before_conversation", {})
    if early.get("count"):
        ex = ", ".join(f"thread {e['thread']} of conversation {e['conversation']}"
                       for e in early["examples"])
        out.append(f"  threads dated before their conversation: {early['count']:,} (e.g. {ex})")
    for stream, n in r.get("ignored", {}).items():
        out.append(f"  ignored (not used by the report): {stream}: {n:,} record(s)")
    for line in r.get("notes", []):
        out.append(f"  note: {line}")
    for line in unsaid_warnings(r):
        out.append(f"  warning: {line}")
    for err in r["errors"]:
        out.append(f"  ERROR: {err}")
    if r.get("incomplete"):
        out.append("incomplete")
    else:
        out.append("usable" if r["ok"] else "NOT USABLE")
    return "\n".join(out) + "\n"


COMMANDS = {"users": _cmd_users, "info": _cmd_info, "generate": _cmd_generate,
            "import": _cmd_import, "validate": _cmd_validate}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        parser.print_help()
        return 0
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error already printed
        return stop.code if isinstance(stop.code, int) else 2
    if args.command is None:
        parser.print_help()
        return 0
    command = _cmd_report if getattr(args, "report", None) is not None \
        else getattr(args, "run", None) or COMMANDS[args.command]
    _WARNED.clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            command(args)
        for w in caught:
            _warn(_cli_terms(str(w.message)))
    except ReportsError as exc:
        text = _cli_terms(str(exc)) if isinstance(exc, RequestError) else str(exc)
        print(f"{PROG}: error: {text}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return 0


def _tune_allocator() -> None:
    """Tune memory for one short process working on large arrays (Linux only).

    The engine allocates and frees many arrays of tens of megabytes. By default glibc maps
    each one afresh and returns it on free, so every array pays page faults again; a
    command-line run keeps what it frees instead. And numpy asks for transparent huge
    pages on large arrays, which on a machine whose memory another process just freed
    stalls page faults in compaction. Together: a cold all-users table at a million
    conversations in about half the time, at the same peak memory. An explicit
    NUMPY_MADVISE_HUGEPAGE in the environment is left as it is.
    """
    import ctypes
    import ctypes.util
    import os

    if "NUMPY_MADVISE_HUGEPAGE" not in os.environ:
        try:
            from numpy._core.multiarray import (  # type: ignore[attr-defined]
                _set_madvise_hugepage,
            )

            _set_madvise_hugepage(False)
        except ImportError:
            pass

    name = ctypes.util.find_library("c")
    if not name or not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_top_pad, m_mmap_threshold = -1, -2, -3
    mallopt(m_mmap_threshold, 1 << 30)
    mallopt(m_trim_threshold, 1 << 36)
    mallopt(m_top_pad, 1 << 28)


def run() -> None:
    """Console-script entry point."""
    argv = sys.argv[1:]
    if argv and argv[0] not in ("-h", "--help", "--version") and "--help" not in argv:
        _tune_allocator()  # imports numpy: only when there is work to do
    sys.exit(main())
