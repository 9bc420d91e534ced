"""Findings → criterion levels and scores → overall score and verdict.

Scoring never reads files. The weighing, as a reviewer would say it:
- each check grades its own aspect, so a lapse among many is a *partial* showing, not a failure
  (six swallowed catches among forty-three);
- a concluded check **caps** the criterion: a failure at the level its evidence shows (its
  ``shows``), or one rung under the level it is declared for when it did not grade itself —
  except the few practices declared ``caps=False`` (welcome, not required); a **blocker**
  (a real secret committed) is such a cap, said as such;
- a concluded check **evidences** a level: a pass its declared level (or the higher one it
  shows), a graded failure the level it shows — except hygiene checks (``evidences=False``:
  no personal data in logs), where finding nothing wrong shows nothing by itself;
- the criterion's level is the strongest level evidenced, held down by the lowest cap;
  nothing evidenced at all is ``absent``;
- missing evidence is *inconclusive*, never zero: it is left out of the score and counted in
  the evidence-coverage figure instead;
- the score places a criterion inside its level's band (absent 0–33, prototype 33–67, partial
  67–100, production 100) by the share of its checks that show more than that level, so a
  score and a level always tell the same story.
"""

from __future__ import annotations

from collections.abc import Iterable

from readiness.catalogue import CRITICALITY_WEIGHTS, Profile, criteria, criterion
from readiness.locales import locale_section
from readiness.model import CriterionResult, Finding, Level, Severity, Status, Verdict

DECISIVE = {Status.PASS, Status.FAIL, Status.WAIVED}
COUNTS_AS_PASS = {Status.PASS, Status.WAIVED}


def cap(finding: Finding) -> Level:
    """The highest level a concluded finding lets its criterion reach."""
    if finding.status in COUNTS_AS_PASS or not finding.caps:
        return Level.PRODUCTION
    return finding.shows or finding.level.below()


def evidenced(finding: Finding) -> Level | None:
    """The level a concluded finding positively shows, None when it shows nothing."""
    if finding.status in COUNTS_AS_PASS and not finding.evidences:
        return None
    if finding.status in COUNTS_AS_PASS:
        return max(finding.level, finding.shows or Level.ABSENT, key=lambda lvl: lvl.rank)
    return finding.shows


def concludes(finding: Finding) -> bool:
    """Whether a finding weighs on its criterion's level: a clean hygiene check alone does not."""
    if finding.status is Status.FAIL:
        return True
    return finding.status in COUNTS_AS_PASS and finding.evidences


def attained_level(decisive: list[Finding]) -> Level:
    shown = [lvl for lvl in map(evidenced, decisive) if lvl is not None]
    floor = max(shown, key=lambda lvl: lvl.rank, default=Level.ABSENT)
    ceiling = min(map(cap, decisive), key=lambda lvl: lvl.rank, default=Level.PRODUCTION)
    return floor if floor.rank <= ceiling.rank else ceiling


def criterion_score(level: Level, decisive: list[Finding]) -> float:
    """100 at production; otherwise the level's band, filled by the share of checks above it."""
    if level is Level.PRODUCTION:
        return 100.0
    above = sum(1 for f in decisive if (evidenced(f) or Level.ABSENT).rank > level.rank)
    share = min(above / len(decisive), 0.99) if decisive else 0.0
    return round(100 * (level.rank + share) / 3, 1)


def _headline(decisive: list[Finding], level: Level) -> Finding:
    """The finding that best explains the level: the failure holding it there, else its best pass. A
    failing practice that holds nothing down (``caps=False``) never explains a level: at production
    the why is what reached it, not "0 of 48 routes are wrapped"."""
    holding = [f for f in decisive if f.status is Status.FAIL and f.caps and cap(f) is level]
    if holding:
        return min(holding, key=lambda f: (not f.blocker, Severity(f.severity).rank))
    return max(decisive, key=lambda f: ((evidenced(f) or Level.ABSENT).rank, -Severity(f.severity).rank))


def next_step(criterion_id: str, level: Level, findings: list[Finding]) -> dict[str, str]:
    """What would make the next level: what it means, and the first fix — the failure holding the
    criterion where it is, else the failing check closest to the next level."""
    target = level.above()
    if target is None:
        return {}
    meaning = criterion(criterion_id).levels[target.value]
    failing = [f for f in findings if f.status is Status.FAIL]
    holding = [f for f in failing if cap(f).rank < target.rank]
    candidates = holding or sorted(failing, key=lambda f: f.level.rank)
    first = min(
        candidates,
        key=lambda f: (
            not f.blocker,
            f.level.rank if not holding else 0,
            Severity(f.severity).rank,
            f.check_id,
        ),
        default=None,
    )
    out = {}
    for lang, (head, then) in NEXT_WORDS.items():
        text = head.format(level=LEVEL_WORDS[lang][target.value], meaning=meaning[lang].rstrip("."))
        if first is not None and first.remediation:
            text += then.format(step=first.remediation.get(lang) or first.remediation["en"])
        out[lang] = text
    return out


LEVEL_WORDS = locale_section("scoring_level_words")  # readiness/locales/<lang>.yml
NEXT_WORDS = locale_section("scoring_next_words")  # readiness/locales/<lang>.yml


def score_criterion(criterion_id: str, findings: list[Finding], profile: Profile) -> CriterionResult:
    crit = criterion(criterion_id)
    base = dict(
        criterion=criterion_id,
        required_level=profile.required_level(criterion_id),
        criticality=crit.criticality_for(profile),
        findings=findings,
    )
    applicable = [f for f in findings if f.status is not Status.NOT_APPLICABLE]
    if findings and not applicable:
        return CriterionResult(
            level=Level.NOT_APPLICABLE,
            score=None,
            **_reasons(findings[0].messages, findings[0].message),
            **base,
        )
    broken = sorted(
        {
            location
            for f in applicable
            if f.status is Status.INCONCLUSIVE
            for location in f.data.get("unavailable_sources", [])
        }
    )
    attested = any(f.check_id.endswith(".attested") and f.status in COUNTS_AS_PASS for f in applicable)
    if broken and not attested:
        # Evidence the user declared for this criterion could not be read: concluding from the
        # rest would pass off a partial view as the whole one.
        shown = ", ".join(broken)
        return CriterionResult(
            level=Level.INCONCLUSIVE,
            score=None,
            **_reasons(
                {
                    "en": f"Declared evidence could not be read ({shown}): fix the source to judge this "
                    "criterion.",
                    "fr": f"Des preuves déclarées n'ont pas pu être lues ({shown}) : réparer la source pour "
                    "juger ce critère.",
                }
            ),
            **base,
        )
    decisive = [f for f in applicable if concludes(f)]
    if decisive and not any(f.evidences for f in decisive):
        # Only hygiene lapses (personal data in a log line): a flaw is seen, no level is shown.
        decisive = []
    if not decisive:
        whys = {
            # Each message is a sentence: joined without their full stops, so no "it.; No…".
            lang: "; ".join(sorted({f.message_in(lang)[0].rstrip(".") for f in applicable})) or "–"
            for lang in ("en", "fr")
        }
        return CriterionResult(
            level=Level.INCONCLUSIVE,
            score=None,
            **_reasons(
                {
                    "en": f"No evidence either way: {whys['en']}",
                    "fr": f"Rien ne permet de conclure : {whys['fr']}",
                }
            ),
            **base,
        )
    level = attained_level(decisive)
    headline = _headline(decisive, level)
    return CriterionResult(
        level=level,
        score=criterion_score(level, decisive),
        next_steps=next_step(criterion_id, level, decisive),
        **_reasons(headline.messages, headline.message),
        **base,
    )


def _reasons(messages: dict[str, str], english: str | None = None) -> dict:
    """CriterionResult's reason (English) and reasons (every language the messages have)."""
    reasons = {"en": english or messages["en"], **messages}
    return {"reason": reasons["en"], "reasons": reasons}


def score_criteria(findings: Iterable[Finding], profile: Profile) -> list[CriterionResult]:
    findings = list(findings)
    return [score_criterion(c.id, [f for f in findings if f.criterion == c.id], profile) for c in criteria()]


def overall_score(results: list[CriterionResult]) -> float | None:
    scored = [r for r in results if r.score is not None]
    weight = sum(CRITICALITY_WEIGHTS[r.criticality] for r in scored)
    if not weight:
        return None
    return round(sum(CRITICALITY_WEIGHTS[r.criticality] * r.score for r in scored) / weight, 1)


def evidence_coverage(results: list[CriterionResult]) -> float:
    """Share of applicable criteria on which the evidence (or an attestation) concluded."""
    applicable = [r for r in results if r.level is not Level.NOT_APPLICABLE]
    concluded = [r for r in applicable if r.level is not Level.INCONCLUSIVE]
    return round(len(concluded) / len(applicable), 3) if applicable else 0.0


def verdict(results: list[CriterionResult], profile: Profile) -> tuple[Verdict, list[str], list[str]]:
    """The verdict, the criteria that block it and those that lack evidence.

    A profile that only informs (a POC) gets ``not_required`` whatever its levels: readiness is
    not asked of it, and its distance to production is shown instead."""
    blocking = [r.criterion for r in results if r.meets_requirement is False]
    unknown = [r.criterion for r in results if r.required_level is not None and r.level is Level.INCONCLUSIVE]
    if not profile.blocking:
        return Verdict.NOT_REQUIRED, blocking, unknown
    if blocking:
        return Verdict.NOT_READY, blocking, unknown
    if unknown:
        return Verdict.INCONCLUSIVE, blocking, unknown
    return Verdict.READY, blocking, unknown
