"""The result types every part of safename passes around.

A `Finding` is deliberately a flat dataclass: the CLI serialises it to JSON, reviewers read its
`reason`, and later stages (pseudonymisation, file formats) fill `replacement` without needing to
know which recognizer produced it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Action = Literal["pseudonymize", "generalize", "mask", "keep"]
ACTIONS: tuple[str, ...] = ("pseudonymize", "generalize", "mask", "keep")


@dataclass
class Finding:
    """One span of `text` that identifies (or was judged not to identify) a person.

    `start`/`end` are Python str offsets into the scanned text, so `text[start:end] == self.text`.
    `action == "keep"` means the span was recognised but deliberately left alone (staff, allowlist,
    existing pseudonym); `reason` always says why, so a reviewer can trust or overrule it.
    """

    start: int
    end: int
    text: str
    entity_type: str
    score: float
    recognizer: str
    action: Action
    reason: str
    replacement: str | None = None
    # The person of the document this mention belongs to ("p1", "p2"… in order of first
    # mention; PERSON findings only): every mention of one person shares one decision.
    person: str | None = None
    # Extra facts later stages use (e.g. the person key a mention belongs to); not in the contract.
    attributes: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def redacts(self) -> bool:
        """True when the published text must not show this span as it is."""
        return self.action != "keep"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("attributes", None)
        return data

    def to_json(self, line: int, column: int) -> dict[str, Any]:
        """The JSON shape of `scan` and `check`: offsets, 1-based position, then the fields."""
        return {
            "start": self.start,
            "end": self.end,
            "line": line,
            "column": column,
            "text": self.text,
            "entity_type": self.entity_type,
            "score": self.score,
            "recognizer": self.recognizer,
            "action": self.action,
            "reason": self.reason,
            "replacement": self.replacement,
            "person": self.person,
        }
