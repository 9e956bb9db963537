"""Who may ask: v1 API keys (HTTP Basic) and v2 client credentials (OAuth2 tokens).

The credentials file is JSON (docs/http.md › Authentication)::

    {"api_keys": ["a1b2c3..."],
     "clients": {"my-app-id": "my-app-secret"}}

`api_keys` are accepted on the v1 paths as the Basic user name (any password);
`clients` obtain tokens at ``POST /v2/oauth2/token`` for the v2 paths. Either may be
empty or absent, but not both. Without a credentials file every caller is accepted.

Tokens are signed, not stored: a token names its client and carries an HMAC keyed by that
client's secret, so every worker process accepts it, it survives a restart of the server,
and it stops working when the client is removed or its secret changes. The announced
``expires_in`` (two days, as Help Scout) is not enforced: python-helpscout-v2 answers a
401 by fetching a new token and retrying *without its query parameters*, so a token this
server issued is never refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._errors import RequestError

__all__ = ["TOKEN_LIFETIME", "Credentials", "basic_user", "bearer_token"]

#: Seconds a token is announced to live (`expires_in`), as Help Scout's.
TOKEN_LIFETIME = 172800
_PREFIX = "hsr1"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Credentials:
    """The API keys (v1) and client id → secret pairs (v2) the server accepts."""

    api_keys: frozenset[str] = frozenset()
    clients: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> Credentials:
        """Read a credentials file; raise `RequestError` naming `--credentials` and what
        is wrong in the file."""
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise RequestError("--credentials", f"cannot read {path}: "
                               f"{exc.strerror or exc}") from None
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RequestError("--credentials", f"{path} is not JSON (line {exc.lineno}, "
                               f"column {exc.colno}: {exc.msg}); write it like "
                               '{"api_keys": ["KEY"], "clients": {"ID": "SECRET"}}') from None
        return cls.from_json(raw, where)

    @classmethod
    def from_json(cls, raw: Any, where: str = "credentials") -> Credentials:
        """Credentials from the file's parsed content (see the module docstring)."""
        def bad(message: str) -> RequestError:
            return RequestError("--credentials", f"{where}: {message}")

        if not isinstance(raw, dict):
            raise bad('expected an object like {"api_keys": ["KEY"], '
                      '"clients": {"ID": "SECRET"}}')
        unknown = sorted(set(raw) - {"api_keys", "clients"})
        if unknown:
            raise bad(f"unknown key(s) {', '.join(map(repr, unknown))}; the keys are "
                      "'api_keys' and 'clients'")
        keys = raw.get("api_keys", [])
        if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
            raise bad("'api_keys' must be a list of non-empty strings")
        clients = raw.get("clients", {})
        if not isinstance(clients, dict) or not all(
                isinstance(k, str) and k and isinstance(v, str) and v
                for k, v in clients.items()):
            raise bad("'clients' must map each client id to its secret, both non-empty "
                      'strings: {"my-app-id": "my-app-secret"}')
        if not keys and not clients:
            raise bad("no API key and no client: give at least one, or leave out "
                      "--credentials to accept any caller on 127.0.0.1")
        return cls(frozenset(keys), dict(clients))

    # -- v1 -------------------------------------------------------------------------

    def api_key_ok(self, key: str | None) -> bool:
        """Whether `key` is one of the API keys."""
        if key is None:
            return False
        return any(hmac.compare_digest(key.encode(), k.encode()) for k in self.api_keys)

    # -- v2 -------------------------------------------------------------------------

    def client_ok(self, client_id: str | None, secret: str | None) -> bool:
        """Whether `client_id` and `secret` are a configured pair."""
        if client_id is None or secret is None or client_id not in self.clients:
            return False
        return hmac.compare_digest(secret.encode(), self.clients[client_id].encode())

    def issue(self, client_id: str) -> str:
        """A token for a client whose secret was checked."""
        issued = str(int(time.time()))
        body = f"{_b64(client_id.encode())}.{issued}"
        return f"{_PREFIX}.{body}.{self._sign(client_id, body)}"

    def token_ok(self, token: str | None) -> bool:
        """Whether `token` was issued by `issue` to a client still configured with the
        same secret."""
        if not token:
            return False
        parts = token.split(".")
        if len(parts) != 4 or parts[0] != _PREFIX:
            return False
        try:
            client_id = _unb64(parts[1]).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return False
        if client_id not in self.clients:
            return False
        return hmac.compare_digest(parts[3], self._sign(client_id, f"{parts[1]}.{parts[2]}"))

    def _sign(self, client_id: str, body: str) -> str:
        key = hashlib.sha256(b"reports-serve-token\0" + self.clients[client_id].encode()).digest()
        return _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())


def open_token() -> str:
    """A token for a server without credentials (which accepts any token)."""
    return f"{_PREFIX}.open.{secrets.token_urlsafe(24)}"


def basic_pair(header: str | None) -> tuple[str, str] | None:
    """(user, password) of an HTTP Basic header (an OAuth2 client authenticating with
    client_secret_basic), else None."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    user, _, password = decoded.partition(":")
    return user, password


def basic_user(header: str | None) -> str | None:
    """The user name of an HTTP Basic `Authorization` header (the v1 API key), else None."""
    pair = basic_pair(header)
    return pair[0] if pair else None


def bearer_token(header: str | None) -> str | None:
    """The token of a `Bearer` `Authorization` header, else None."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None
