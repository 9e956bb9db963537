"""The `reports` command line: argument parsing and output only; the work is in the API.

Results go to stdout, warnings and progress to stderr. A user mistake ends with one line
on stderr and exit code 2 (bad request) or 1 (bad data), never a traceback (SPEC §7).
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from typing import Any, NoReturn

from ._errors import ReportsError

__all__ = ["main"]

PROG = "reports"
INPUT_FORMATS = ["canonical", "singer", "api"]  # reports._io.FORMATS


class _Parser(argparse.ArgumentParser):
    """argparse with SPEC §7 errors: one line, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _request_args(p: argparse.ArgumentParser, with_user: bool) -> None:
    p.add_argument("--data", required=True, metavar="PATH",
                   help="dataset: a directory of canonical tables (SPEC §2), a Singer dump "
                        "of tap-helpscout, or Mailbox API 2.0 JSON pages")
    _input_format(p)
    if with_user:
        p.add_argument("--user", required=True, metavar="ID", help="a user or team id")
    p.add_argument("--start", required=True, metavar="ISO", help="range start, inclusive")
    p.add_argument("--end", required=True, metavar="ISO", help="range end, inclusive")
    p.add_argument("--previous-start", metavar="ISO", help="previous range start")
    p.add_argument("--previous-end", metavar="ISO", help="previous range end")
    p.add_argument("--mailboxes", metavar="IDS", help="comma-separated mailbox ids")
    p.add_argument("--tags", metavar="IDS", help="comma-separated tag ids")
    p.add_argument("--types", metavar="TYPES", help="comma-separated: email,chat,phone")
    p.add_argument("--folders", metavar="IDS", help="comma-separated folder ids")
    p.add_argument("--office-hours", action="store_true",
                   help="response and resolution times in office hours")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Help Scout's User/Team report, offline.")
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {__import__('reports').__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    user = sub.add_parser("user", help="one user's or team's report as JSON")
    _request_args(user, with_user=True)
    user.add_argument("--compact", action="store_true", help="one-line JSON")

    users = sub.add_parser("users", help="every user and team in one table")
    _request_args(users, with_user=False)
    users.add_argument("--format", choices=["csv", "json", "parquet"], default="csv")
    users.add_argument("--out", metavar="FILE", help="write here instead of stdout")

    gen = sub.add_parser("generate", help="write a realistic synthetic dataset")
    gen.add_argument("--out", required=True, metavar="DIR")
    gen.add_argument("--conversations", type=int, default=5000, metavar="N")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    gen.add_argument("--force", action="store_true",
                     help="replace the dataset DIR already holds")
    _io_commands(sub)
    return parser


def _warn(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def _load(args: argparse.Namespace, focus: int | None = None) -> Any:
    import reports

    progress = _Progress("reading")
    try:
        ds = reports.load(args.data, args.input_format, focus=focus, progress=progress)
    finally:
        progress.close()
    for line in ds.load_report.warnings():
        _warn(line)
    return ds


def _request(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "start": args.start, "end": args.end, "previous_start": args.previous_start,
        "previous_end": args.previous_end, "mailboxes": args.mailboxes, "tags": args.tags,
        "types": args.types, "folders": args.folders, "office_hours": args.office_hours,
    }


def _cmd_user(args: argparse.Namespace) -> None:
    from ._request import parse_id, parse_request

    # Check the request before the (slower) load, so typos answer at once.
    parse_request(args.user, **_request(args))
    user = parse_id(args.user, "user")
    ds = _load(args, focus=user)
    doc = ds.user_report(user, **_request(args))
    indent = None if args.compact else 2
    print(json.dumps(doc, indent=indent, allow_nan=False))


def _cmd_users(args: argparse.Namespace) -> None:
    from ._request import parse_request

    parse_request(None, **_request(args), need_user=False)
    if args.format == "parquet" and not args.out:
        raise _usage("--out", "parquet is binary; give --out FILE.parquet")
    if args.out:
        from pathlib import Path

        folder = Path(args.out).resolve().parent
        if not folder.is_dir():
            raise _usage("--out", f"the folder {folder} does not exist; create it first")
    ds = _load(args)
    frame = ds.users_table(**_request(args))
    try:
        if args.format == "parquet":
            frame.to_parquet(args.out, index=False)
            return
        if args.format == "csv":
            text = frame.to_csv(index=False)
        else:
            # json.dumps keeps every float digit (DataFrame.to_json rounds to 10).
            records = frame.astype(object).where(frame.notna(), None).to_dict("records")
            text = json.dumps(records, indent=2, allow_nan=False) + "\n"
        if args.out:
            with open(args.out, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        else:
            sys.stdout.write(text)
    except OSError as exc:
        raise _cannot_write(args.out, exc) from None


def _cmd_generate(args: argparse.Namespace) -> None:
    from pathlib import Path

    from ._generate import generate
    from ._io._convert import canonical_files

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


def _input_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input-format", choices=INPUT_FORMATS, default=None,
                        help="override input format detection")


COMMANDS = {"user": _cmd_user, "users": _cmd_users, "generate": _cmd_generate}


# -- import / validate ------------------------------------------------------------------


def _io_commands(sub: Any) -> None:
    imp = sub.add_parser(
        "import", help="convert a Singer dump or API JSON to canonical Parquet tables",
        description="Read SRC (canonical tables, a Singer dump of tap-helpscout, or "
                    "Mailbox API 2.0 JSON pages) and write the canonical Parquet tables to "
                    "DIR, so that later runs load fast. Prints a JSON summary.")
    imp.add_argument("source", metavar="SRC", help="file or directory to read")
    imp.add_argument("--out", required=True, metavar="DIR", help="directory to write")
    _input_format(imp)
    imp.add_argument("--force", action="store_true",
                     help="replace the dataset DIR already holds")
    val = sub.add_parser(
        "validate", help="load a dataset and report what the load found",
        description="Load PATH as --data would and print rows per table, duplicates "
                    "resolved, records dropped or skipped, unknown values and threads "
                    "dated before their conversation. Exits 1 when the data is unusable.")
    val.add_argument("path", metavar="PATH", help="dataset: directory or file")
    _input_format(val)
    val.add_argument("--format", choices=["text", "json"], default="text")


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


def _cmd_import(args: argparse.Namespace) -> None:
    import time

    from ._io._convert import import_dataset

    progress = _Progress("importing")
    began = time.monotonic()
    try:
        summary = import_dataset(args.source, args.out, args.input_format, progress,
                                 overwrite=args.force)
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
    from ._io._convert import validate

    progress = _Progress("reading")
    try:
        result = validate(args.path, args.input_format, progress)
    finally:
        progress.close()
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        sys.stdout.write(_validation_text(result))
    if not result["ok"]:
        raise DataError(result["errors"][0])


def _validation_text(r: dict[str, Any]) -> str:
    out = [f"{r['path']} ({r['format'] or 'unrecognised'})"]
    for name, t in r.get("tables", {}).items():
        dup = t["duplicates_resolved"]
        extra = f"  ({dup:,} duplicate id(s) resolved, the last kept)" if dup else ""
        out.append(f"  {name:<18} {t['rows']:>12,} rows{extra}")
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
    for err in r["errors"]:
        out.append(f"  ERROR: {err}")
    out.append("usable" if r["ok"] else "NOT USABLE")
    return "\n".join(out) + "\n"


COMMANDS.update({"import": _cmd_import, "validate": _cmd_validate})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error already printed
        return stop.code if isinstance(stop.code, int) else 2
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            COMMANDS[args.command](args)
        for w in caught:
            _warn(str(w.message))
    except ReportsError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
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
    _tune_allocator()
    sys.exit(main())
