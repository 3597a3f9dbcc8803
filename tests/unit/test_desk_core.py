"""The security lead's desk, pure parts: history series, the organisation view and the check rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assess.core.display import sparkline
from assess.core.gate import MinRule, check_min, check_no_regression, check_targets, min_rule_problem, parse_min
from assess.core.history import Point, history
from assess.core.model import Answers, Questionnaire
from assess.core.organisation import Assessed, latest_per_team, organisation
from assess.core.scoring import Scorecard, score
from assess.core.targets import resolve_targets


def answers(q: Questionnaire, given: dict[str, Any], targets: dict[str, float] | None = None, **extra: Any) -> Answers:
    data = {"format": 1, "questionnaire": q.id, "version": q.version, "answers": given, "targets": targets or {}}
    return Answers.model_validate(data | extra)


def card(q: Questionnaire, given: dict[str, Any], targets: dict[str, float] | None = None) -> Scorecard:
    return score(q, answers(q, given, targets))


def test_history_orders_by_date_and_compares_each_with_the_one_before(odd: Questionnaire) -> None:
    later = card(odd, {"one-1": "full", "one-3": "yep"}, {"P-ONE": 2})
    first = card(odd, {"one-1": "some"}, {"P-ONE": 2})
    middle = card(odd, {"one-1": "much"}, {"P-ONE": 2})
    points = [
        Point("T", "T", "c.yaml", dt.date(2026, 9, 1), later),
        Point("T", "T", "a.yaml", dt.date(2026, 1, 1), first),
        Point("T", "T", "b.yaml", dt.date(2026, 5, 1), middle),
        Point("U", "U", "u.yaml", None, first),
    ]
    series = history(points)
    assert [s.team for s in series] == ["T", "U"]
    team = series[0]
    assert [e.point.file for e in team.entries] == ["a.yaml", "b.yaml", "c.yaml"]
    steps = [e.scores["P-ONE"] for e in team.entries]
    assert [s.score for s in steps] == pytest.approx([0.4, 0.7, 2.0])
    assert steps[0].change is None and steps[0].progress is None
    assert steps[1].change == pytest.approx(0.3)
    assert steps[1].progress == pytest.approx(0.3 / 1.6)  # (0.7 - 0.4) / (2 - 0.4)
    assert team.entries[2].percent_to_target == pytest.approx(1.0)
    assert team.trend("P-ONE") == pytest.approx((0.4, 0.7, 2.0))


def test_history_keeps_questionnaires_apart(odd: Questionnaire, api_samm: Questionnaire) -> None:
    points = [Point("T", "T", "a.yaml", None, card(odd, {})), Point("T", "T", "b.yaml", None, card(api_samm, {}))]
    assert sorted(s.questionnaire_id for s in history(points)) == ["api-samm", "odd-shapes"]


def test_sparkline_spans_the_values_but_keeps_noise_flat() -> None:
    assert sparkline((0.0, 1.5, 3.0, None), 3.0) == "▁▅█ "
    assert sparkline((0.0, 0.125, 0.5, 0.125), 3.0) == "▁▃█▃"  # a quarter's move shows
    assert sparkline((1.0, 1.02, 1.0), 3.0) == "▁▁▁"  # noise does not
    assert sparkline((2.9, 3.0), 3.0) == "▇█"  # the span stays inside 0..maximum
    assert sparkline((None, None), 3.0) == "  "


def test_aggregate_counts_the_latest_assessment_of_each_team(odd: Questionnaire) -> None:
    old = Assessed("T", "T", "t-old.yaml", dt.date(2026, 1, 1), card(odd, {"one-1": "zero"}, {"P-ONE": 1}))
    new = Assessed("T", "T", "t-new.yaml", dt.date(2026, 6, 1), card(odd, {"one-1": "full"}, {"P-ONE": 1}))
    other = Assessed("u.yaml", "u", "u.yaml", None, card(odd, {"one-1": "some"}, {"P-ONE": 1.5}))
    latest, older = latest_per_team([new, old, other])
    assert [a.file for a in latest] == ["t-new.yaml", "u.yaml"]
    assert [a.file for a in older] == ["t-old.yaml"]
    view = organisation([old, new, other])
    assert [t.file for t in view.aggregate.teams] == ["t-new.yaml", "u.yaml"]
    assert view.aggregate.spreads["P-ONE"].mean == pytest.approx((1.0 + 0.4) / 2)
    standing = next(s for s in view.standings if s.id == "P-ONE")
    assert (standing.with_target, standing.at_target) == (2, 1)
    assert [(s.team, s.gap) for s in standing.furthest_below] == [("u", pytest.approx(1.1))]
    assert view.files == 3


def test_an_undated_file_is_older_than_a_dated_one(odd: Questionnaire) -> None:
    dated = Assessed("T", "T", "a.yaml", dt.date(2020, 1, 1), card(odd, {}))
    undated = Assessed("T", "T", "b.yaml", None, card(odd, {}))
    assert [a.file for a in latest_per_team([dated, undated])[0]] == ["a.yaml"]


def test_min_rules_check_subjects_and_ranges(odd: Questionnaire) -> None:
    scored = card(odd, {"one-1": "much", "three-c-3": "full"})
    assert parse_min("P-ONE=1.5") == MinRule("P-ONE", 1.5)
    for bad in ("P-ONE", "=2", "P-ONE=x", "P-ONE=nan"):
        with pytest.raises(ValueError, match="--min"):
            parse_min(bad)
    assert min_rule_problem(MinRule("P-ONE", 1), scored) is None
    assert min_rule_problem(MinRule("overall", 0.2), scored) is None
    assert "not a practice or function" in (min_rule_problem(MinRule("NOPE", 1), scored) or "")
    assert "ranges from 0 to 2" in (min_rule_problem(MinRule("P-ONE", 2.5), scored) or "")
    passed = check_min(scored, answers(odd, {}), MinRule("F1", 0.1), "a.yaml")
    assert passed.status == "pass" and not passed.findings
    given = answers(odd, {"three-c-3": "full", "one-1": "much"})
    failed = check_min(scored, given, MinRule("P-ONE", 1.5), "a.yaml")
    assert failed.status == "fail"
    assert failed.findings[0].path == ("answers", "one-1")  # the practice's answer below its top option


def test_targets_rule_points_at_the_files_target(odd: Questionnaire) -> None:
    given = answers(odd, {"one-1": "much"}, {"P-ONE": 1.5, "P-TWO": 0})
    targets = resolve_targets(odd, given)
    results = check_targets(score(odd, given, targets=targets.values), given, targets, "a.yaml")
    assert [(r.subject, r.status) for r in results] == [("P-ONE", "fail"), ("P-TWO", "pass")]
    assert results[0].findings[0].path == ("targets", "P-ONE")


def test_no_regression_fails_on_practices_down_and_answers_down(odd: Questionnaire) -> None:
    before = answers(odd, {"one-1": "full", "three-a-1": "yep", "three-c-1": "zero"})
    after = answers(odd, {"one-1": "much", "one-3": "yep", "three-a-1": "nope", "three-c-1": "full"})
    results = check_no_regression(score(odd, after), after, score(odd, before), before, "a.yaml", "HEAD~1")
    by_practice = {r.subject: r for r in results}
    # P-ONE went up (0.7 + 1 > 1) but one-1 moved down; P-THREE went up too, three-a-1 moved down.
    assert by_practice["P-ONE"].status == "fail"
    assert [f.path for f in by_practice["P-ONE"].findings] == [("answers", "one-1")]
    assert "from full to much" in by_practice["P-ONE"].findings[0].message
    assert by_practice["P-THREE"].status == "fail"
    assert by_practice["P-TWO"].status == "pass"
    same = check_no_regression(score(odd, before), before, score(odd, before), before, "a.yaml", "HEAD~1")
    assert all(r.status == "pass" for r in same)
