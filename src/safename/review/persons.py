"""Per-person review: what a reader still learns about each person once the story is redacted.

A pseudonym alone does not protect someone whose exact age, home village and nationality stay
in the story (ICRC and OCHA guidance name exactly these in combination). This module turns one
file's findings into one entry per person: mentions, the decision and its evidence, the
pseudonym, the quasi-identifiers attached to them with their actions, and a residual-risk
level with the reason. `scan --format json` prints it, `check` warns from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from safename.findings import Finding

# What each quasi-identifier is called in a risk reason.
QUASI_LABELS: dict[str, str] = {
    "AGE": "exact age",
    "LOCATION": "home place",
    "NATIONALITY": "nationality",
}


@dataclass
class PersonReview:
    id: str
    mentions: list[str]
    decision: str  # "pseudonymize" or "keep"
    evidence: str
    pseudonym: str | None
    quasi_identifiers: list[dict[str, Any]] = field(default_factory=list)
    risk: str = "low"
    risk_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def review_persons(findings: Sequence[Finding]) -> list[PersonReview]:
    """One review per person of the document, in order of first mention."""
    by_person: dict[str, list[Finding]] = {}
    for f in findings:
        if f.person is not None:
            by_person.setdefault(f.person, []).append(f)
    out = []
    for pid, group in by_person.items():
        names = [f for f in group if f.entity_type == "PERSON"]
        if not names:
            continue
        first = min(names, key=lambda f: f.start)
        decision = "keep" if all(not f.redacts for f in names) else "pseudonymize"
        longest = max(names, key=lambda f: len(f.text))
        review = PersonReview(
            id=pid,
            mentions=list(dict.fromkeys(f.text for f in sorted(names, key=lambda f: f.start))),
            decision=decision,
            evidence=first.reason,
            pseudonym=longest.replacement if decision != "keep" else None,
        )
        visible = []
        for f in sorted(group, key=lambda f: f.start):
            if f.entity_type not in QUASI_LABELS:
                continue
            review.quasi_identifiers.append(
                {
                    "type": f.entity_type,
                    "text": f.text,
                    "action": f.action,
                    "replacement": f.replacement,
                }
            )
            if not f.redacts:
                visible.append(QUASI_LABELS[f.entity_type])
        visible = list(dict.fromkeys(visible))
        if decision == "keep":
            review.risk = "low"
            review.risk_reason = "kept by decision (staff, allowlist or pseudonym)"
        elif len(visible) >= 2:
            review.risk = "high"
            review.risk_reason = "still shows " + " and ".join(visible) + " after redaction"
        elif visible:
            review.risk = "medium"
            review.risk_reason = f"still shows {visible[0]} after redaction"
        else:
            review.risk_reason = "name replaced; no exact age, home place or nationality left"
        out.append(review)
    return out
