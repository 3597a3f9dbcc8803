"""Serve the workshop to a browser: textual-serve's app processes behind a token, Host/Origin checks and a cap.

textual-serve's own ``Server`` checks nothing: any local user, and any web page the facilitator
visits (DNS rebinding, cross-site websockets), could read the screen and change the answers, and
every connection started two processes without limit. This server keeps textual-serve's parts that
hold no policy (``AppService`` runs one app process per tab and relays it; its static JavaScript
draws the terminal) and puts its own routes in front of them:

- ``/?token=T`` the page (our own HTML: no third-party font request), ``Cache-Control: no-store``;
- ``/ws/T`` the websocket that starts an app process: token, ``Origin`` and ``Host`` required;
- ``/download/KEY`` a file the app offers (the PDF): KEY is a random one-off name the app sends only
  over the authenticated websocket, so it stands in for the token (the page's script builds this
  URL itself and cannot carry the token);
- ``/static/...`` textual-serve's script, styles and fonts, which reveal nothing.

Every route checks ``Host`` and, when sent, ``Origin``. Serving one answers file, a new tab takes
over: the previous app is asked to quit (it saves and releases its lock) before the new one starts.
At most ``MAX_TABS`` app processes run (or wait to start) at once; beyond that the page says so.

Private API relied on (textual-serve is pinned below its next minor version in pyproject.toml):
``AppService._process``, the app's ``asyncio.subprocess.Process``, to wait for it to exit and to
stop it if it does not. Also the layout of textual-serve's ``static/`` folder (js/textual.js,
css/xterm.css, fonts/) and the page contract its script reads (``.textual-terminal`` with
``data-session-websocket-url`` and ``data-font-size``; ``-first-byte`` and ``-closed`` on body).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import re
import signal
import string
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import textual_serve
from aiohttp import WSMsgType, hdrs, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from assess.tui.serve_guard import Binding, Gate, new_token

MAX_TABS = 4  # app processes running or waiting to start; each is a Python process of about 55 MB (RSS)
QUIT_GRACE = 5.0  # seconds an app has to save and exit when asked, before SIGTERM (then SIGKILL)
HEARTBEAT = 5.0  # websocket ping interval: a tab that vanished without closing is noticed in seconds
MAX_MESSAGE = 1 << 20
STATIC = Path(textual_serve.__file__).parent / "static"
DOWNLOAD_KEY = re.compile(r"[0-9a-f]{32}")
PAGE = string.Template((Path(__file__).parent / "serve_page.html").read_text(encoding="utf-8"))
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

Say = Callable[[str], None]


@dataclass(frozen=True)
class ServeConfig:
    """What to serve: the shell command for each tab's app, and whether tabs take over from each other."""

    command: str
    title: str = "assess workshop"
    one_tab: bool = True  # serving one answers file: a new tab takes over; else tabs coexist up to the cap
    max_tabs: int = MAX_TABS
    quit_grace: float = QUIT_GRACE


class Tab:
    """One browser tab's app process and websocket; ending it lets the app save and release its lock."""

    def __init__(self, command: str, websocket: web.WebSocketResponse, downloads: DownloadManager) -> None:
        self.websocket = websocket

        async def write_bytes(data: bytes) -> None:
            # Output to a tab that has gone is dropped, so the app never blocks on a full pipe while it saves.
            if not websocket.closed:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await websocket.send_bytes(data)

        async def write_str(data: str) -> None:
            if not websocket.closed:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await websocket.send_str(data)

        async def close() -> None:
            await websocket.close()

        # exec: the shell becomes the app, so one process per tab and signals reach the app itself.
        self.service = AppService(
            f"exec {command}", write_bytes=write_bytes, write_str=write_str, close=close, download_manager=downloads
        )
        self._ending: asyncio.Future[None] | None = None

    @property
    def pid(self) -> int | None:
        process = self.service._process  # private, see the module docstring
        return None if process is None else process.pid

    async def start(self, width: int, height: int) -> None:
        await self.service.start(width, height)

    async def end(self, grace: float) -> None:
        """Ask the app to quit and wait until its process is gone (idempotent, safe to call from any task)."""
        if self._ending is None:
            self._ending = asyncio.ensure_future(self._end(grace))
        await asyncio.shield(self._ending)

    async def _end(self, grace: float) -> None:
        process = self.service._process
        if process is not None and process.returncode is None:
            await self.service.send_meta({"type": "quit"})
            if not await _exited(process, grace):
                process.terminate()  # the workshop treats SIGTERM as ctrl+q: it saves, then exits
                if not await _exited(process, 2.0):
                    process.kill()
                    await process.wait()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.service.stop(), 2.0)  # the relay ends at the app's end of output
        await self.websocket.close()


async def _exited(process: asyncio.subprocess.Process, timeout: float) -> bool:
    try:
        await asyncio.wait_for(process.wait(), timeout)
    except TimeoutError:
        return False
    return True


class WorkshopServer:
    """The aiohttp application and its tabs; :meth:`start` and :meth:`stop` run it in a running loop."""

    def __init__(self, config: ServeConfig, binding: Binding, *, token: str | None = None, say: Say = print) -> None:
        self.config = config
        self.binding = binding
        self.token = token or new_token()
        self.gate = Gate(binding, self.token)
        self.say = say
        self.tabs: set[Tab] = set()
        self._admitted = 0  # websockets running an app or waiting for the slot
        self._slot = asyncio.Lock()  # one_tab: a takeover finishes before the next begins
        self._downloads = DownloadManager()
        self._runner: web.AppRunner | None = None
        self._stopping = False

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_MESSAGE)
        app.add_routes(
            [
                web.get("/", self._page),
                web.get("/ws", self._no_token),
                web.get("/ws/{token}", self._websocket),
                web.get("/download/{key}", self._download),
                web.static("/static", STATIC, show_index=False, follow_symlinks=False),
            ]
        )
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.make_app(), access_log=None, handle_signals=False, shutdown_timeout=5.0)
        await self._runner.setup()
        for sock in self.binding.sockets:
            await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """End every tab (each app saves and releases its lock), then close the server."""
        self._stopping = True
        await asyncio.gather(*(tab.end(self.config.quit_grace) for tab in list(self.tabs)))
        if self._runner is not None:
            await self._runner.cleanup()

    # --- the checks every route passes -------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not self.gate.host_ok(request.headers.get(hdrs.HOST)):
            return self._refuse(request, "this server answers only to the address it was started on")
        origin = request.headers.get(hdrs.ORIGIN)
        if origin is not None and not self.gate.origin_ok(origin):
            return self._refuse(request, "requests from other web sites are refused")
        response: web.StreamResponse = await handler(request)
        return response

    def _refuse(self, request: web.Request, why: str, status: int = 403) -> web.Response:
        self.say(f"refused {request.method} {self._redact(request.path)} from {request.remote}: {why}")
        text = f"assess: {why}; open the URL printed where `assess workshop --serve` runs\n"
        return web.Response(status=status, text=text, headers=NO_STORE)

    def _redact(self, text: str) -> str:
        return text.replace(self.token, "<token>")

    async def _no_token(self, request: web.Request) -> web.Response:
        return self._refuse(request, "this needs the token")

    # --- routes ------------------------------------------------------------------------------------

    async def _page(self, request: web.Request) -> web.Response:
        if not self.gate.token_ok(request.query.get("token")):
            return self._refuse(request, "this page needs the token from its URL")
        if self._full():
            return self._refuse(request, self._full_message(), status=503)
        page = PAGE.substitute(
            title=html.escape(self.config.title),
            websocket=html.escape(f"ws://{request.host}/ws/{self.token}"),
            font_size=_bounded(request.query.get("fontsize"), 16, 8, 48),
        )
        headers = {**NO_STORE, "Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY"}
        return web.Response(text=page, content_type="text/html", headers=headers)

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.gate.token_ok(request.match_info["token"]):
            return self._refuse(request, "this websocket needs the token")
        if request.headers.get(hdrs.ORIGIN) is None:
            return self._refuse(request, "a websocket without an Origin header is refused")
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE)
        if self._full() or self._stopping:
            await websocket.prepare(request)
            await self._turn_away(websocket)
            return websocket
        self._admitted += 1
        tab: Tab | None = None
        try:
            await websocket.prepare(request)
            width = _bounded(request.query.get("width"), 80, 10, 1000)
            height = _bounded(request.query.get("height"), 24, 5, 1000)
            tab = await self._open_tab(websocket, width, height)
            self.say(f"a browser tab connected from {request.remote} (app pid {tab.pid})")
            await _relay(websocket, tab.service)
        finally:
            if tab is not None:
                await tab.end(self.config.quit_grace)
                self.tabs.discard(tab)
            self._admitted -= 1
        return websocket

    async def _open_tab(self, websocket: web.WebSocketResponse, width: int, height: int) -> Tab:
        tab = Tab(self.config.command, websocket, self._downloads)
        if not self.config.one_tab:
            self.tabs.add(tab)
            await tab.start(width, height)
            return tab
        async with self._slot:
            for old in list(self.tabs):
                self.say(f"a new tab takes over: ending the previous one (app pid {old.pid}) so it saves and unlocks")
                await old.end(self.config.quit_grace)
                self.tabs.discard(old)
            self.tabs.add(tab)
            await tab.start(width, height)
        return tab

    def _full(self) -> bool:
        return self._admitted >= self.config.max_tabs

    def _full_message(self) -> str:
        return (
            f"{self.config.max_tabs} workshop tabs are already open on this server, the most it runs at once; "
            "close one of them, then reload this page"
        )

    async def _turn_away(self, websocket: web.WebSocketResponse) -> None:
        """Say on the tab's screen why no workshop starts; keep it open until the tab goes, so it stays legible."""
        why = "the server is stopping" if self._stopping else self._full_message()
        await websocket.send_bytes(f"\r\n  assess: {why}.\r\n".encode())
        async for _ in websocket:
            pass

    async def _download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        fetch_site = request.headers.get("Sec-Fetch-Site", "same-origin")
        if fetch_site not in ("same-origin", "none"):
            return self._refuse(request, "downloads are only for the workshop's own page")
        try:
            meta = await self._downloads.get_download_metadata(key) if DOWNLOAD_KEY.fullmatch(key) else None
        except KeyError:
            meta = None
        if meta is None:
            return web.Response(status=404, text="assess: no such download (it may have finished)\n", headers=NO_STORE)
        response = web.StreamResponse(headers=NO_STORE)
        response.content_type = meta.mime_type
        if meta.encoding:
            response.charset = meta.encoding
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers[hdrs.CONTENT_DISPOSITION] = _disposition(disposition, meta.file_name)
        await response.prepare(request)
        async for chunk in self._downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response


async def _relay(websocket: web.WebSocketResponse, service: AppService) -> None:
    """The browser's side of textual-serve's protocol; anything malformed is ignored, never raised."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope:
            continue
        kind, data = envelope[0], (envelope[1] if len(envelope) > 1 else None)
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8", "replace"))
        elif kind == "resize" and isinstance(data, dict):
            width = _bounded(data.get("width"), 80, 10, 1000)
            await service.set_terminal_size(width, _bounded(data.get("height"), 24, 5, 1000))
        elif kind == "ping" and isinstance(data, str):
            await websocket.send_json(["pong", data[:64]])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


def _disposition(kind: str, file_name: str) -> str:
    """``Content-Disposition`` with an ASCII fallback name and the exact one in RFC 5987 form."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in file_name)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{urllib.parse.quote(file_name, safe='')}"


def _bounded(value: object, default: int, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    return min(max(number, low), high)


def serve(config: ServeConfig, binding: Binding, token: str, say: Say) -> None:
    """Serve until ctrl+c or SIGTERM, then end every tab cleanly."""
    asyncio.run(_serve_until_stopped(WorkshopServer(config, binding, token=token, say=say), say))


async def _serve_until_stopped(server: WorkshopServer, say: Say) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(number, stop.set)
    await server.start()
    try:
        await stop.wait()
    finally:
        say("stopping: ending the open tabs (each saves its answers)")
        await server.stop()
