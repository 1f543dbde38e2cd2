"""From raw recognizer results to the findings a user sees.

Recognizers look at one span at a time; this step looks at the whole document. It merges
overlapping results, decides what is kept (staff, allowlist, existing pseudonyms, the
organisation's own contacts) and finds the other mentions of every detected name, so that
"Aminata" in paragraph five is caught because "Aminata Traoré, 24," was caught in paragraph one.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property

from presidio_analyzer import RecognizerResult

from safename.config import Config
from safename.data import context
from safename.detect.common_words import in_no_dictionary, is_common_word
from safename.detect.grammar import Grammar
from safename.detect.lexicon import lexicon
from safename.detect.persons import Evidence, Person, cluster, name_keys
from safename.detect.places import resolve_home_places
from safename.detect.recognizers.base import phrase_regex
from safename.detect.recognizers.location import LocationRecognizer
from safename.detect.recognizers.name_spans import (
    MONTHS_DAYS,
    Word,
    honorific_words,
    not_name_words,
    stop_words,
    words,
)
from safename.detect.recognizers.nationality import (
    LANGUAGE_BEFORE,
    LANGUAGE_SENTENCE,
    PLURAL_NOUN_AFTER,
    _transit_countries,
    plural_only_forms,
)
from safename.detect.roles import RoleRules, role_rules
from safename.detect.things import leading_title_words, not_a_name
from safename.findings import Finding
from safename.textutil import fold, is_all_caps, is_capitalised, line_around, line_before

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
    # Person model (detect/persons.py): filled for PERSON candidates before the decision.
    surface: str = ""
    keys: set = field(default_factory=set)
    person: Person | None = None
    ambiguous: list = field(default_factory=list)

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
        sp = r"[ \t\u00a0]"
        name = r"[A-ZÀ-Ý][^\W\d_]*(?:['’\-][^\W\d_]+)*"
        self._coord_after = re.compile(rf"^{sp}*(?:,{sp}*)?(?:and|et|&)?{sp}*(?=[A-ZÀ-Ý])")
        self._coord_before = re.compile(rf"\b({name}){sp}+(?:and|et|&){sp}*$")
        kin = [k for k in ctx["kin_nouns"] if not k.startswith(("colleague", "collègue"))]
        self._kin_of_before = phrase_regex(
            kin, before=r"\b", after=rf"{sp}+(?:of|de|du|d['’]){sp}*$"
        )
        self._kin_of_appos = re.compile(rf"^['’]?s?{sp}*,{sp}*({name}){sp}*,")
        self._kin_before = phrase_regex(kin, before=r"(?<![\w-])", after=rf"{sp}*,?{sp}*$")
        verbs = sorted(ctx.get("speech_verbs", []), key=len, reverse=True)
        self._speech_name = re.compile(
            r"(?P<verb>\b(?:" + "|".join(re.escape(v) for v in verbs) + rf")){sp}+"
            rf"(?P<name>{name})(?=[\s,.;:!?»”\"]|$)"
        )
        # "A.M., 30", "M.C.Y." and a lone capital glued to a nationality ("B, Malien").
        self._initials = re.compile(
            r"(?<![\w.])(?:[A-Z]\.){2,3}(?![\w])|(?<![\w.’'])[A-Z](?=[,.] ?[A-ZÀ-Ý][a-zà-ÿ]+)"
        )
        demonyms = ctx_demonym_regex()
        self._initials_tail = re.compile(
            rf"^(?:,{sp}*\d{{1,2}}\b|,?{sp}*(?:and|et){sp}+(?:[A-Z]\.){{2,3}}"
            rf"|[,.]{sp}*(?i:{ctx_demonym_regex(False)})\b)"
        )
        self._age_after = re.compile(ctx["age_apposition_regex"], re.IGNORECASE)
        self._thing_nouns = frozenset(fold(n) for n in ctx.get("thing_nouns", []))
        self._place_name_tail = re.compile(r"^[ \u00a0]+(?:City|State|Town|Region)\b")
        self._list_next = re.compile(rf"^{sp}*(?:,|and|et|&){sp}+[A-ZÀ-Ý]")
        # Case-sensitive on purpose: "(Danish Refugee Council)" and ", Migrant Health Officer"
        # are an organisation and a title, ", a returnee" is a person.
        self._benef_appos = re.compile(ctx["beneficiary_apposition_regex"])
        self._demonym_appos = re.compile(
            rf"^{sp}*,{sp}*(?:(?:a|an|the|une?|la|le|l['’])\s*)?(?:young{sp}+|jeune{sp}+)?(?:{demonyms})\b",
            re.IGNORECASE,
        )
        titles = phrase_regex(
            ctx["staff_titles"] + ctx["public_titles"] + ctx["weak_titles"], before="", after=""
        ).pattern
        self._title_soon = re.compile(rf"^(?:{sp}+[\w\-'’]+){{0,2}}?{sp}+(?i:{titles})\b")

    def resolve(
        self, text: str, results: list[RecognizerResult], grammar: Grammar | None = None
    ) -> list[Finding]:
        """Candidates -> things that are no names dropped -> persons -> one decision each."""
        grammar = grammar or Grammar()
        cands = from_presidio(results)
        cands = [c for c in cands if c.entity_type in self.config.entities]
        cands = self._drop_non_names(text, cands, grammar)
        press = self.rules.press_blocks(text)
        for c in cands:
            if c.entity_type != "PERSON":
                c.keep_reason = self._contact_keep_reason(text, c, press)
        cands = merge_persons(cands, text)
        cands = drop_overlaps(cands)
        cands = cands + self._grammar_mentions(text, cands, grammar)
        cands = drop_overlaps(merge_persons(cands, text))
        cands = self._propagate(text, cands)
        cands = drop_overlaps(merge_persons(cands, text))
        # Mentions found by propagation anchor lists and appositions in their turn.
        more = self._grammar_mentions(text, cands, grammar)
        if more:
            cands = self._propagate(text, drop_overlaps(merge_persons(cands + more, text)))
            cands = drop_overlaps(merge_persons(cands, text))
        self._decide_persons(text, cands, press)
        cands = self._home_places(text, cands, grammar)
        self._attach_quasi_identifiers(text, cands)
        cands = self._one_decision_per_country(text, cands)
        findings = []
        for c in cands:
            if c.score < self.config.score_threshold and c.keep_reason is None:
                continue
            action = "keep" if c.keep_reason else self.config.action_for(c.entity_type)
            if action == "keep" and not c.keep_reason:
                c.keep_reason = (
                    f"the '{self.config.profile}' profile keeps {c.entity_type}"
                    if self.config.profile == "minimal"
                    else f"actions.{c.entity_type} = keep in the configuration"
                )
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
                    person=c.person.id if c.person is not None else None,
                    attributes=dict(c.attributes),
                )
            )
        return findings

    # -- things that are no names ----------------------------------------------------------

    def _drop_non_names(
        self, text: str, cands: list[Candidate], grammar: Grammar
    ) -> list[Candidate]:
        """Trim title words off names ("Tailor Awa Diop") and drop what is no name at all."""
        out = []
        for c in cands:
            if c.entity_type == "URL" and text[c.end : c.end + 1].isalpha():
                continue  # "© UNHCR/H.Reichenberger": "H.Re" is no address, it ends mid-word
            if c.entity_type == "NATIONALITY" and self._place_name_tail.match(text[c.end :]):
                continue  # "Benin City", "Edo State": a place, not a country
            if c.entity_type == "NATIONALITY" and self._describes_a_thing(text, c, grammar):
                continue  # "la diaspora malienne", "the Libyan city of Bayda"
            if c.entity_type != "PERSON":
                out.append(c)
                continue
            blank = BLANK_LINE_RE.search(text, c.start, c.end)
            if blank:  # a name never runs over a blank line ("Rasmané Kaboré\n\nPhoto 2 –")
                rest = Candidate(
                    blank.end(), c.end, "PERSON", c.score, list(c.recognizers), list(c.reasons)
                )
                c.end = blank.start()
                cands.append(rest)  # looked at in its turn (this loop reads the growing list)
            if fold(text[c.start : c.end]) not in _public_figures():
                introduced = any("introduced as a name" in r for r in c.reasons)
                c.start = leading_title_words(
                    text, c.start, c.end, self.language, grammar, introduced=introduced
                )
            if c.start >= c.end:
                continue
            if not_a_name(text, c.start, c.end, c.reasons, grammar, self.language):
                continue
            out.append(c)
        return out

    def _describes_a_thing(self, text: str, c: Candidate, grammar: Grammar) -> bool:
        """A demonym used as the adjective of a thing or place noun ("bureau sénégalais",
        "l'enfer libyen", "the Senegalese town of M'Bour") says where a thing is, not who.

        The nouns are a closed list (thing_nouns in data/context): before any other noun ("un
        maçon ghanéen", "passeport malien") the demonym is kept as a person's: privacy first."""
        if not any("demonym" in r for r in c.reasons):
            return False
        if self.language == "fr":
            if text[c.start].isupper():
                return False  # "un Tunisien": a noun, a person
            m = _WORD_BEFORE.search(text, max(0, c.start - 40), c.start)
            if m and fold(m.group(1)) in ("ou", "et"):
                # "l'enfer libyen ou nigérien": the second adjective of the same noun
                prev = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
                found = prev and lexicon().nationality(prev.group(1), self.language)
                if found and found[0] == "demonym":
                    m = _WORD_BEFORE.search(text, max(0, prev.start() - 40), prev.start())
            return bool(m) and m.group(1)[:1].islower() and fold(m.group(1)) in self._thing_nouns
        # English: the noun follows, maybe after one adjective ("the Libyan coastal city").
        nxt = _NEXT_WORDS.match(text, c.end)
        if not nxt:
            return False
        return any(fold(w) in self._thing_nouns for w in nxt.groups() if w and w[:1].islower())

    def _grammar_mentions(
        self, text: str, cands: list[Candidate], grammar: Grammar
    ) -> list[Candidate]:
        """Names no recognizer anchored, found from their place in the sentence.

        "Ismaël and Masjdi" (coordinated with a found name), "conclut ZABEROU" (after a verb of
        saying), "La sœur d'Awa, Esohe," (apposition to a relative of a found name), "A.M., 30"
        and "B, Malien," (initials with an age or a nationality). A word qualifies only if it is
        capitalised, no ordinary word, place, organisation or nationality, and, where the
        pipeline has a tagger, a proper noun (or written in capitals).
        """
        lex = lexicon()
        persons = [c for c in cands if c.entity_type == "PERSON"]
        covered = _covered_offsets(cands)
        out: list[Candidate] = []

        def ok(w) -> bool:
            if covered(w.start, w.end) or any(o.start < w.end and w.start < o.end for o in out):
                return False
            if not (is_capitalised(w.text) or is_all_caps(w.text)) or len(w.text) < 2:
                return False
            if w.key in stop_words(self.language) or w.key in not_name_words(self.language):
                return False
            if w.key in MONTHS_DAYS or w.key in honorific_words(self.language):
                return False
            if lex.is_non_person(w.text) or is_common_word(w.text, self.language):
                return False
            if grammar and not is_all_caps(w.text):
                pos = grammar.pos_at(w.start)
                if pos is not None and pos not in ("PROPN", "NOUN", "X"):
                    return False
            return not_a_name(text, w.start, w.end, [], grammar, self.language) is None

        def add(w, why: str) -> None:
            out.append(Candidate(w.start, w.end, "PERSON", 0.7, ["grammar"], [why]))

        for c in persons:
            tail = text[c.end : c.end + 40]
            m = self._coord_after.match(tail)
            if m and m.group().strip():
                ws = words(text[c.end + m.end() : c.end + m.end() + 30])
                if ws and ws[0].start == 0:
                    w = _shift(ws[0], c.end + m.end())
                    # "X, Y" only inside a list that goes on ("Glory, Saidat, Toyin and ...").
                    listed = m.group().strip() != "," or self._list_next.match(text[w.end :])
                    if listed and ok(w):
                        add(w, f"listed with '{text[c.start : c.end]}'")
            head = text[max(0, c.start - 40) : c.start]
            m = self._coord_before.search(head)
            if m:
                off = c.start - len(head) + m.start(1)
                w = words(text[off : off + len(m.group(1))])
                if w and ok(_shift(w[0], off)):
                    add(_shift(w[0], off), f"listed with '{text[c.start : c.end]}'")
            m = self._kin_of_appos.match(tail) if self._kin_of_before.search(head) else None
            if m:
                off = c.end + m.start(1)
                w = words(text[off : off + len(m.group(1))])
                if w and ok(_shift(w[0], off)):
                    add(_shift(w[0], off), f"apposition to a relative of '{text[c.start : c.end]}'")
        for m in self._speech_name.finditer(text):
            off = m.start("name")
            w = words(text[off : m.end("name")])
            if w and ok(_shift(w[0], off)):
                add(_shift(w[0], off), f"speaks after '{m.group('verb').strip()}'")
        initials = [m for m in self._initials.finditer(text) if m.group() not in _NOT_INITIALS]
        for k, m in enumerate(initials):
            tail = text[m.end() : m.end() + 40]
            near = any(
                o is not m and abs(o.start() - m.start()) < 80 and "." in o.group()
                for o in initials[max(0, k - 1) : k + 2]
            )
            if self._initials_tail.match(tail) or ("." in m.group() and near):
                out.append(
                    Candidate(
                        m.start(),
                        m.end(),
                        "PERSON",
                        0.7,
                        ["grammar"],
                        ["initials with an age or a nationality"],
                    )
                )
        return out

    # -- one decision per person -------------------------------------------------------------

    def _decide_persons(
        self, text: str, cands: list[Candidate], press: list[tuple[int, int]]
    ) -> list[Person]:
        """Cluster the PERSON candidates and give every mention its person's decision.

        Precedence (persons.PRECEDENCE): allowlist > pseudonym marker > beneficiary evidence >
        staff evidence > default beneficiary. A mention that fits several persons ("Diallo"
        with two Diallos) is kept only if every one of them is kept: privacy first.
        """
        mentions = sorted((c for c in cands if c.entity_type == "PERSON"), key=lambda c: c.start)
        ignore = honorific_words(self.language)
        for c in mentions:
            c.surface = text[c.start : c.end]
            c.keys = name_keys(c.surface, ignore)
        persons = cluster(mentions, ignore)
        # A person's evidence by offset too, in the order of person.evidence: the list rules
        # below read what was said at one mention, and scanning all of a person's evidence
        # at each of their mentions was quadratic in a long file naming them thousands of times.
        said_at: dict[tuple[int, int], list[Evidence]] = defaultdict(list)

        def add(person: Person, ev: Evidence) -> None:
            person.evidence.append(ev)
            said_at[id(person), ev.at].append(ev)

        for c in mentions:
            if c.person is not None:
                for ev in self._evidence(text, c, press):
                    add(c.person, ev)
        # "X, Y and Z (not real names)": a plural marker or a staff list covers the whole list
        # (walked backwards, so the marker after Z reaches X).
        for prev, cur in reversed(list(zip(mentions, mentions[1:]))):
            if prev.person is None or cur.person is None:
                continue
            if not COORDINATION.match(text[prev.end : cur.start]):
                continue
            for ev in list(said_at.get((id(cur.person), cur.start), ())):
                if ev.kind == "pseudonym" and _plural_marker(ev.reason):
                    add(prev.person, Evidence("pseudonym", ev.reason, prev.start))
        for prev, cur in zip(mentions, mentions[1:]):
            if prev.person is None or cur.person is None:
                continue
            if COORDINATION.match(text[prev.end : cur.start]):
                for ev in said_at.get((id(prev.person), prev.start), ()):
                    if ev.kind == "staff":
                        why = ev.reason + " (listed together)"
                        add(cur.person, Evidence("staff", why, cur.start))
                        break
        # The evidence is complete now: one decision per person, not one per mention (a person
        # named 7,000 times in a long file made this loop quadratic).
        decisions: dict[int, Evidence | None] = {}

        def decision(person: Person) -> Evidence | None:
            key = id(person)
            if key not in decisions:
                decisions[key] = person.decision()
            return decisions[key]

        for c in mentions:
            if c.person is None:
                continue
            ev = decision(c.person)
            keep = _keep_reason(ev)
            if keep and any(_keep_reason(decision(o)) is None for o in c.ambiguous):
                keep = None  # shared by a beneficiary: flagged
                c.reasons.append("the name is shared with a person who is not kept")
            if keep and ev is not None and ev.at != c.start:
                where = text[ev.at : ev.at + 40].split("\n")[0]
                keep += f", said of the same person at offset {ev.at} ('{where[:30]}')"
            c.keep_reason = keep
            if keep is None and ev is not None and ev.kind == "beneficiary" and ev.at != c.start:
                c.reasons.append(f"same person as the mention at {ev.at}: {ev.reason}")
        return persons

    def _home_places(self, text: str, cands: list[Candidate], grammar: Grammar) -> list[Candidate]:
        """One decision per home place in the document (detect/places.py): weak finds before
        a transit place dropped, the places written with a home and its other mentions added,
        and a country written with a home place made the person's origin."""
        if "LOCATION" not in self.config.entities:
            return cands
        homes = [
            (c.start, c.end, c.attributes.pop("home_cue", "") == "weak", "; ".join(c.reasons))
            for c in cands
            if c.entity_type == "LOCATION" and not c.keep_reason
        ]
        if not homes:
            return cands
        # "people from Ber" after "his parents in the city of Ber": spaCy's PERSON tag alone
        # does not make a person of a name the story gives as a home place.
        home_names = {fold(text[start:end]) for start, end, *_ in homes}
        tagged = {
            id(c)
            for c in cands
            if c.entity_type == "PERSON"
            and c.keep_reason is None
            and fold(text[c.start : c.end]) in home_names
            and all("spaCy NER" in r for r in c.reasons)
        }
        covered = _covered_offsets(
            [c for c in cands if c.entity_type != "LOCATION" and id(c) not in tagged]
        )
        found = resolve_home_places(text, self.language, homes, covered, grammar)
        placed = _covered_offsets(
            [Candidate(a, b, "LOCATION", 0, [], []) for a, b, _ in found.spans]
        )
        out = [
            c
            for c in cands
            if (c.entity_type != "LOCATION" or c.keep_reason)
            and not (id(c) in tagged and placed(c.start, c.end))
        ]
        for start, end, why in found.spans:
            out.append(
                Candidate(
                    start,
                    end,
                    "LOCATION",
                    LocationRecognizer.SCORE,
                    ["LocationRecognizer"],
                    [why],
                    attributes={"known_town": lexicon().is_place(text[start:end])},
                )
            )
        if "NATIONALITY" in self.config.entities:
            for start, end, home in found.countries:
                if not covered(start, end):
                    out.append(
                        Candidate(
                            start,
                            end,
                            "NATIONALITY",
                            0.75,
                            ["NationalityRecognizer"],
                            [f"the country of the home place '{home}'"],
                        )
                    )
        return drop_overlaps(out)

    def _one_decision_per_country(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """Once a country is a private person's origin, every mention of it or its demonym
        follows ("back in Nigeria", "au Mali" in the testimony, "the young Nigerian woman"),
        and so does a country written with a home place ("Freetown, Sierra Leone"). Mentions
        where it names an institution ("IOM Niger", "the Malian authorities") stay."""
        if "NATIONALITY" not in self.config.entities:
            return cands
        lex = lexicon()
        origins: set[str] = set()
        for c in cands:
            if c.entity_type == "NATIONALITY" and not c.keep_reason:
                iso = _country_of(text[c.start : c.end], self.language)
                if iso:
                    origins.add(iso)
        # A country written with a home place is already a NATIONALITY candidate here
        # (_home_places; not for a present home: "réside à Nouakchott, Mauritanie").
        p = self._nationality_patterns
        if not origins:
            return cands
        covered = _covered_offsets(cands)
        plural_forms = plural_only_forms(self.language)
        transit_countries = _transit_countries(self.language)
        added: list[Candidate] = []
        for kind in ("country", "demonym"):
            for m in p[kind].finditer(text):
                if covered(m.start(), m.end()):
                    continue
                iso = _country_of(m.group(), self.language)
                if iso not in origins:
                    continue
                before = text[max(0, m.start() - 30) : m.start()]
                after = text[m.end() : m.end() + 40]
                if kind == "demonym" and (
                    fold(m.group()) in plural_forms
                    or _COUNT_BEFORE.search(before)
                    or (self.language == "en" and PLURAL_NOUN_AFTER.match(after))
                    or LANGUAGE_BEFORE.search(before)
                    or LANGUAGE_SENTENCE.search(text[max(0, m.start() - 70) : m.start()])
                ):
                    continue  # "134 Liberian migrants", "who speak Somali": no one's origin
                if (
                    p["institution"].match(after)
                    or p["institution_before"].search(before)
                    or _ORG_BEFORE.search(before)
                    or _SITE_BEFORE.search(before)
                    or (
                        # "returned from Libya": a transit country stays one. The origin itself
                        # after such a phrase ("ce départ du Niger") is still the origin.
                        fold(m.group()) in transit_countries
                        and p["transit"].search(text[max(0, m.start() - 60) : m.start()])
                    )
                    or (kind == "country" and p["proper_name_after"].match(after))
                ):
                    continue
                last = before.split()[-1] if before.split() else ""
                if last[:1].isupper() and lex.is_organisation(last):
                    continue  # "UNICEF Niger", but "au Mali" is no "AU" (African Union)
                probe = Candidate(m.start(), m.end(), "NATIONALITY", 0.7, [], ["demonym"])
                if kind == "demonym" and self._describes_a_thing(text, probe, Grammar()):
                    continue
                if kind == "country" and not self._about_a_private_person(text, m.start(), cands):
                    continue  # "violence in Burkina Faso has forced…": no one's origin here
                added.append(
                    Candidate(
                        m.start(),
                        m.end(),
                        "NATIONALITY",
                        0.7,
                        ["NationalityRecognizer"],
                        [
                            "the country a person in this story comes from (one decision per "
                            "country per document)"
                        ],
                    )
                )
        return sorted(cands + added, key=lambda c: c.start)

    def _about_a_private_person(self, text: str, pos: int, cands: list[Candidate]) -> bool:
        """Whether the sentence at `pos` speaks of a beneficiary (a redacted mention) or in the
        first person (a testimony)."""
        lo = max(0, pos - 300)
        starts = [m.end() for m in _SENTENCE_BREAK.finditer(text, lo, pos)]
        lo = starts[-1] if starts else lo
        m = _SENTENCE_BREAK.search(text, pos)
        hi = m.start() if m else len(text)
        if _FIRST_PERSON.search(text, lo, hi):
            return True
        if self.language == "fr" and _FR_ON.search(text, lo, hi):
            return True  # "On n'a jamais eu…": a testimony's "we"
        return any(
            c.entity_type == "PERSON"
            and (not c.keep_reason or c.keep_reason.startswith("existing pseudonym"))
            and lo <= c.start < hi
            for c in cands
        )

    @cached_property
    def _nationality_patterns(self) -> dict:
        from safename.detect.recognizers.nationality import NationalityRecognizer

        return NationalityRecognizer(self.language)._patterns

    def _attach_quasi_identifiers(self, text: str, cands: list[Candidate]) -> None:
        """Give an age (or a home place) the person it describes: the nearest mention in its
        sentence, before it ("Aminata, 24,") or after it ("a 17-year-old girl, Awa"). An age
        of a kept person (a staff member's) is kept with them."""
        mentions = sorted(
            (c for c in cands if c.entity_type == "PERSON" and c.person is not None),
            key=lambda c: c.start,
        )
        starts = [m.start for m in mentions]
        for c in cands:
            if c.entity_type not in ("AGE", "LOCATION", "NATIONALITY"):
                continue
            i = bisect.bisect_left(starts, c.start)
            near = []
            if i > 0 and not _SENTENCE_BREAK.search(text, mentions[i - 1].end, c.start):
                near.append((c.start - mentions[i - 1].end, mentions[i - 1]))
            if i < len(mentions) and not _SENTENCE_BREAK.search(text, c.end, mentions[i].start):
                near.append((mentions[i].start - c.end, mentions[i]))
            near = [(d, m) for d, m in near if d <= 120]
            if not near and i > 0 and c.start - mentions[i - 1].end <= 200:
                # "Aminata … . She is Malian": the next sentence, through a personal pronoun.
                between = text[mentions[i - 1].end : c.start]
                if _PRONOUN.search(between) and "\n\n" not in between:
                    near = [(0, mentions[i - 1])]
            if not near:
                continue
            owner = min(near, key=lambda t: t[0])[1]
            c.person = owner.person
            if (owner.keep_reason or "").startswith(("staff", "public", "allowlisted")):
                c.keep_reason = f"describes {owner.surface!r}, who is kept ({owner.keep_reason})"

    def _evidence(self, text: str, c: Candidate, press: list[tuple[int, int]]) -> list[Evidence]:
        """What the words around one mention say about its person."""
        out: list[Evidence] = []
        span = c.surface
        if text[c.end : c.end + 1] == "*" and not _closes_emphasis(text, c.end):
            out.append(Evidence("pseudonym", "existing pseudonym marked with '*'", c.start))
        m = self.pseudonym_marker.search(text[c.end : c.end + 60])
        if m:
            why = "existing pseudonym: " + m.group().strip(" *")
            out.append(Evidence("pseudonym", why, c.start))
        if fold(span) in self.allow_full:
            source = self.config.source or "the configuration"
            out.append(Evidence("allowlist", f"allowlisted in {source}", c.start))
        why = self._beneficiary_reason(text, c)
        if why:
            out.append(Evidence("beneficiary", why, c.start))
        if self.config.keep_staff:
            staff = self.rules.staff_reason(text, c.start, c.end)
            if staff:
                out.append(Evidence("staff", f"staff or official: {staff}", c.start))
            elif any(s <= c.start < e for s, e in press):
                out.append(
                    Evidence(
                        "staff",
                        "staff or official: in the organisation's press-contact paragraph",
                        c.start,
                    )
                )
            figure = _public_figures().get(fold(span))
            if figure:
                out.append(Evidence("staff", f"public figure ({figure})", c.start))
        return out

    def _beneficiary_reason(self, text: str, c: Candidate) -> str | None:
        """Evidence that a mention is a beneficiary or another private person, or None."""
        after = text[c.end : c.end + 100]
        before = text[max(0, c.start - 50) : c.start]
        if self._age_after.match(after):
            if self.config.keep_staff and self.rules.staff_reason(text, c.start, c.end):
                return None  # "Laura Deme, 45, Protection Coordinator at IOM Mali"
            return "an age in apposition"
        m = self._benef_appos.match(after)
        if m:
            return f"described as '{m.group().strip(' ,(')}'"
        m = self._demonym_appos.match(fold(after))
        if m and not self._title_soon.match(after[m.end() : m.end() + 40]):
            return f"described by a nationality ('{m.group().strip(' ,(')}')"
        m = self._kin_before.search(before)
        if (
            m
            and "," in m.group()
            and words(c.surface)[:1]
            and (words(c.surface)[0].key in honorific_words(self.language))
        ):
            m = None  # "la promotion de la femme, M. Sissoko": a title phrase, not a relative
        if m:
            return f"a relative or private person ('{m.group().strip(' ,')}')"
        return None

    def _contact_keep_reason(
        self, text: str, c: Candidate, press: list[tuple[int, int]]
    ) -> str | None:
        value = text[c.start : c.end]
        if c.entity_type == "URL" and BARE_DOMAIN.match(value):
            return "a website named as a source or publisher (no page address)"
        if c.entity_type == "EMAIL_ADDRESS" and value.split("@")[0].lower() in _role_mailboxes():
            return f"a role mailbox ('{value.split('@')[0]}@'), not a person's address"
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
            # The same line, and near: a whole paragraph (or a file without line breaks) is no
            # "contact line" (80 characters, not the general context radius).
            line = line_around(text, c.start, c.end, radius=80)
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

    def _propagate(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """Find every other mention of a detected name: given name alone, surname alone, caps,
        and lower case after a found mention ("she signs 'aminata'"); the person model decides."""
        lex = lexicon()
        stops = stop_words(self.language)
        forms: dict[str, Candidate] = {}
        for c in cands:
            if c.entity_type != "PERSON":
                continue
            for w in words(text[c.start : c.end]):
                key = w.key
                if (
                    len(key) < 2
                    or key in stops
                    or lex.is_place(w.text)
                    or lex.is_organisation(w.text)
                ):
                    continue
                forms.setdefault(key, c)
        if not forms:
            return cands
        covered = _covered_offsets(cands)
        added: list[Candidate] = []
        for w in words(text):
            if w.key not in forms:
                continue
            lower = not (is_capitalised(w.text) or is_all_caps(w.text))
            if lower and (is_common_word(w.text, self.language) or len(w.key) < 4):
                continue
            if covered(w.start, w.end):
                continue
            source = forms[w.key]
            if source.start <= w.start < source.end:
                continue
            label = text[source.start : source.end]
            if lex.is_common_word_name(w.text) and not is_capitalised(w.text):
                continue
            start, end = self._with_unknown_neighbours(text, w, forms)
            if covered(start, end):
                start, end = w.start, w.end
            added.append(
                Candidate(
                    start,
                    end,
                    "PERSON",
                    source.score,
                    ["coreference"],
                    [f"another mention of '{label}' ({source.reasons[0]})"],
                )
            )
        return cands + added

    def _with_unknown_neighbours(
        self, text: str, w: Word, forms: dict[str, Candidate]
    ) -> tuple[int, int]:
        """Another mention grown over a capitalised word right beside it that no table and no
        dictionary knows: "Ms Ntale" was found, so "Kwiriba Ntale" opening a sentence is one
        name, and "Kwiriba" must not be published beside the surname's pseudonym."""
        start, end = w.start, w.end
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if before and self._unknown_name_word(before.group(1), forms):
            start = before.start(1)
        after = _NEXT_WORDS.match(text, end)
        if after and self._unknown_name_word(after.group(1), forms):
            end = after.end(1)
        return start, end

    def _unknown_name_word(self, word: str, forms: dict[str, Candidate]) -> bool:
        lex = lexicon()
        key = fold(word)
        return (
            is_capitalised(word)
            and len(key) >= 3
            and key not in forms
            and key not in MONTHS_DAYS
            and key not in honorific_words(self.language)
            and key not in not_name_words(self.language)
            and not any(key in stop_words(lang) for lang in ("en", "fr"))
            and in_no_dictionary(word, self.language)
            and not lex.is_name(word)
            and not lex.is_place(word)
            and not lex.is_organisation(word)
            and not lex.is_demonym(word)
            and not lex.is_non_person(word)
        )


# "Sahelien.com", "RFI.FR": a publication's name, not a private address (no scheme, no path).
BARE_DOMAIN = re.compile(
    r"^(?:www\.)?[A-Za-z][\w\-]*\.(?:com|fr|net|org|info|sn|ml|ne|bf|ci|gn|ng)$", re.I
)


@cache
def _role_mailboxes() -> frozenset[str]:
    from safename.data import read_toml

    return frozenset(read_toml("social.toml").get("role_mailboxes", []))


_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)?)[ \u00a0]+$")
_NEXT_WORDS = re.compile(r"[ \u00a0]+([^\W\d_]+)(?:[ \u00a0]+([^\W\d_]+))?")
# "Freetown, Sierra Leone", "Tahoua (Niger)", "Sagamu, État d'Ogun, Nigéria".
# "134 Liberian migrants", "des 136 Sénégalais": a count before a demonym makes a group.
_COUNT_BEFORE = re.compile(r"\b\d[\d\s.,\u00a0]*[ \u00a0]+$")
# "Goudoubo camp, Burkina Faso": the country a camp or a site is in, not anyone's origin.
_SITE_BEFORE = re.compile(
    r"\b(?:camp|camps|site|centre|center|settlement|shelter)[ \u00a0]*,[ \u00a0]*$", re.I
)
# "IOM Niger", "OIM Mali", "UNICEF Niger/…": the organisation's country office.
_ORG_BEFORE = re.compile(
    r"\b(?:IOM|OIM|UNHCR|HCR|UNICEF|UNFPA|WFP|PAM|MSF|UNDP|PNUD|OCHA)[ \u00a0]+$"
)
_FIRST_PERSON = re.compile(r"(?<![\w'’])(?:I|my|me|je|j['’]|mon|ma|mes|nous|notre)(?![\w'’])")
_FR_ON = re.compile(
    r"(?<![\w'’])[Oo]n[ \u00a0]+(?:n['’][ \u00a0]*)?(?:a|avait|est|était|nous|se|s['’])\b"
)
_PRONOUN = re.compile(r"(?:^|[.!?]\s+)(?:She|He|Elle|Il)\b")
_SENTENCE_BREAK = re.compile(r"[.!?…](?:[\s»”\"]|$)|\n[ \t]*\n")
BLANK_LINE_RE = re.compile(r"\n[ \t\u00a0]*\n")
EMAIL_RE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


@cache
def ctx_demonym_regex(folded: bool = True) -> str:
    """Every demonym and its inflections as one alternation (longest first), folded (lower
    case, no accents: match it against `fold(text)`) or as written."""
    from safename.data import read_tsv

    rows = read_tsv("places", "demonyms.tsv")
    forms = {fold(r["form"]) if folded else r["form"] for r in rows if r.get("form")}
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


# Dotted capitals that are no one's initials.
_NOT_INITIALS = frozenset({"U.S.", "U.K.", "U.N.", "E.U.", "A.U.", "N.B.", "P.S.", "A.M.E."})


def _country_of(value: str, language: str) -> str | None:
    """The ISO code of a country name or demonym ("Nigérian", "le Mali"), or None."""
    found = lexicon().nationality(value, language)
    return found[1] if found else None


def _plural_marker(reason: str) -> bool:
    """ "(not real names)", "(noms d'emprunt)": a marker after a list covers the whole list."""
    low = reason.lower()
    return any(w in low for w in ("names", "noms", "prénoms", "pseudonyms", "pseudonymes"))


def _keep_reason(ev: Evidence | None) -> str | None:
    """Why a person is kept, from their winning evidence (None: they are redacted)."""
    if ev is None or ev.kind == "beneficiary":
        return None
    return ev.reason


def _shift(w, offset: int):
    return type(w)(w.start + offset, w.end + offset, w.text)


def _closes_emphasis(text: str, star: int) -> bool:
    """Whether the '*' at `star` closes Markdown emphasis opened earlier on its line.

    `*Photo: Kadiatou Sangaré*` is italics, not a pseudonym marker; "Lucy* said" and
    "Aminata*, 24, and Awa*" are markers (a star glued after a word opens nothing).
    """
    # Emphasis opened more than CONTEXT_RADIUS characters back is not looked for: on a
    # one-line file, reading back to the line start for every star was quadratic.
    line_start = star - len(line_before(text, star))
    is_open = False
    for i in range(line_start, star):
        if text[i] != "*":
            continue
        prev = text[i - 1] if i > line_start else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if (prev.isspace() or prev in '([«"“_*') and not nxt.isspace():
            is_open = not is_open if nxt != "*" or is_open else is_open
        elif not prev.isspace() and is_open:
            is_open = False
    return is_open


@cache
def _public_figures() -> dict[str, str]:
    from safename.data import read_tsv

    return {
        fold(row["name"]): row.get("note", "")
        for row in read_tsv("names", "public_figures.tsv")
        if row.get("name") and not row["name"].startswith("#")
    }


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
