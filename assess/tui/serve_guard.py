"""Who may reach the served workshop: the sockets it listens on, the Host and Origin it answers, its token.

The sockets are bound before anything else happens, so a busy port, a port out of range or an
address that is not on this machine ends in one line and exit code 2 (the port is then held, not
raced for). The :class:`Gate` holds the answers to "is this request for us?": the token compared in
constant time, and the ``Host`` and ``Origin`` headers compared with what was bound, which stops DNS
rebinding and cross-site websocket hijacking from any web page the facilitator has open.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import ipaddress
import secrets
import socket
from dataclasses import dataclass, field

from assess.core.problems import InputError

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 (recognised here, so the Host check knows)
TOKEN_BYTES = 24  # 192 bits, in the URL as 32 URL-safe characters


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@dataclass
class Binding:
    """Listening sockets for ``host`` (as the user gave it) on ``port`` (the one actually bound)."""

    host: str
    port: int
    sockets: list[socket.socket] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)

    @property
    def loopback(self) -> bool:
        return all(ipaddress.ip_address(address).is_loopback for address in self.addresses)

    @property
    def wildcard(self) -> bool:
        return self.host in WILDCARDS

    def url_host(self) -> str:
        """The host part of the URL to print: the name given, or this machine's name for a wildcard."""
        name = socket.gethostname() if self.wildcard else self.host
        return f"[{name}]" if ":" in name else name

    def url(self, token: str) -> str:
        """The URL to open: the page, with the token that it and its websocket require."""
        return f"http://{self.url_host()}:{self.port}/?token={token}"

    def close(self) -> None:
        for sock in self.sockets:
            sock.close()


def bind(host: str, port: int) -> Binding:
    """Listen on every address ``host`` resolves to, or raise an :class:`InputError` saying what to do."""
    if not 0 <= port <= 65535:
        raise _problem(f"--port {port}: not a port number; choose one from 1024 to 65535 (0 picks a free one)")
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise _problem(
            f"--host {host}: not an address, nor a name this machine can resolve; "
            "use 127.0.0.1 (the default) or an address of this machine"
        ) from None
    binding = Binding(host, port)
    seen: set[str] = set()
    for family, kind, proto, _, address in infos:
        if address[0] in seen:
            continue
        seen.add(str(address[0]))
        try:
            binding.sockets.append(_listen(family, kind, proto, str(address[0]), binding.port))
            binding.addresses.append(str(address[0]))
        except OSError as error:
            if binding.sockets and error.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                continue  # e.g. localhost's ::1 on a machine without IPv6: the other address serves
            binding.close()
            raise _bind_problem(host, binding.port, error) from None
        binding.port = binding.sockets[0].getsockname()[1]
    return binding


def _listen(family: int, kind: int, proto: int, address: str, port: int) -> socket.socket:
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart at once after ctrl+c
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((address, port))
        sock.listen(64)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def _bind_problem(host: str, port: int, error: OSError) -> InputError:
    where = f"{host}:{port}"
    if error.errno == errno.EADDRINUSE:
        return _problem(f"{where}: the port is already in use; stop what is listening there or choose another --port")
    if error.errno == errno.EADDRNOTAVAIL:
        return _problem(
            f"--host {host}: not an address of this machine; "
            "use 127.0.0.1 (the default) or one of this machine's own addresses"
        )
    if error.errno == errno.EACCES:
        return _problem(f"{where}: not allowed to listen on this port; choose a --port from 1024 to 65535")
    return _problem(f"{where}: cannot listen there ({error.strerror}); choose another --host or --port")


def _problem(what: str) -> InputError:
    return InputError.single("assess", what)


class Gate:
    """Decides whether a request is for this server: its token, and the Host and Origin it names."""

    def __init__(self, binding: Binding, token: str) -> None:
        self.port = binding.port
        self._token = token.encode()
        self._wildcard = binding.wildcard
        names = set() if binding.wildcard else {binding.host.strip("[]").lower()}
        if binding.wildcard:
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        if binding.wildcard or binding.loopback:
            names |= LOOPBACK_NAMES
        self._names = frozenset(names)

    def token_ok(self, given: str | None) -> bool:
        return given is not None and secrets.compare_digest(given.encode(), self._token)

    def host_ok(self, header: str | None) -> bool:
        """``Host`` must name this server: an allowed name or address, and the port actually bound."""
        name, port = _split_host(header or "")
        return bool(name) and port == str(self.port) and self._name_ok(name.lower())

    def origin_ok(self, origin: str | None) -> bool:
        """``Origin`` must be this server's own (http, an allowed host, the bound port)."""
        scheme, separator, rest = (origin or "").partition("://")
        return scheme == "http" and bool(separator) and "/" not in rest and self.host_ok(rest)

    def _name_ok(self, name: str) -> bool:
        if name in self._names:
            return True
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            return False  # a DNS name other than ours: what a rebinding attack sends
        if address.is_loopback:
            return "localhost" in self._names
        return self._wildcard and _is_local_address(str(address))


def _split_host(header: str) -> tuple[str, str]:
    """``host:port``, ``[v6]:port`` or either without a port (http's 80); ``("", "")`` if malformed."""
    if header.startswith("["):
        name, bracket, rest = header[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return "", ""
        return name, rest[1:] if rest else "80"
    name, colon, port = header.partition(":")
    if ":" in port:
        return "", ""
    return name, port if colon else "80"


@functools.lru_cache(maxsize=64)
def _is_local_address(address: str) -> bool:
    """Whether ``address`` belongs to this machine: only then can a socket be bound to it."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as probe:
        probe.bind((address, 0))
        return True
    return False
