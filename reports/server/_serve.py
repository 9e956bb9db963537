"""`reports serve`: check the options, load and warm the dataset, then serve it with uvicorn.

Safe by default: the server binds 127.0.0.1; a host other than a loopback address needs
`--credentials` (else one line and exit 2, before anything is loaded). The listening
socket is bound before the (slow) load, so a port in use is reported at once.
"""

from __future__ import annotations

import ipaddress
import signal
import socket
import sys
import time
import warnings
from typing import Any

from .._errors import RequestError

__all__ = ["is_loopback", "run"]

PREFIX = "reports serve"


def log(line: str) -> None:
    """One line on stderr, stamped with the UTC time."""
    sys.stderr.write(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {line}\n")


def is_loopback(host: str) -> bool:
    """Whether `host` is a loopback address (127.0.0.0/8, ::1) or `localhost`.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.strip().lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    """A socket bound to host:port (not yet listening)."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise RequestError("--host", f"cannot resolve {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise RequestError("--port", f"cannot listen on {host}:{port}: "
                           f"{exc.strerror or exc}; choose another --port") from None
    sock.set_inheritable(True)
    return sock


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def run(args: Any) -> None:
    """Run `reports serve` with parsed command-line `args` until interrupted."""
    from ._auth import Credentials

    if not is_loopback(args.host) and not args.credentials:
        raise RequestError("--host", f"{args.host} is reachable from other machines; give "
                           "--credentials FILE to serve it there (or bind 127.0.0.1)")
    if not 0 <= args.port <= 65535:
        raise RequestError("--port", f"{args.port} is not a port number (0-65535)")
    if args.workers < 1:
        raise RequestError("--workers", f"must be at least 1, not {args.workers}")
    credentials = Credentials.load(args.credentials) if args.credentials else None
    sock = _bind(args.host, args.port)
    with warnings.catch_warnings():  # warnings go to the log as they come, once each
        warnings.simplefilter("default")
        warnings.showwarning = _show_warning
        _serve(args, sock, credentials)


def _show_warning(message: Any, category: Any, filename: str, lineno: int,
                  file: Any = None, line: Any = None) -> None:
    log(f"warning: {message}")


def _serve(args: Any, sock: socket.socket, credentials: Any) -> None:
    import uvicorn

    from .._cli import _load
    from ._app import Engine, create_app, worker_pool

    began = time.perf_counter()
    ds = _load(args)
    loaded = time.perf_counter()
    engine = Engine(ds, log)
    asked = engine.warm_up()
    warm = time.perf_counter()
    rows = ds.load_report.rows
    log(f"{PREFIX}: {args.data}: {rows.get('conversations', 0):,} conversations; loaded in "
        f"{loaded - began:.1f} s, warmed up in {warm - loaded:.1f} s"
        + (f" (user {asked['user']})" if asked.get("user") is not None else ""))
    # Worker processes fork from this warm process before any thread starts.
    pool = worker_pool(engine, args.workers) if args.workers > 1 else None
    # uvicorn stops on SIGTERM, then raises it again with the handler found before it
    # started: this one, so that the workers are stopped and the log says so.
    previous = signal.signal(signal.SIGTERM, _ignore)
    try:
        app = create_app(engine, credentials, threaded=args.engine == "thread", pool=pool)
        sock.listen(2048)
        auth = "credentials required" if credentials else "any caller accepted"
        workers = f"{args.workers} worker processes" if pool else "1 process"
        log(f"{PREFIX}: listening on {_url(sock)} ({auth}; {workers}); paths in "
            "/openapi.json; Ctrl-C stops")
        config = uvicorn.Config(app, log_config=None, log_level="warning", access_log=False,
                                lifespan="off", timeout_graceful_shutdown=5,
                                server_header=False, proxy_headers=False)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        sock.close()
        log(f"{PREFIX}: stopped")


def _ignore(signum: int, frame: Any) -> None:
    """A signal that uvicorn already acted upon."""
