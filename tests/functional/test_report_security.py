"""User text never becomes markup or a fetch; the report's fetcher reaches nothing but its own files."""

from __future__ import annotations

import re
import socket
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from assess.cli import main
from assess.files.resources import reports_dir
from assess.report import pdf as report_pdf
from assess.report.assets import AssetError, Assets
from assess.report.pdf import FetchRefusedError, locked_fetcher_class
from assess.report.text import ZWSP
from tests.functional.pdf_layout import texts

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

DATA = Path(__file__).parent.parent / "data"
ODD = DATA / "odd-questionnaire.yaml"

HOSTILE = (
    '<img src="file:///etc/passwd"> <link rel="attachment" href="file:///etc/hostname">'
    ' <style>@import url("http://127.0.0.1:9/x.css");</style> <script>alert(1)</script>'
)
FORBIDDEN_SCHEMES = ("file:", "http:", "https:", "ftp:")
LONG = {"team": "W" * 300, "by": "Y" * 300, "evidence": "E" * 300, "note": "Z" * 300}
"""Unbroken strings far longer than a line, one letter per place they appear."""


class Recorder:
    """Wraps the locked fetcher class so a test can read every URL WeasyPrint asked for."""

    def __init__(self) -> None:
        self.fetchers: list[Any] = []

    @property
    def requested(self) -> list[str]:
        return [url for fetcher in self.fetchers for url in fetcher.requested]

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = locked_fetcher_class()
        recorder = self

        class Recording(original):  # type: ignore[misc, valid-type]
            def __init__(self, assets: Assets) -> None:
                super().__init__(assets)
                recorder.fetchers.append(self)

        monkeypatch.setattr(report_pdf, "locked_fetcher_class", lambda: Recording)


def forbid_io(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail loudly if anything opens a network connection or a file: URL during the render."""
    attempts: list[str] = []

    def no_connect(self: socket.socket, address: Any) -> None:
        attempts.append(f"connect {address}")
        raise AssertionError(f"network connection attempted: {address}")

    def no_file(self: Any, request: Any) -> None:
        attempts.append(f"file {request.full_url}")
        raise AssertionError(f"file URL opened: {request.full_url}")

    monkeypatch.setattr(socket.socket, "connect", no_connect)
    monkeypatch.setattr(urllib.request.FileHandler, "file_open", no_file)
    return attempts


def hostile_answers(folder: Path) -> Path:
    path = folder / "hostile.yaml"
    quoted = HOSTILE.replace("'", "''")
    path.write_text(
        "format: 1\nquestionnaire: odd-shapes\nversion: 0.3.1\n"
        f"team: '{LONG['team']} {quoted}'\n"
        f"scope: '{quoted}'\n"
        f"assessors: ['{quoted}']\n"
        "answers:\n"
        "  one-1:\n"
        "    answer: some\n"
        f"    note: '{quoted}'\n"
        "    evidence: ['file:///etc/passwd', 'javascript:alert(1)', 'https://wiki.example.com/ok',"
        f" {LONG['evidence']}]\n"
        f"    by: {LONG['by']}\n"
        "  one-3:\n"
        "    answer: nope\n"
        f'    note: "bell\\a clear\\e[2J reversed \\u202egnp.exe {LONG["note"]}"\n'
        "targets: {P-ONE: 1.5, P-THREE: 1}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[str], list[str]]:
    folder = tmp_path_factory.mktemp("hostile")
    answers = hostile_answers(folder)
    with pytest.MonkeyPatch.context() as monkeypatch:
        recorder = Recorder()
        recorder.install(monkeypatch)
        attempts = forbid_io(monkeypatch)
        result = CliRunner().invoke(
            main,
            ["report", str(answers), "-q", str(ODD), "-o", str(folder / "r.pdf"), "--html", str(folder / "r.html")],
        )
    assert result.exit_code == 0, result.output
    return folder / "r.pdf", (folder / "r.html").read_text(encoding="utf-8"), recorder.requested, attempts


def test_hostile_text_is_shown_as_text(hostile_report: tuple[Path, str, list[str], list[str]]) -> None:
    pdf, html, _, _ = hostile_report
    text = "".join(texts(pdf)).replace("\n", " ")
    for fragment in (
        '<img src="file:///etc/passwd">',
        "<script>alert(1)</script>",
        '@import url("http://127.0.0.1:9/x.css")',
    ):
        assert fragment in text
    # In the HTML the payload only ever appears escaped.
    assert "<img src=" not in html
    assert "<script>" not in html
    assert '<link rel="attachment"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_control_codes_and_bidi_overrides_are_neutralised(
    hostile_report: tuple[Path, str, list[str], list[str]],
) -> None:
    pdf, html, _, _ = hostile_report
    text = "".join(texts(pdf))
    assert "reversed gnp.exe" in text  # the override is dropped, so it does not read "exe.png"
    assert "clear\ufffd[2J" in text  # ESC shown as the replacement character
    for code in ("\x1b", "\x07", "\u202e"):
        assert code not in html
        assert code not in text


def test_long_unbroken_strings_wrap_inside_the_page(
    hostile_report: tuple[Path, str, list[str], list[str]],
) -> None:
    """Text that ran off the page would come out of the PDF as one unbroken run on one line."""
    pdf, _, _, _ = hostile_report
    lines = [line.replace(ZWSP, "") for page in texts(pdf) for line in page.splitlines()]
    for where, token in LONG.items():
        letter = token[0]
        assert letter * 40 in "".join(lines), where  # it is there
        longest = max(len(run) for line in lines for run in re.findall(f"{letter}+", line))
        assert longest < 130, (where, longest)


def test_hostile_text_makes_no_attachment_and_no_fetch(
    hostile_report: tuple[Path, str, list[str], list[str]],
) -> None:
    pdf, _, requested, attempts = hostile_report
    assert len(PdfReader(pdf).attachments) == 0
    assert not [url for url in requested if url.lower().startswith(FORBIDDEN_SCHEMES)]
    assert attempts == []


def test_only_http_evidence_becomes_a_link(hostile_report: tuple[Path, str, list[str], list[str]]) -> None:
    pdf, _, _, _ = hostile_report
    uris = {
        str(annotation.get_object()["/A"]["/URI"])
        for page in PdfReader(pdf).pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    }
    assert uris == {"https://wiki.example.com/ok"}


def test_hostile_template_cannot_fetch_either(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = tmp_path / "brand"
    template.mkdir()
    (template / "report.css").write_text(
        '@import url("http://127.0.0.1:9/remote.css");\n'
        'body { background: url("file:///etc/passwd"); }\n'
        "h1 { background: url(asset:logo.svg); }\n",
        encoding="utf-8",
    )
    (template / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><image href="file:///etc/passwd"/></svg>'
    )
    (template / "report.html.j2").write_text(
        "<!DOCTYPE html><html><head><style>{{ stylesheet }}</style>"
        '<link rel="attachment" href="file:///etc/hostname">'
        '<link rel="stylesheet" href="https://example.com/x.css"></head><body>'
        '<h1>{{ meta.team }}</h1><img src="file:///etc/passwd"><img src="../report.css">'
        '<img src="{{ asset(\'logo.svg\') }}"><img src="asset:../../etc/passwd"></body></html>',
        encoding="utf-8",
    )
    recorder = Recorder()
    recorder.install(monkeypatch)
    attempts = forbid_io(monkeypatch)
    answers = hostile_answers(tmp_path)
    output = tmp_path / "r.pdf"
    result = CliRunner().invoke(
        main, ["report", str(answers), "-q", str(ODD), "-o", str(output), "--template", str(template)]
    )
    assert result.exit_code == 0, result.output
    assert len(PdfReader(output).attachments) == 0
    assert attempts == []
    # The fetcher was asked (by the template, never by user text) and refused without opening anything.
    asked = " ".join(recorder.requested)
    assert "file:///etc/hostname" in asked
    assert "http://127.0.0.1:9/remote.css" in asked
    assert "asset:logo.svg" in asked
    assert "file:///etc/passwd" in asked  # asked for by the SVG image, and refused


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "http://127.0.0.1:9/", "https://example.com/", "ftp://example.com/x", "asset:../x.css"],
)
def test_the_locked_fetcher_refuses_everything_but_its_assets(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = forbid_io(monkeypatch)
    fetcher = locked_fetcher_class()(Assets.for_template(None))
    with pytest.raises(FetchRefusedError):
        fetcher.fetch(url)
    assert attempts == []
    assert fetcher.requested == [url]


def test_the_locked_fetcher_serves_assets_and_data() -> None:
    fetcher = locked_fetcher_class()(Assets.for_template(None))
    assert b"@page" in fetcher.fetch("asset:report.css").read()
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_the_locked_fetcher_has_no_opener_handlers() -> None:
    fetcher = locked_fetcher_class()(Assets.for_template(None))
    assert fetcher.handlers == []


@pytest.mark.parametrize("name", ["../reports/report.css", "/etc/passwd", "sub/../../x.css", "", "report.html.j2"])
def test_asset_names_stay_inside_the_template_folder(name: str) -> None:
    with pytest.raises(AssetError):
        Assets.for_template(None).find(name)


def test_a_symlink_out_of_the_template_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.css"
    outside.write_text("secret")
    template = tmp_path / "brand"
    template.mkdir()
    (template / "linked.css").symlink_to(outside)
    with pytest.raises(AssetError):
        Assets.for_template(template).find("linked.css")


@pytest.mark.parametrize("linked", ["_method.html.j2", "report.css", "report.html.j2"])
def test_a_template_file_linked_from_outside_the_folder_is_refused(tmp_path: Path, linked: str) -> None:
    """Jinja2's own FileSystemLoader follows symlinks; a shared template folder must not read other files."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    template = tmp_path / "brand"
    template.mkdir()
    for name in ("report.html.j2", "report.css", "_method.html.j2"):
        (template / name).write_text((reports_dir() / name).read_text(encoding="utf-8"), encoding="utf-8")
    (template / linked).unlink()
    (template / linked).symlink_to(Path("..") / "secret.txt")
    answers = hostile_answers(tmp_path)
    output, html = tmp_path / "r.pdf", tmp_path / "r.html"
    result = CliRunner().invoke(
        main,
        ["report", str(answers), "-q", str(ODD), "-o", str(output), "--html", str(html), "--template", str(template)],
    )
    assert result.exit_code == 2
    assert f"'{linked}' leads outside its folder" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not output.exists()
    assert not html.exists()


def test_a_link_inside_the_template_folder_is_fine(tmp_path: Path) -> None:
    template = tmp_path / "brand"
    (template / "css").mkdir(parents=True)
    (template / "css" / "main.css").write_text("body { color: black; }")
    (template / "report.css").symlink_to(Path("css") / "main.css")
    assert "color: black" in Assets.for_template(template).stylesheet
