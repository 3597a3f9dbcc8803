"""`assess workshop --serve`: the token, Host and Origin checks, one tab per answers file, the cap, and bad addresses.

The server runs in the test's event loop on a free loopback port and starts real app processes
(`python -m assess.tui`); an aiohttp client plays the browser, setting the headers a browser would.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.tui.launch import serve_command
from assess.tui.serve import ServeConfig, WorkshopServer
from assess.tui.serve_guard import Gate, bind, is_loopback
from assess.workshop.locking import lock_path
from tests.functional.workshop.conftest import answers_on_disk
from tests.workshop_support import ODD_PATH, odd, write_answers

ODD = str(ODD_PATH)
FIRST_QUESTION = b"Level one?"


class Logged(list[str]):
    """What the server said, as the facilitator's terminal would show it."""

    def said(self, part: str) -> bool:
        return any(part in line for line in self)


@contextlib.asynccontextmanager
async def served(answers: Path | None, max_tabs: int = 4) -> AsyncIterator[tuple[WorkshopServer, Logged]]:
    binding = bind("127.0.0.1", 0)
    said = Logged()
    config = ServeConfig(serve_command(answers, ODD), one_tab=answers is not None, max_tabs=max_tabs)
    server = WorkshopServer(config, binding, say=said.append)
    await server.start()
    try:
        yield server, said
    finally:
        await server.stop()
        binding.close()
        assert not said.said(server.token), "the token was logged"


def origin(server: WorkshopServer) -> str:
    return f"http://127.0.0.1:{server.binding.port}"


def ws_url(server: WorkshopServer, token: str | None = None) -> str:
    return f"ws://127.0.0.1:{server.binding.port}/ws/{token or server.token}"


async def read_until(ws: aiohttp.ClientWebSocketResponse, wanted: bytes, timeout: float = 20.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
        assert message.type == aiohttp.WSMsgType.BINARY, f"{wanted!r} never came; got {message.type}: {seen[-300:]!r}"
        seen += message.data
    return seen


async def wait_for(condition: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the condition never held"
        await asyncio.sleep(0.05)


def lock_pid(path: Path) -> int | None:
    try:
        return int(json.loads(lock_path(path).read_text(encoding="utf-8"))["pid"])
    except (FileNotFoundError, ValueError, KeyError):
        return None


async def wait_closed(ws: aiohttp.ClientWebSocketResponse, timeout: float = 15.0) -> None:
    """Read what is left (the app's last frames) until the server closes the websocket."""
    deadline = time.monotonic() + timeout
    while (await ws.receive(timeout=max(0.1, deadline - time.monotonic()))).type == aiohttp.WSMsgType.BINARY:
        pass
    assert ws.closed


async def refused_handshake(client: aiohttp.ClientSession, url: str, **headers: str) -> int:
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        await client.ws_connect(url, headers=headers)
    return caught.value.status


async def test_nothing_is_served_without_the_token_the_right_host_and_the_right_origin(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    async with served(path) as (server, said), aiohttp.ClientSession() as client:
        base, port, good = f"http://127.0.0.1:{server.binding.port}", server.binding.port, origin(server)
        wrong = server.token[:-1] + ("B" if server.token.endswith("A") else "A")
        for url in (f"{base}/", f"{base}/?token=", f"{base}/?token={wrong}", f"{base}/?Token={server.token}"):
            async with client.get(url) as response:
                assert response.status == 403
                assert (await response.text()).startswith("assess: this page needs the token")
        async with client.get(f"{base}/?token={server.token}", headers={"Host": f"evil.example:{port}"}) as response:
            assert response.status == 403  # DNS rebinding: a name of the attacker's pointing at 127.0.0.1
            assert "answers only to the address it was started on" in await response.text()
        async with client.get(f"{base}/?token={server.token}", headers={"Host": "127.0.0.1:1"}) as response:
            assert response.status == 403
        async with client.get(f"{base}/?token={server.token}", headers={"Origin": "http://evil.example"}) as response:
            assert response.status == 403
            assert "other web sites" in await response.text()

        assert await refused_handshake(client, f"ws://127.0.0.1:{port}/ws", Origin=good) == 403
        assert await refused_handshake(client, ws_url(server, wrong), Origin=good) == 403
        assert await refused_handshake(client, ws_url(server), Origin="http://evil.example") == 403
        assert await refused_handshake(client, ws_url(server), Origin=f"http://localhost:{port + 1}") == 403
        assert await refused_handshake(client, ws_url(server)) == 403  # no Origin at all
        assert await refused_handshake(client, ws_url(server), Origin=good, Host=f"evil.example:{port}") == 403
        async with client.get(f"{base}/download/{'0' * 32}", headers={"Host": f"evil.example:{port}"}) as response:
            assert response.status == 403
        async with client.get(f"{base}/download/{'0' * 32}", headers={"Sec-Fetch-Site": "cross-site"}) as response:
            assert response.status == 403
        async with client.get(f"{base}/download/{'0' * 32}") as response:
            assert response.status == 404
        async with client.get(f"{base}/static/js/textual.js") as response:
            assert response.status == 200  # textual-serve's script reveals nothing: no token needed
        async with client.get(f"{base}/static/") as response:
            assert response.status in (403, 404)  # no directory listing
        assert server.tabs == set()
    assert not lock_path(path).exists()  # no app process ever started
    assert said.said("refused GET /ws/<token> from 127.0.0.1: requests from other web sites are refused")


async def test_the_page_and_the_websocket_serve_the_workshop_with_the_token(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    async with served(path) as (server, _), aiohttp.ClientSession() as client:
        port = server.binding.port
        async with client.get(f"http://localhost:{port}/?token={server.token}") as response:
            assert response.status == 200
            assert response.headers["Cache-Control"] == "no-store"  # no back/forward cache of a stale session
            page = await response.text()
        assert f'data-session-websocket-url="ws://localhost:{port}/ws/{server.token}"' in page
        assert "googleapis" not in page
        ws = await client.ws_connect(ws_url(server), headers={"Origin": f"http://localhost:{port}"})
        await read_until(ws, FIRST_QUESTION)
        await ws.send_json(["stdin", "2"])  # the second option of the first question
        await wait_for(lambda: answers_on_disk(path).get("one-1") == "little")
        await ws.close()
        await wait_for(lambda: not server.tabs)
    assert not lock_path(path).exists()


async def test_a_new_tab_takes_over_and_the_old_app_saves_and_unlocks_first(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {"three-a-1": "yep"})
    async with served(path) as (server, said), aiohttp.ClientSession() as client:
        headers = {"Origin": origin(server)}
        first = await client.ws_connect(ws_url(server), headers=headers)
        await read_until(first, FIRST_QUESTION)
        first_pid = lock_pid(path)
        assert first_pid is not None and {tab.pid for tab in server.tabs} == {first_pid}
        await first.send_json(["stdin", "e"])  # the note field
        await read_until(first, b"f1")  # its footer shows: the note has the focus, typing goes into it
        await first.send_json(["stdin", "said in the first tab"])
        await read_until(first, b"first tab")

        second = await client.ws_connect(ws_url(server), headers=headers)  # at once: before the note's autosave
        await read_until(second, FIRST_QUESTION)
        await wait_closed(first)
        with pytest.raises(ProcessLookupError):
            os.kill(first_pid, 0)  # the first app has exited (and been reaped)
        second_pid = lock_pid(path)
        assert second_pid not in (None, first_pid)
        assert {tab.pid for tab in server.tabs} == {second_pid}
        assert answers_on_disk(path) == {
            "three-a-1": "yep",
            "one-1": {"answer": None, "note": "said in the first tab"},
        }
        await second.close()
    assert not lock_path(path).exists()
    assert said.said(f"a new tab takes over: ending the previous one (app pid {first_pid})")


async def test_the_pdf_handout_downloads_once_through_its_one_off_key(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "team.yaml", odd(), {"one-1": "much"})
    async with served(path) as (server, _), aiohttp.ClientSession() as client:
        ws = await client.ws_connect(ws_url(server), headers={"Origin": origin(server)})
        await read_until(ws, b"Level three")
        await ws.send_json(["stdin", "p"])
        deadline = time.monotonic() + 30
        while True:  # the app renders the PDF, then tells the page its download key as a text frame
            message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
            if message.type == aiohttp.WSMsgType.TEXT and json.loads(message.data)[0] == "deliver_file_start":
                key = json.loads(message.data)[1]
                break
        url = f"{origin(server)}/download/{key}"
        async with client.get(url, headers={"Host": f"evil.example:{server.binding.port}"}) as response:
            assert response.status == 403
        async with client.get(url, headers={"Sec-Fetch-Site": "same-origin"}) as response:
            assert response.status == 200
            assert response.headers["Content-Disposition"].startswith('attachment; filename="team.pdf"')
            assert (await response.read()).startswith(b"%PDF")
        async with client.get(url) as response:
            assert response.status == 404  # delivered: the key is spent
        await ws.close()


async def test_tabs_beyond_the_cap_are_refused_with_a_message_on_the_page(tmp_path: Path) -> None:
    async with served(None, max_tabs=1) as (server, _), aiohttp.ClientSession() as client:
        headers = {"Origin": origin(server)}
        first = await client.ws_connect(ws_url(server), headers=headers)
        await read_until(first, b"assess")  # the start screen
        async with client.get(f"{origin(server)}/?token={server.token}") as response:
            assert response.status == 503
            assert "1 workshop tabs are already open on this server, the most it runs at once" in (
                await response.text()
            )
        second = await client.ws_connect(ws_url(server), headers=headers)  # a page loaded before the cap filled
        seen = await read_until(second, b"reload this page")
        assert b"the most it runs at once" in seen
        assert len(server.tabs) == 1
        await second.close()
        await first.close()
        await wait_for(lambda: not server.tabs)
        async with client.get(f"{origin(server)}/?token={server.token}") as response:
            assert response.status == 200  # room again


def test_the_command_serves_on_a_free_port_prints_the_token_url_and_stops_cleanly(tmp_path: Path) -> None:
    """Through the real command: the warning about local users, the URL, a working tab, ctrl+c."""
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    assess = str(Path(sys.executable).with_name("assess"))
    command = [assess, "workshop", str(path), "-q", ODD, "--serve", "--port", "0"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        lines = [process.stderr.readline() for _ in range(3)]
        url = lines[1].strip()
        assert url.startswith("http://127.0.0.1:") and "/?token=" in url
        assert "every user of this machine" in lines[2]

        async def one_tab() -> None:
            async with aiohttp.ClientSession() as client:
                page, token = url.split("/?token=")
                async with client.get(url) as response:
                    assert response.status == 200
                async with client.get(f"{page}/ws/%1B%5D0;owned%07%E2%80%AE") as response:  # a hostile path
                    assert response.status == 403
                ws = await client.ws_connect(f"ws{page[4:]}/ws/{token}", headers={"Origin": page})
                await read_until(ws, FIRST_QUESTION)
                assert lock_path(path).exists()
                process.send_signal(signal.SIGINT)  # ctrl+c: the server ends the tab, the app saves and unlocks
                await wait_closed(ws)

        asyncio.run(one_tab())
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not lock_path(path).exists()
    log = process.stderr.read()
    assert "Traceback" not in log
    # The refusal names the path the client chose, with its control characters escaped for the terminal.
    assert "refused GET /ws/\\x1b]0;owned\\x07\\u202e from " in log
    assert not {"\x1b", "\x07", "\u202e"} & set(log)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--port", "99999"], "assess: --port 99999: not a port number; choose one from 1024 to 65535"),
        (["--port", "-1"], "assess: --port -1: not a port number;"),
        (["--host", "192.0.2.1"], "assess: --host 192.0.2.1: not an address of this machine; use 127.0.0.1"),
        (["--host", "no-such-host.invalid"], "assess: --host no-such-host.invalid: not an address, nor a name"),
    ],
)
def test_a_bad_address_or_port_is_one_line_and_exit_2(tmp_path: Path, options: list[str], expected: str) -> None:
    path = tmp_path / "team.yaml"
    result = CliRunner().invoke(main, ["workshop", str(path), "-q", ODD, "--serve", *options])
    assert result.exit_code == 2
    assert result.stderr.startswith(expected)
    assert result.stderr.count("\n") == 1
    assert not path.exists()  # checked before the answers file is created


def test_a_busy_port_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            main, ["workshop", str(tmp_path / "team.yaml"), "--serve", "--port", str(port)], catch_exceptions=False
        )
    assert result.exit_code == 2
    assert result.stderr == (
        f"assess: 127.0.0.1:{port}: the port is already in use; stop what is listening there or choose another --port\n"
    )


def test_the_gate_allows_the_bound_address_and_loopback_names_only() -> None:
    binding = bind("127.0.0.1", 0)
    try:
        gate, port = Gate(binding, "secret-token"), binding.port
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"):
            assert gate.host_ok(host), host
            assert gate.origin_ok(f"http://{host}"), host
        for host in (
            None,
            "",
            "127.0.0.1",
            f"127.0.0.1:{port + 1}",
            f"evil.example:{port}",
            f"localhost.evil.example:{port}",
            f"[::1:{port}",
            f"127.0.0.1:{port}:1",
        ):
            assert not gate.host_ok(host), host
        for value in (None, "null", f"https://127.0.0.1:{port}", f"http://127.0.0.1:{port}/x", f"127.0.0.1:{port}"):
            assert not gate.origin_ok(value), value
        assert gate.token_ok("secret-token")
        assert not gate.token_ok("secret-tokem") and not gate.token_ok("") and not gate.token_ok(None)
    finally:
        binding.close()


def test_a_wildcard_binding_answers_to_this_machine_s_names_and_addresses_only() -> None:
    binding = bind("0.0.0.0", 0)
    try:
        gate, port = Gate(binding, "secret-token"), binding.port
        assert not binding.loopback
        assert gate.host_ok(f"{socket.gethostname()}:{port}")
        assert gate.host_ok(f"127.0.0.1:{port}") and gate.host_ok(f"localhost:{port}")
        assert not gate.host_ok(f"192.0.2.1:{port}")  # TEST-NET-1: not an address of this machine
        assert not gate.host_ok(f"evil.example:{port}")
        assert binding.url_host() == socket.gethostname()
    finally:
        binding.close()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
        ("example.org", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
