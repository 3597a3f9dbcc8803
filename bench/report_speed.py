"""`assess report` against the `weasyprint` command on the same HTML with the same options, and the long-text cases.

Budgets (DESIGN.md, issue 9): at most 1.25x the weasyprint command (tagged against
``weasyprint --pdf-variant pdf/ua-1``, untagged against plain ``weasyprint``), and ``report`` on
the long-text cases (a 20,000-character unbroken note, 100 evidence links of 2,000 characters,
every answer with a 20,000-character note, a 2,000-character team name) under 10 s. Both commands
start a fresh Python (``python -m ...``), so the ratio is what assess adds on top of WeasyPrint:
loading and checking the answers and questionnaire, scoring, planning, templates and charts.
Runs alternate between the commands and the best of each is kept; times are each child's own CPU
time (``os.wait4``), because wall time on a shared machine measures the neighbours too (wall
times are printed beside them).

    python bench/report_speed.py [ANSWERS] [--runs N] [--skip-long]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = (ROOT / "examples" / "mobile-backend.yaml", ROOT / "tests" / "data" / "report-example.yaml")
RATIO_BUDGET = 1.25
LONG_TEXT_BUDGET = 10.0
HEAD = "format: 1\nquestionnaire: api-samm\nversion: 1.1.0\ntargets: {G-SM: 2, I-SB: 2}\n"


def timed(command: list[str]) -> tuple[float, float]:
    """CPU and wall seconds of one child process (which must succeed)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(command)}")
    return usage.ru_utime + usage.ru_stime, time.perf_counter() - start


def _pages(pdf: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"
    return str(len(PdfReader(pdf).pages))


def compare(answers: Path, folder: Path, runs: int, tagged: bool) -> tuple[float, float]:
    """The best CPU time of ``assess report`` and its ratio to the weasyprint command's."""
    html, pdf, plain = folder / "r.html", folder / "r.pdf", folder / "w.pdf"
    flag = "--tagged" if tagged else "--untagged"
    assess = [sys.executable, "-m", "assess", "report", str(answers), "-o", str(pdf), flag]
    options = ["--pdf-variant", "pdf/ua-1"] if tagged else []
    weasy = [sys.executable, "-m", "weasyprint", *options, str(html), str(plain)]
    timed([*assess, "--html", str(html)])  # warm-up, writes the HTML
    timed(weasy)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(timed(assess))
        theirs.append(timed(weasy))
    best, base = min(ours), min(theirs)
    ratio = best[0] / base[0]
    label = "tagged (PDF/UA-1)" if tagged else "untagged"
    print(f"{label}: {_pages(pdf)} pages")
    print(f"  assess report      {best[0]:6.2f} s CPU  {best[1]:6.2f} s wall  (best of {runs})")
    print(f"  weasyprint (HTML)  {base[0]:6.2f} s CPU  {base[1]:6.2f} s wall  (best of {runs})")
    verdict = "ok" if ratio <= RATIO_BUDGET else "OVER BUDGET"
    print(f"  ratio              {ratio:6.2f}x  budget {RATIO_BUDGET}x  {verdict}")
    return best[0], ratio


def long_cases(folder: Path) -> dict[str, Path]:
    source = (ROOT / "questionnaires" / "api-samm.yaml").read_text(encoding="utf-8")
    ids = re.findall(r"^\s+- id: ([A-Z]-[A-Z]+-[A-C]-[1-3])$", source, re.M)
    cases = {
        "a 20,000-character unbroken note": "answers:\n  G-SM-A-1:\n    answer: none\n    note: " + "N" * 20_000 + "\n",
        "100 evidence links of 2,000 characters": "answers:\n  G-SM-A-1:\n    answer: none\n    evidence: ["
        + ", ".join(f"https://e.example/{'x' * 1_950}{n}" for n in range(100))
        + "]\n",
        "every answer with a 20,000-character note": "answers:\n"
        + "".join(f"  {ident}:\n    answer: none\n    note: {'M' * 20_000}\n" for ident in ids),
        "a 2,000-character team name": f"team: {'T' * 2_000}\nanswers:\n  G-SM-A-1: none\n",
    }
    paths = {}
    for n, (name, body) in enumerate(cases.items()):
        path = folder / f"long-{n}.yaml"
        path.write_text(HEAD + body, encoding="utf-8")
        paths[name] = path
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers", nargs="?", type=Path, help="answers file (default: the example)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (best kept)")
    parser.add_argument("--skip-long", action="store_true", help="leave out the long-text cases")
    args = parser.parse_args()
    answers = args.answers or next((p for p in CANDIDATES if p.is_file()), None)
    if answers is None:
        print("no example answers file found; pass one", file=sys.stderr)
        return 2
    ratios: list[float] = []
    long_times: list[float] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        shown = answers.relative_to(ROOT) if answers.is_relative_to(ROOT) else answers
        print(f"answers: {shown}")
        tagged_cpu, ratio = compare(answers, folder, args.runs, tagged=True)
        ratios.append(ratio)
        untagged_cpu, ratio = compare(answers, folder, args.runs, tagged=False)
        ratios.append(ratio)
        print(f"tagging adds {tagged_cpu / untagged_cpu - 1:+.0%} to the report's CPU time")
        if not args.skip_long:
            print(f"long-text cases (budget {LONG_TEXT_BUDGET:g} s each):")
            for label, path in long_cases(folder).items():
                cpu, wall = timed([sys.executable, "-m", "assess", "report", str(path), "-o", str(folder / "long.pdf")])
                long_times.append(cpu)
                flag = "ok" if cpu < LONG_TEXT_BUDGET else "OVER BUDGET"
                pages = _pages(folder / "long.pdf")
                print(f"  {label:<44} {cpu:6.2f} s CPU  {wall:6.2f} s wall  {pages:>4} pages  {flag}")
    ok = all(r <= RATIO_BUDGET for r in ratios) and all(t < LONG_TEXT_BUDGET for t in long_times)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
