"""`assess report` wall time against the `weasyprint` command on the same HTML.

Budgets (DESIGN.md): at most 1.25x the weasyprint command, and a full report under 3 s.
Both commands start a fresh Python (`python -m ...`), so the ratio is what assess adds on top
of WeasyPrint itself: loading the answers and questionnaire, scoring, planning, templates and
charts. Runs alternate between the two commands and the best of each is kept.

    python bench/report_speed.py [ANSWERS] [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = (ROOT / "examples" / "mobile-backend.yaml", ROOT / "tests" / "data" / "report-example.yaml")
RATIO_BUDGET = 1.25
SECONDS_BUDGET = 3.0


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _pages(pdf: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"
    return str(len(PdfReader(pdf).pages))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers", nargs="?", type=Path, help="answers file (default: the example)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (best kept)")
    args = parser.parse_args()
    answers = args.answers or next((p for p in CANDIDATES if p.is_file()), None)
    if answers is None:
        print("no example answers file found; pass one", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        html, pdf, plain = Path(folder) / "r.html", Path(folder) / "r.pdf", Path(folder) / "w.pdf"
        assess = [sys.executable, "-m", "assess", "report", str(answers), "-o", str(pdf)]
        weasy = [sys.executable, "-m", "weasyprint", str(html), str(plain)]
        subprocess.run([*assess, "--html", str(html)], check=True, stderr=subprocess.DEVNULL)  # warm-up, writes HTML
        timed(weasy)
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(timed(assess))
            theirs.append(timed(weasy))
        pages = _pages(pdf)
    best, base = min(ours), min(theirs)
    ratio = best / base
    print(f"answers: {answers.relative_to(ROOT) if answers.is_relative_to(ROOT) else answers} ({pages} pages)")
    print(f"assess report     {best:6.2f} s  (best of {args.runs})")
    print(f"weasyprint (HTML) {base:6.2f} s  (best of {args.runs})")
    ratio_ok, time_ok = ratio <= RATIO_BUDGET, best <= SECONDS_BUDGET
    print(f"ratio             {ratio:6.2f}x  budget {RATIO_BUDGET}x  {'ok' if ratio_ok else 'OVER BUDGET'}")
    print(f"full report       {best:6.2f} s  budget {SECONDS_BUDGET:g} s  {'ok' if time_ok else 'OVER BUDGET'}")
    return 0 if ratio_ok and time_ok else 1


if __name__ == "__main__":
    sys.exit(main())
