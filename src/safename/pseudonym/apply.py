"""Turning findings into a redacted document: pseudonyms, generalisations, placeholders.

This is the one place that decides every replacement of a document, because consistency is a
document-wide property: each name part gets one pseudonym for all its mentions, no two real
names share one, and no pseudonym may equal any word already in the text. Detection
(`Redactor.scan`) stays unaware of it; file formats only splice the replacements in.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, replace
from itertools import accumulate

from presidio_analyzer import RecognizerResult

from safename.config import Config
from safename.detect.grammar import Grammar
from safename.detect.recognizers.name_spans import words
from safename.findings import Finding
from safename.formats.base import append_footnote, place_footnote, splice
from safename.pseudonym.ages import rewrite_age
from safename.pseudonym.derive import Deriver, too_close
from safename.pseudonym.existing import existing_pseudonym_words
from safename.pseudonym.footnote import (
    MARKDOWN_LABEL,
    build_footnote,
    footnote_position,
    person_role,
)
from safename.pseudonym.french import dominant_apostrophe, elision_fix
from safename.pseudonym.gender import gender_origins, infer_gender, pseudonym_gender
from safename.pseudonym.generalise import NationalityRewriter, generalisation_words, identify
from safename.pseudonym.keys import EPHEMERAL_MESSAGE, SecretKey
from safename.pseudonym.persons import (
    GIVEN,
    Mention,
    Person,
    assign_roles,
    canonical_variants,
    group_persons,
    honorific_keys,
    name_words,
    nickname_links,
)
from safename.pseudonym.placeholders import Placeholders
from safename.pseudonym.places import rewrite_place
from safename.pseudonym.pools import name_gender, name_origins, name_pools
from safename.pseudonym.registry import PseudonymRegistry
from safename.pseudonym.result import RedactionResult
from safename.textutil import WORD_RE, fold, is_all_caps, is_capitalised

EPHEMERAL_WARNING = EPHEMERAL_MESSAGE
EXISTING_REASON = "kept: existing pseudonym (marked, or explained in a pseudonym footnote)"
GENERALISED_REASON = "kept: a generalisation safename wrote (e.g. 'West African')"
MAX_ROUNDS = 4
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?[ \u00a0]+$")


@dataclass(frozen=True)
class Part:
    """A distinct name part of the document that needs a pseudonym."""

    kind: str  # given or surname
    key: str  # folded real name part
    gender: str  # pool gender: f, m or u
    groups: frozenset[str]


@dataclass
class Edit:
    start: int
    end: int
    text: str
    # The same edit without widening over an article, used if widening would overlap.
    plain: tuple[int, int, str] | None = None


def case_like(model: str, name: str) -> str:
    """The pseudonym written the way the real name was: "AMINATA" -> "KADIATOU"."""
    if is_all_caps(model):
        return name.upper()
    if model[:1].islower():
        return name[:1].lower() + name[1:]
    return name


class Pseudonymiser:
    """Everything that stays the same across documents: settings, key, registry."""

    def __init__(
        self, config: Config, key: SecretKey, registry: PseudonymRegistry | None = None
    ) -> None:
        self.config = config
        self.key = key
        self.deriver = Deriver(key.material)
        self.registry = registry
        if registry is not None:
            registry.check_key(key.fingerprint)
        self.allow = {fold(w) for name in config.allowlist for w in WORD_RE.findall(name)}

    def redact(
        self,
        text: str,
        findings: list[Finding],
        language: str,
        *,
        markdown: bool = False,
        record: bool = True,
        dry_run: bool = False,
    ) -> RedactionResult:
        """Redact `text` given its findings.

        `record=False` leaves the registry file alone; `dry_run=True` does not even add new
        pseudonyms to the registry in memory (used to check a redaction is stable).
        """
        result = _DocumentRun(self, text, findings, language, markdown, dry_run).run()
        if self.key.ephemeral:
            result.warnings.append(EPHEMERAL_WARNING)
        if record and not dry_run and self.registry is not None:
            self.registry.save()
        return result


class _DocumentRun:
    """The state of one document's redaction."""

    def __init__(
        self,
        owner: Pseudonymiser,
        text: str,
        findings: list[Finding],
        language: str,
        markdown: bool,
        dry_run: bool = False,
    ) -> None:
        self.owner = owner
        self.dry_run = dry_run
        self.config = owner.config
        self.text = text
        self.language = language
        self.markdown_footnote = markdown and self.config.markdown_footnote
        self.marker = MARKDOWN_LABEL if self.markdown_footnote else self.config.pseudonym_marker
        self.findings = [replace(f, attributes=dict(f.attributes)) for f in findings]
        self.placeholders = Placeholders(language)
        self.apostrophe = dominant_apostrophe(text)
        self.existing = existing_pseudonym_words(
            text, (self.config.pseudonym_marker, self.marker), self.config.footnote_templates
        )
        self.doc_words = {fold(w) for w in WORD_RE.findall(text)}

    def run(self) -> RedactionResult:
        self._keep_existing_pseudonyms()
        self._sweep_other_mentions()
        edits: dict[int, Edit] = {}
        footnote_people = self._persons(edits)
        rewriter = NationalityRewriter(self.language, self.owner.deriver, self.placeholders)
        for i, f in enumerate(self.findings):
            if f.action == "keep" or i in edits:
                continue
            if f.entity_type == "NATIONALITY":
                r = rewriter.rewrite(self.text, f.start, f.end, f.action)
                edits[i] = Edit(r.start, r.end, r.text, plain=(f.start, f.end, r.text))
            elif f.entity_type == "LOCATION" and f.action == "generalize":
                r = rewrite_place(self.text, f.start, f.end, self.language, self._stated_country())
                edits[i] = Edit(r.start, r.end, r.text, plain=(f.start, f.end, r.text))
            elif f.entity_type == "AGE" and f.action == "generalize" and "age" in f.attributes:
                r = rewrite_age(
                    self.text,
                    f.start,
                    f.end,
                    int(f.attributes["age"]),
                    str(f.attributes.get("age_unit", "years")),
                    self.language,
                    strict=self.config.profile == "strict",
                )
                edits[i] = Edit(r.start, r.end, r.text, plain=(f.start, f.end, r.text))
            else:
                edits[i] = Edit(f.start, f.end, self.placeholders.label(f.entity_type, f.text))
        self._apply(edits)
        body = splice(
            self.text, [(f.start, f.end, f.replacement) for f in self.findings if f.redacts]
        )
        footnote = None
        at: int | None = None
        text = body
        if self.config.footnote and footnote_people:
            names = list(dict.fromkeys(name for name, _, _, _ in footnote_people))
            humans = {}  # one gender and role per human being, a nickname folded in
            for _, gender, role, who in footnote_people:
                humans.setdefault(who, (gender, role))
            footnote = build_footnote(
                names,
                [g for g, _ in humans.values()],
                self.language,
                self.config.pseudonym_marker,
                self.config.footnote_templates,
                self.apostrophe if self.language == "fr" else "'",
                markdown=self.markdown_footnote,
                roles=[r for _, r in humans.values()],
                people=len(humans),
            )
            at = footnote_position(self.text, self.findings, self.language)
            replaced = [(f.start, f.end, f.replacement or "") for f in self.findings if f.redacts]
            if at is not None and any(s < at < e for s, e, _ in replaced):
                at = None
            text = place_footnote(self.text, replaced, footnote, at)
        return RedactionResult(
            text=text,
            body=body,
            footnote=footnote,
            footnote_at=at if footnote is not None else None,
            findings=self.findings,
            language=self.language,
            ephemeral_key=self.owner.key.ephemeral,
        )

    def _stated_country(self) -> str | None:
        """The country of the first nationality the document states (for unknown villages)."""
        for f in self.findings:
            if f.entity_type == "NATIONALITY":
                nat = identify(f.text, self.language)
                if nat is not None:
                    return nat.iso2
        return None

    # -- which mentions ---------------------------------------------------------------------

    def _pseudonymised(self, f: Finding) -> bool:
        return f.entity_type == "PERSON" and f.action != "keep"

    def _keep_existing_pseudonyms(self) -> None:
        """Keep what an earlier redaction wrote: that is what makes redaction idempotent."""
        for f in self.findings:
            if f.action == "keep" or f.entity_type not in ("PERSON", "NATIONALITY"):
                continue
            keys = {fold(w) for w in WORD_RE.findall(f.text)}
            if keys and keys <= generalisation_words():
                f.action, f.reason = "keep", GENERALISED_REASON
                continue
            found = name_words(self.text, f.start, f.end, _named_by_cue(f))
            if f.entity_type == "PERSON" and found and all(w.key in self.existing for w in found):
                f.action, f.reason = "keep", EXISTING_REASON

    def _sweep_other_mentions(self) -> None:
        """Catch mentions of a redacted name that detection missed: no real name may survive."""
        sources: dict[str, Finding] = {}
        for f in self.findings:
            if self._pseudonymised(f):
                for w in name_words(self.text, f.start, f.end, _named_by_cue(f)):
                    if w.key not in self.existing:
                        sources.setdefault(w.key, f)
        if not sources:
            return
        # Whether a word overlaps a finding, by bisection: spans sorted by start and the
        # furthest end reached so far (testing every finding per word was quadratic).
        spans = sorted((f.start, f.end) for f in self.findings)
        starts = [s for s, _ in spans]
        reach = list(accumulate((e for _, e in spans), max))
        added = []
        for w in words(self.text):
            source = sources.get(fold(w.text))
            if source is None or not (is_capitalised(w.text) or is_all_caps(w.text)):
                continue
            k = bisect.bisect_left(starts, w.end)  # spans[:k] start before the word ends
            if k and reach[k - 1] > w.start:
                continue
            added.append(
                Finding(
                    w.start,
                    w.end,
                    w.text,
                    "PERSON",
                    source.score,
                    "coreference",
                    source.action,
                    f"another mention of '{source.text}' (found while redacting)",
                )
            )
        self.findings = sorted(self.findings + added, key=lambda f: (f.start, f.end))

    # -- people -----------------------------------------------------------------------------

    def _persons(self, edits: dict[int, Edit]) -> list[tuple[str, str, str | None, int]]:
        """Edits for every PERSON mention; returns (pseudonym, gender, role, who) for the
        footnote, where `who` numbers the human being: a nickname's entry has the number of the
        person it names (`nickname_links`), so the footnote counts one person, not two."""
        mentions = []
        for i, f in enumerate(self.findings):
            if not self._pseudonymised(f):
                continue
            found = [
                w
                for w in name_words(self.text, f.start, f.end, _named_by_cue(f))
                if w.key not in self.existing
            ]
            if not found:
                edits[i] = Edit(f.start, f.end, self.placeholders.label("PERSON", f.text))
                continue
            mentions.append(
                Mention(i, f.start, f.end, found, self._honorific_before(found[0].start), f.person)
            )
        if not mentions:
            return []
        canonical_variants(mentions)
        roles = assign_roles(mentions)
        people = group_persons(mentions, roles)
        starts = [m.start for m in mentions]
        for person in people:
            own = {m.start for m in person.mentions}
            given_names = [
                w.text for m in person.mentions for w in m.words if roles[w.key] == GIVEN
            ]
            person.gender = infer_gender(
                self.text,
                [(m.words[0].start, m.end) for m in person.mentions],
                given_names,
                self.language,
                [s for s in starts if s not in own],
            )
        chosen = self._choose(
            [p for p in people if any(self._action(m) == "pseudonymize" for m in p.mentions)]
        )
        footnote: list[tuple[str, str, str | None, int]] = []
        nickname_of = nickname_links(self.text, people, self.language)
        marked_words: set[str] = set()
        marked_people: set[int] = set()
        for number, person in enumerate(people):
            label = "|".join(person.given + person.surnames)
            for m in sorted(person.mentions, key=lambda m: m.start):
                f = self.findings[m.index]
                f.attributes.update(person=number, gender=person.gender)
                if f.action != "pseudonymize":
                    edits[m.index] = Edit(f.start, f.end, self.placeholders.label("PERSON", label))
                    continue
                keys = {w.key for w in m.words}
                position = self.config.marker_position
                mark = position == "every" or (
                    position == "first"
                    and (number not in marked_people or not keys <= marked_words)
                )
                if mark:
                    marked_people.add(number)
                    marked_words |= keys
                edits[m.index] = self._mention_edit(f, m, roles, chosen, person.gender, mark)
            if any(self._action(m) == "pseudonymize" for m in person.mentions):
                # The full pseudonym, so every marked word ("Bah*" too) is explained.
                full = [chosen[(GIVEN, k)] for k in person.given]
                full += [chosen[("surname", k)] for k in person.surnames]
                role = person_role(
                    self.text, [(m.start, m.end) for m in person.mentions], self.language
                )
                footnote.append(
                    (" ".join(full), person.gender, role, nickname_of.get(number, number))
                )
        return footnote

    def _honorific_before(self, pos: int) -> bool:
        m = _WORD_BEFORE.search(self.text, max(0, pos - 14), pos)
        # Capitalised only: "Brother Kwiriba" is a title, "her brother Kwiriba" a relation.
        return bool(m) and is_capitalised(m.group(1)) and fold(m.group(1)) in honorific_keys()

    def _mention_edit(
        self,
        f: Finding,
        m: Mention,
        roles: dict[str, str],
        chosen: dict[tuple[str, str], str],
        gender: str,
        mark: bool,
    ) -> Edit:
        pieces, pos = [], f.start
        for w in m.words:
            pieces += [self.text[pos : w.start], case_like(w.text, chosen[(roles[w.key], w.key)])]
            pos = w.end
        if mark:
            pieces.append(self.marker)
        pieces.append(self.text[pos : f.end])
        replacement = "".join(pieces)
        first = m.words[0]
        if self.language == "fr":
            head = chosen[(roles[first.key], first.key)]
            fix = elision_fix(
                self.text, first.start, head, gender, self.apostrophe, is_all_caps(first.text)
            )
            if fix is not None:
                start = min(f.start, fix.start)
                tail = replacement[first.start - f.start :]
                widened = self.text[start : fix.start] + fix.text + tail
                return Edit(start, f.end, widened, plain=(f.start, f.end, replacement))
        return Edit(f.start, f.end, replacement)

    def _action(self, m: Mention) -> str:
        return self.findings[m.index].action

    def _choose(self, people: list[Person]) -> dict[tuple[str, str], str]:
        """One pseudonym per name part; collisions resolved in a key-dependent, fixed order."""
        parts = self._parts(people)
        registry = self.owner.registry
        deriver = self.owner.deriver
        forbidden = self.doc_words | self.owner.allow | self.existing
        taken: set[str] = set()
        chosen: dict[tuple[str, str], str] = {}
        order = sorted(parts, key=lambda p: deriver.digest("order", p.kind, p.key))
        # Keyed by the real name part alone, so a story's wording cannot add a second entry.
        digests = {p: PseudonymRegistry.digest(deriver, p.kind, p.key) for p in order}
        if registry is not None:
            for p in order:
                legacy = PseudonymRegistry.legacy_digests(deriver, p.kind, p.key)
                known = registry.lookup(digests[p], legacy)
                if known and fold(known) not in forbidden | taken and not too_close(known, p.key):
                    chosen[(p.kind, p.key)] = known
                    taken.add(fold(known))
                    if not self.dry_run:
                        registry.assign(digests[p], known)  # a legacy entry, now by name
            taken |= registry.used()
        pools = name_pools()
        for p in order:
            if (p.kind, p.key) in chosen:
                continue

            def accept(candidate: str, p: Part = p) -> bool:
                key = fold(candidate)
                return not too_close(key, p.key) and key not in forbidden and key not in taken

            pseudonym = None
            for groups in (p.groups, frozenset()):
                if p.kind == GIVEN:
                    candidates = pools.given_candidates(set(groups), p.gender)
                else:
                    candidates = pools.surname_candidates(set(groups))
                pseudonym = deriver.choose(f"{p.kind}:{p.gender}", p.key, candidates, accept)
                if pseudonym is not None:
                    break
            if pseudonym is None:  # every name in the tables is taken: still never leak
                pseudonym = self.placeholders.label("PERSON", p.key)
            chosen[(p.kind, p.key)] = pseudonym
            taken.add(fold(pseudonym))
            if registry is not None and not self.dry_run and not pseudonym.startswith("["):
                registry.assign(digests[p], pseudonym)
        return chosen

    def _parts(self, people: list[Person]) -> list[Part]:
        pools = name_pools()
        neutral = self.config.neutral_gender
        pinned = self.owner.registry is not None
        hint: set[str] = set()
        for f in self.findings:
            if f.entity_type == "NATIONALITY":
                nat = identify(f.text, self.language)
                if nat is not None:
                    hint |= pools.groups_for_country(nat.iso2)
        parts: dict[tuple[str, str], Part] = {}
        for person in people:
            for kind, keys, others in (
                (GIVEN, person.given, person.surnames),
                ("surname", person.surnames, person.given),
            ):
                for key in keys:
                    if (kind, key) in parts and parts[(kind, key)].gender != "u":
                        continue
                    # The part alone decides, so "Aminata" maps the same in every story; the
                    # rest of the name or the story's nationality only helps unknown names.
                    origins = name_origins(key, kind)
                    if not origins:
                        origins = set().union(*(name_origins(o) for o in others))
                    # The story's nationality is document evidence: only a registry, which
                    # pins the choice for every later story, may use it.
                    groups = pools.groups_for_origins(origins) or (hint if pinned else set())
                    gender = ""
                    if kind == GIVEN:
                        surname_origins = set().union(*(name_origins(o, "surname") for o in others))
                        gender = pseudonym_gender(
                            key,
                            person.gender,
                            pinned=pinned,
                            neutral=neutral,
                            other_origins=surname_origins,
                        )
                        if name_gender(key) == "u" and gender in ("f", "m"):
                            # "Yacine Faye" is a Wolof woman's name: a Wolof woman's pseudonym.
                            narrowed = pools.groups_for_origins(gender_origins(key, gender))
                            groups = (set(groups) & narrowed) or set(groups)
                    parts[(kind, key)] = Part(kind, key, gender, frozenset(groups))
        return list(parts.values())

    # -- splicing ---------------------------------------------------------------------------

    def _apply(self, edits: dict[int, Edit]) -> None:
        end = 0
        for i, f in enumerate(self.findings):
            edit = edits.get(i)
            if f.action == "keep" or edit is None:
                end = max(end, f.end)
                continue
            start, stop, text = edit.start, edit.end, edit.text
            if start < end and edit.plain is not None:
                start, stop, text = edit.plain
            f.start, f.end = start, stop
            f.text = self.text[start:stop]
            f.replacement = text
            end = stop


# How far around a replacement the recognizers that need no parse are re-run on the output. Their
# patterns look at a few words either side of a match (an honorific, "24,", "Tel:"), far less than
# this; windows never cross a blank line, where no recognizer looks across.
CHECK_CONTEXT = 80
# A match this close to the cut edge of a window may be a piece of a longer one: not trusted.
EDGE = 24


@dataclass(frozen=True)
class Region:
    """One replacement: its span in the original text and in the redacted body."""

    start: int
    end: int
    out_start: int
    out_end: int
    entity_type: str


def regions_of(result: RedactionResult) -> list[Region]:
    out, shift = [], 0
    for f in sorted(result.findings, key=lambda f: f.start):
        if f.redacts and f.replacement is not None:
            out_start = f.start + shift
            shift += len(f.replacement) - (f.end - f.start)
            out.append(
                Region(f.start, f.end, out_start, out_start + len(f.replacement), f.entity_type)
            )
    return out


def transplant(
    results: list[RecognizerResult], regions: list[Region], parse_recognizers: frozenset[str]
) -> list[RecognizerResult]:
    """The original text's results in the redacted body's offsets, for the parts it kept.

    A result that overlaps a replacement is dropped (the local re-run sees the replacement
    itself), except a spaCy PERSON entity over pseudonyms: spaCy is not re-run, so its entity is
    carried over onto the pseudonyms that replaced it.
    """
    starts = [g.start for g in regions]
    ends = [g.end for g in regions]
    shifts = [0]
    for g in regions:
        shifts.append(shifts[-1] + (g.out_end - g.out_start) - (g.end - g.start))

    def moved(pos: int, is_end: bool) -> int:
        n = bisect.bisect_right(ends, pos)  # replacements wholly before pos
        if n < len(regions) and regions[n].start < pos:  # inside one
            return regions[n].out_end if is_end else regions[n].out_start
        return pos + shifts[n]

    out: list[RecognizerResult] = []
    for r in results:
        hit = regions[bisect.bisect_right(ends, r.start) : bisect.bisect_left(starts, r.end)]
        if hit:
            name = (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY)
            if name not in parse_recognizers or any(g.entity_type != r.entity_type for g in hit):
                continue
        out.append(_moved(r, moved(r.start, False), moved(r.end, True)))
    return out


def _moved(r: RecognizerResult, start: int, end: int) -> RecognizerResult:
    moved = copy(r)
    moved.start, moved.end = start, end
    return moved


def check_windows(body: str, regions: list[Region]) -> list[tuple[int, int]]:
    """Spans of the body around the replacements, cut at blank lines and words, merged."""
    spans: list[tuple[int, int]] = []
    for g in regions:
        lo = max(0, g.out_start - CHECK_CONTEXT)
        hi = min(len(body), g.out_end + CHECK_CONTEXT)
        para = body.rfind("\n\n", lo, g.out_start)
        if para >= 0:
            lo = para + 2
        else:  # back to the word's start, but not through a megabyte-long "word"
            stop = max(0, lo - CHECK_CONTEXT)
            while lo > stop and not body[lo - 1].isspace():
                lo -= 1
        para = body.find("\n\n", g.out_end, hi)
        if para >= 0:
            hi = para
        else:
            stop = min(len(body), hi + CHECK_CONTEXT)
            while hi < stop and not body[hi].isspace():
                hi += 1
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def recheck(
    body: str,
    regions: list[Region],
    results: list[RecognizerResult],
    local: Callable[[str], list[RecognizerResult]],
    parse_recognizers: frozenset[str],
) -> list[RecognizerResult]:
    """What a scan of the redacted body would get from the recognizers, without parsing it.

    Away from the replacements the text is the same, so are the results: they are carried
    over. Around each replacement the recognizers that need no parse run again on the output,
    so a pseudonym that grows into a name with its neighbour ("Tabe Okręgowy") or a placeholder
    that breaks a list of case numbers is seen as a second redaction would see it.
    """
    carried = transplant(results, regions, parse_recognizers)
    seen = {(r.start, r.end, r.entity_type) for r in carried}
    for lo, hi in check_windows(body, regions):
        cut_lo = lo > 0 and body[lo - 2 : lo] != "\n\n"
        cut_hi = hi < len(body) and body[hi : hi + 2] != "\n\n"
        for r in local(body[lo:hi]):
            start, end = r.start + lo, r.end + lo
            if (cut_lo and start < lo + EDGE) or (cut_hi and end > hi - EDGE):
                continue
            if (start, end, r.entity_type) in seen:
                continue
            seen.add((start, end, r.entity_type))
            carried.append(_moved(r, start, end))
    return carried


def redact_once(
    text: str,
    results: list[RecognizerResult],
    grammar: Grammar,
    resolve: Callable[[str, list[RecognizerResult], Grammar], list[Finding]],
    local: Callable[[str], list[RecognizerResult]],
    pseudonymiser: Pseudonymiser,
    language: str,
    *,
    markdown: bool = False,
    record: bool = True,
    parse_recognizers: frozenset[str] = frozenset({"SpacyPersonRecognizer"}),
) -> RedactionResult:
    """Redact `text` from its one parse, and make sure a second redaction would change nothing.

    Detection looks at context, and replacing a name changes it: a pseudonym can grow into a
    name with a capitalised neighbour, a placeholder can break a list of case numbers. Instead of
    parsing the output again, the output's results are rebuilt from the original's (the text
    away from replacements is unchanged) plus the parse-free recognizers re-run around each
    replacement (`recheck`); they are resolved and redacted (dry run) as a second `redact`
    would, and whatever that would still change is folded back into the original's findings,
    for at most MAX_ROUNDS rounds. Without a parse nothing is run twice through spaCy; the
    tests check `redact(redact(x)) == redact(x)` with real parses on every corpus document.
    """
    findings = resolve(text, results, grammar)
    result = pseudonymiser.redact(text, findings, language, markdown=markdown, record=False)
    for _ in range(MAX_ROUNDS - 1):
        if not result.changed:
            break
        regions = regions_of(result)
        later = recheck(result.body, regions, results, local, parse_recognizers)
        # The rebuilt results have body offsets: the footnote goes after the body here even
        # when the output has it before a press-contact block.
        seen = append_footnote(result.body, result.footnote)
        check = pseudonymiser.redact(
            seen,
            resolve(seen, later, grammar.shifted(regions)),
            language,
            markdown=markdown,
            record=False,
            dry_run=True,
        )
        missed = map_back(result, check.findings)
        if not missed:
            break
        # A kept finding the second redaction would change (its context was a false positive
        # that got replaced) is replaced by the later decision: privacy first.
        redone = {(f.start, f.end) for f in missed}
        findings = [f for f in findings if (f.start, f.end) not in redone]
        findings = merge_adjacent_persons(text, findings + missed)
        result = pseudonymiser.redact(text, findings, language, markdown=markdown, record=False)
    if record and pseudonymiser.registry is not None:
        pseudonymiser.registry.save()
    return result


def map_back(result: RedactionResult, later: list[Finding]) -> list[Finding]:
    """Findings of a scan of `result.text` that would change it, as findings of the original.

    Only text outside the replacements maps back; of a later PERSON finding that overlaps a
    pseudonym ("Kadiatou* Flow"), the words outside it ("Flow") are taken one by one. A span
    that partly overlaps an original finding is left out; one equal to a kept finding is taken.
    """
    regions: list[tuple[int, int, int]] = []  # body start, body end, shift after
    shift = 0
    for f in sorted(result.findings, key=lambda f: f.start):
        if f.redacts and f.replacement is not None:
            start = f.start + shift
            shift += len(f.replacement) - (f.end - f.start)
            regions.append((start, start + len(f.replacement), shift))

    def original(start: int, end: int) -> tuple[int, int] | None:
        offset = 0
        for r_start, r_end, after in regions:
            if start < r_end and r_start < end:
                return None
            if r_end <= start:
                offset = after
        return start - offset, end - offset

    body = result.body
    out: list[Finding] = []
    for g in later:
        if not g.redacts or g.end > len(body):
            continue
        spans = [(g.start, g.end)]
        if g.entity_type == "PERSON" and original(g.start, g.end) is None:
            spans = [(w.start, w.end) for w in name_words(body, g.start, g.end)]
        for start, end in spans:
            mapped = original(start, end)
            if mapped is None or any(
                f.start < mapped[1] and mapped[0] < f.end and (f.start, f.end) != mapped
                for f in result.findings
            ):
                continue
            out.append(replace(g, start=mapped[0], end=mapped[1], attributes={}))
    return out


def merge_adjacent_persons(text: str, findings: list[Finding]) -> list[Finding]:
    """Sort, drop exact duplicates, and join PERSON findings one space apart ("Sani" + "Flow")."""
    merged: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if merged and f.start < merged[-1].end:
            continue
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.entity_type == f.entity_type == "PERSON"
            and prev.action == f.action != "keep"
            and text[prev.end : f.start] in (" ", "\u00a0")
        ):
            merged[-1] = replace(prev, end=f.end, text=text[prev.start : f.end])
            continue
        merged.append(replace(f, text=text[f.start : f.end]))
    return merged


def _named_by_cue(f: Finding) -> bool:
    """A mention found from a relative's word or an honorific right before it ("her daughter
    Assamaka", "Mme Kayes"): evidence strong enough for a town's name to be a person's."""
    return f.entity_type == "PERSON" and bool(
        re.search(r"(?:^|; )after (?:the honorific )?'", f.reason or "")
    )
