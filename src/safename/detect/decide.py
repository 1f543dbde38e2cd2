"""From raw recognizer results to the findings a user sees.

Recognizers look at one span at a time; this step looks at the whole document. It merges
overlapping results, decides what is kept (staff, allowlist, existing pseudonyms, the
organisation's own contacts) and finds the other mentions of every detected name, so that
"Aminata" in paragraph five is caught because "Aminata Traoré, 24," was caught in paragraph one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from presidio_analyzer import RecognizerResult

from safename.config import Config
from safename.data import context
from safename.detect.lexicon import lexicon
from safename.detect.recognizers.base import phrase_regex
from safename.detect.recognizers.name_spans import stop_words, words
from safename.detect.roles import RoleRules, role_rules
from safename.findings import Finding
from safename.textutil import fold, is_all_caps, is_capitalised

_PRESIDIO_META = {
    RecognizerResult.RECOGNIZER_NAME_KEY,
    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY,
    "is_score_enhanced_by_context",
}
# Between two names of one list: "X and Y", "X (logistique) et Y (protection)", "X, Y".
COORDINATION = re.compile(r"^\s*(?:\([^)\n]{0,40}\))?\s*(?:,|and|et|&)\s*$")
PSEUDONYM_STAR = re.compile(r"([^\W\d_]+(?:['’\-][^\W\d_]+)*)\*")


@dataclass
class Candidate:
    start: int
    end: int
    entity_type: str
    score: float
    recognizers: list[str]
    reasons: list[str]
    keep_reason: str | None = None
    attributes: dict = field(default_factory=dict)

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def from_presidio(results: list[RecognizerResult]) -> list[Candidate]:
    out = []
    for r in results:
        meta = r.recognition_metadata or {}
        name = meta.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown")
        why = ""
        if r.analysis_explanation is not None:
            why = r.analysis_explanation.textual_explanation or ""
        facts = {k: v for k, v in meta.items() if k not in _PRESIDIO_META}
        out.append(
            Candidate(r.start, r.end, r.entity_type, r.score, [name], [why or name], None, facts)
        )
    return out


def merge_persons(cands: list[Candidate], text: str) -> list[Candidate]:
    """Union overlapping or space-adjacent PERSON spans ("Aminata" + "Traoré" -> one name)."""
    persons = sorted((c for c in cands if c.entity_type == "PERSON"), key=lambda c: c.start)
    merged: list[Candidate] = []
    for c in persons:
        if merged and (
            c.start < merged[-1].end
            or (
                text[merged[-1].end : c.start] in (" ", "\u00a0")
                and merged[-1].keep_reason == c.keep_reason
            )
        ):
            m = merged[-1]
            m.end = max(m.end, c.end)
            m.score = max(m.score, c.score)
            m.recognizers += [r for r in c.recognizers if r not in m.recognizers]
            m.reasons += [r for r in c.reasons if r not in m.reasons]
            m.keep_reason = m.keep_reason or c.keep_reason
        else:
            merged.append(c)
    return merged + [c for c in cands if c.entity_type != "PERSON"]


def drop_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep the strongest of overlapping findings of different types (e-mail over its domain).

    The kept spans never overlap, so a sorted list and bisect answer "is this span free?" in
    log time: a long case file has thousands of findings.
    """
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-c.score, -(c.end - c.start), c.start)):
        i = bisect.bisect_left(starts, c.start)
        if (i < len(starts) and starts[i] < c.end) or (i > 0 and ends[i - 1] > c.start):
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


class Resolver:
    def __init__(self, config: Config, language: str) -> None:
        self.config = config
        self.language = language
        self.rules: RoleRules = role_rules(language)
        ctx = context(language)
        self.pseudonym_marker = phrase_regex(ctx["pseudonym_markers"], before=r"^[\s\u00a0*]*")
        self.allow = [{fold(w.text) for w in words(name)} for name in config.allowlist]
        self.allow_full = {fold(name) for name in config.allowlist}
        self.org_contacts = {_contact_key(c) for c in config.organisation_contacts}

    def resolve(self, text: str, results: list[RecognizerResult]) -> list[Finding]:
        cands = from_presidio(results)
        cands = [c for c in cands if c.entity_type in self.config.entities]
        press = self.rules.press_blocks(text)
        starred = {fold(m.group(1)) for m in PSEUDONYM_STAR.finditer(text)}
        for c in cands:
            if c.entity_type == "PERSON":
                c.keep_reason = self._person_keep_reason(text, c, starred)
                in_press = any(s <= c.start < e for s, e in press)
                if c.keep_reason is None and in_press and self.config.keep_staff:
                    c.keep_reason = (
                        "staff or official: in the organisation's press-contact paragraph"
                    )
            else:
                c.keep_reason = self._contact_keep_reason(text, c, press)
        self._keep_coordinated_staff(text, cands)
        self._inherit_staff(text, cands)
        starred |= {
            fold(w.text)
            for c in cands
            if c.entity_type == "PERSON" and (c.keep_reason or "").startswith("existing pseudonym")
            for w in words(text[c.start : c.end])
        }
        for c in cands:
            if c.entity_type == "PERSON" and c.keep_reason is None:
                parts = {fold(w.text) for w in words(text[c.start : c.end])}
                if parts and parts <= starred:
                    c.keep_reason = "existing pseudonym (marked elsewhere in the text)"
        cands = merge_persons(cands, text)
        cands = drop_overlaps(cands)
        cands = self._propagate(text, cands, starred)
        cands = drop_overlaps(merge_persons(cands, text))
        findings = []
        for c in cands:
            if c.score < self.config.score_threshold and c.keep_reason is None:
                continue
            action = "keep" if c.keep_reason else self.config.action_for(c.entity_type)
            reason = "; ".join(r for r in c.reasons if r)
            if c.keep_reason:
                reason = f"kept: {c.keep_reason} ({reason})"
            findings.append(
                Finding(
                    c.start,
                    c.end,
                    text[c.start : c.end],
                    c.entity_type,
                    round(c.score, 2),
                    "+".join(c.recognizers),
                    action,
                    reason,
                    attributes=dict(c.attributes),
                )
            )
        return findings

    # -- keep decisions ---------------------------------------------------------------------

    def _inherit_staff(self, text: str, cands: list[Candidate]) -> None:
        """ "says Diop" is the photographer met earlier, unless a beneficiary shares the name.

        A mention inherits a staff member's keep only when all its words belong to that staff
        name and no other detected name (a beneficiary's) uses any of them: privacy first.
        """
        persons = [c for c in cands if c.entity_type == "PERSON"]
        staff = [c for c in persons if (c.keep_reason or "").startswith("staff")]
        if not staff:
            return
        parts = {id(c): {fold(w.text) for w in words(text[c.start : c.end])} for c in persons}
        for c in persons:
            if c.keep_reason is not None or not parts[id(c)]:
                continue
            owner = next((s for s in staff if parts[id(c)] <= parts[id(s)]), None)
            if owner is None:
                continue
            owner_parts = parts[id(owner)]
            shared = any(
                o.keep_reason is None
                and o is not c
                and not parts[id(o)] <= owner_parts
                and parts[id(o)] & parts[id(c)]
                for o in persons
            )
            if not shared:
                c.keep_reason = (
                    f"{owner.keep_reason} (another mention of '{text[owner.start : owner.end]}')"
                )

    def _keep_coordinated_staff(self, text: str, cands: list[Candidate]) -> None:
        """A name listed with a staff name is staff: "Enquêteurs : X et Y", "X (chair) and Y"."""
        persons = sorted((c for c in cands if c.entity_type == "PERSON"), key=lambda c: c.start)
        for prev, cur in zip(persons, persons[1:]):
            if (
                cur.keep_reason is None
                and (prev.keep_reason or "").startswith("staff")
                and COORDINATION.match(text[prev.end : cur.start])
            ):
                cur.keep_reason = prev.keep_reason + " (listed together)"

    def _person_keep_reason(self, text: str, c: Candidate, starred: set[str]) -> str | None:
        span = text[c.start : c.end]
        parts = {fold(w.text) for w in words(span)}
        if text[c.end : c.end + 1] == "*" or (parts and parts <= starred):
            return "existing pseudonym marked with '*'"
        if self.pseudonym_marker.search(text[c.end : c.end + 60]):
            return "existing pseudonym: " + self.pseudonym_marker.search(
                text[c.end : c.end + 60]
            ).group().strip(" *")
        if fold(span) in self.allow_full or any(parts and parts <= a for a in self.allow):
            return f"allowlisted in {self.config.source or 'the configuration'}"
        staff = self.rules.staff_reason(text, c.start, c.end) if self.config.keep_staff else None
        if staff:
            return f"staff or official: {staff}"
        return None

    def _contact_keep_reason(
        self, text: str, c: Candidate, press: list[tuple[int, int]]
    ) -> str | None:
        value = text[c.start : c.end]
        if _contact_key(value) in self.org_contacts:
            return "organisation contact listed in the configuration"
        if c.entity_type in ("EMAIL_ADDRESS", "URL"):
            domain = _domain(value)
            if domain and any(
                domain == d or domain.endswith("." + d) for d in self.config.organisation_domains
            ):
                return f"organisation domain {domain}"
        if c.entity_type == "SOCIAL_HANDLE" and value.startswith("@"):
            # "@IOM_Mali", "@OIMGuinee", "@UNMigration", "@EUinGhana": an acronym written in
            # capitals, then a capital, digit or separator.
            account = value[1:]
            for acronym in _org_acronyms():
                rest = account[len(acronym) :]
                if account.startswith(acronym) and (not rest or not rest[0].islower()):
                    return "organisation account"
                if len(acronym) >= 3 and account.lower().startswith(acronym.lower()):
                    return "organisation account"
        if c.entity_type == "PHONE_NUMBER":
            if c.attributes.get("phone_type") in ("toll_free", "shared_cost", "uan"):
                return f"public {c.attributes['phone_type'].replace('_', '-')} number"
            line = text[text.rfind("\n", 0, c.start) + 1 : text.find("\n", c.end) % (len(text) + 1)]
            for email in EMAIL_RE.findall(line):
                domain = _domain(email)
                if domain and any(
                    domain == d or domain.endswith("." + d)
                    for d in self.config.organisation_domains
                ):
                    return f"on one line with the organisation address {email}"
        if c.entity_type in ("PHONE_NUMBER", "EMAIL_ADDRESS", "URL") and any(
            s <= c.start < e for s, e in press
        ):
            return "in the organisation's press-contact paragraph"
        return None

    # -- other mentions of the same people --------------------------------------------------

    def _propagate(self, text: str, cands: list[Candidate], starred: set[str]) -> list[Candidate]:
        """Find every other mention of a detected name: given name alone, surname alone, caps."""
        lex = lexicon()
        stops = stop_words(self.language)
        forms: dict[str, tuple[Candidate, bool]] = {}
        for c in cands:
            if c.entity_type != "PERSON":
                continue
            beneficiary = c.keep_reason is None
            for w in words(text[c.start : c.end]):
                key = w.key
                if (
                    len(key) < 2
                    or key in stops
                    or lex.is_place(w.text)
                    or lex.is_organisation(w.text)
                ):
                    continue
                # A part shared by a beneficiary and a staff member is flagged: privacy first.
                if key not in forms or (beneficiary and forms[key][1] is False):
                    forms[key] = (c, beneficiary)
        if not forms:
            return cands
        covered = _covered_offsets(cands)
        added: list[Candidate] = []
        for w in words(text):
            if w.key not in forms or not (is_capitalised(w.text) or is_all_caps(w.text)):
                continue
            if covered(w.start, w.end):
                continue
            source, beneficiary = forms[w.key]
            label = text[source.start : source.end]
            if lex.is_common_word_name(w.text) and not is_capitalised(w.text):
                continue
            keep = None
            if not beneficiary:
                keep = source.keep_reason
            elif w.key in starred or text[w.end : w.end + 1] == "*":
                keep = "existing pseudonym marked with '*'"
            added.append(
                Candidate(
                    w.start,
                    w.end,
                    "PERSON",
                    source.score,
                    ["coreference"],
                    [f"another mention of '{label}' ({source.reasons[0]})"],
                    keep_reason=keep,
                )
            )
        return cands + added


EMAIL_RE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


@cache
def _org_acronyms() -> tuple[str, ...]:
    """Acronyms such as IOM, OIM, UNHCR: "@IOMNigeria" and "@OIMGuinee" are their accounts."""
    from safename.data import read_tsv

    names = (row["name"] for row in read_tsv("places", "organisations.tsv"))
    return tuple(sorted({n for n in names if n.isupper() and n.isalpha() and len(n) >= 2}))


def _covered_offsets(cands: list[Candidate]):
    """A test "does [start, end) overlap any candidate?" in log time (candidates may overlap)."""
    merged: list[list[int]] = []
    for c in sorted(cands, key=lambda c: c.start):
        if merged and c.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], c.end)
        else:
            merged.append([c.start, c.end])
    starts = [m[0] for m in merged]

    def covered(start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and merged[i][1] > start:
            return True
        return i + 1 < len(merged) and merged[i + 1][0] < end

    return covered


def _contact_key(value: str) -> str:
    value = value.strip().lower()
    digits = re.sub(r"\D", "", value)
    if "@" not in value and len(digits) >= 6:
        return digits[-9:]
    return value


def _domain(value: str) -> str | None:
    value = value.lower().strip()
    if "@" in value:
        return value.rsplit("@", 1)[1]
    m = re.match(r"^(?:[a-z]+://)?([^/:?#]+)", value)
    if not m:
        return None
    host = m.group(1)
    return host[4:] if host.startswith("www.") else host
