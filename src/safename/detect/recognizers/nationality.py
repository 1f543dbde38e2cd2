"""NATIONALITY: demonyms, and country names used as someone's origin.

"a Nigerian woman", "une Malienne", "returned to Guinea", "originaire du Sénégal" reveal where
a beneficiary comes from. A country that is only where the organisation works ("IOM Mali", "the
Government of Mali", "in Bamako") does not: country names count only after an origin phrase
(data/context/<lang>.toml: origin_before_regex), and demonyms followed by an institution word
("the Malian authorities") are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, cached_property

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safename.data import context
from safename.detect.lexicon import lexicon
from safename.detect.recognizers.base import explained_result
from safename.textutil import fold

# "speaks French", "cours de français": a language, not a nationality.
# "speaks Tigrinya, Arabic and French", "translated from French": a language in a list.
LANGUAGE_SENTENCE = re.compile(
    r"\b(?:speaks?|spoke|speaking|spoken|translated\s+(?:from|into)|interpreted\s+from|"
    r"parlent|parle|parlait|parler|traduit\s+(?:de|du|en)|traduction\s+(?:de|du))\b[^.;!?\n]{0,50}$",
    re.IGNORECASE,
)
CITY_TAIL = re.compile(
    r"\s+[A-ZÀ-Ý][\w'’\-]+(?:\s[A-ZÀ-Ý][\w'’\-]+)?\s*[,(]\s*(?:in\s+(?:the\s+)?|au\s+|en\s+|dans\s+le\s+)?"
    r"(?i:(?:north|south|east|west|central|north-east|north-west|south-east|south-west|nord|sud|"
    r"est|ouest|centre|nord-est|nord-ouest|sud-est|sud-ouest)(?:ern)?\s+(?:of\s+|du\s+|de\s+la\s+)?)?$"
)
# "Liberian migrants", "Senegalese fishermen": a group, not one person's nationality.
PLURAL_NOUN_AFTER = re.compile(
    r"^[\s\u00a0]+(?:(?!(?:and|or|who|is|was|has|had|but)\b)[a-z\-]+[\s\u00a0]+)?"
    r"(?!(?:is|was|has|as|this|his|its|us|yes|does|goes)\b)"  # "Ivorian mechanic is": a verb
    r"(?:[a-z\-]*[^s\W]s|men|women|people|children|youth)\b"
)
LANGUAGE_BEFORE = re.compile(
    r"(?:\b(?:speak|speaks|spoke|speaking|spoken|learn|learning|learnt|learned|in|translated\s+into|"
    r"parle|parlent|parler|parlait|apprendre|apprend|cours\s+de|langue|en|le|du)\s+)$",
    re.IGNORECASE,
)


def _alternation(forms: list[str]) -> str:
    """One regex matching any of `forms`, longest first, as a prefix tree.

    Python's `re` tries a flat alternation branch by branch at every position; with a thousand
    demonyms that was a tenth of a scan. Factoring common prefixes ("malien", "malienne",
    "maliennes") makes each position cost one branch per letter instead.
    """
    trie: dict = {}
    for form in {v for f in forms for v in _spellings(f)}:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _spellings(form: str) -> set[str]:
    """A form as written, with either apostrophe ("Côte d’Ivoire") and without accents
    ("Sierra-Leonaise", "Senegalais"): stories are typed on every keyboard."""
    out = {form, form.replace("'", "’"), form.replace("’", "'")}
    bare = "".join(c for c in unicodedata.normalize("NFKD", form) if not unicodedata.combining(c))
    if len(bare) == len(form):
        out |= {bare, bare.replace("'", "’")}
    return out


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_regex(child)
        for char, child in sorted(node.items())
        if char != ""
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy: the longer form is tried first and the shorter one only when it fails.
    return ("(?:" + body + ")?") if ends else body


class NationalityRecognizer(EntityRecognizer):
    SCORE_DEMONYM = 0.8
    SCORE_ORIGIN = 0.75

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["NATIONALITY"],
            name="NationalityRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @cached_property
    def _patterns(self) -> dict[str, re.Pattern]:
        lex = lexicon()
        ctx = context(self.supported_language)
        forms = _demonym_forms(self.supported_language)
        # English demonyms are proper adjectives (always capitalised); French ones are lower case
        # as adjectives and capitalised as nouns, so French matches either way.
        flags = re.IGNORECASE if self.supported_language == "fr" else 0
        # "Ivorian-born" is a nationality too; "Afro-Brazilian" and "sino-malien" are not ours.
        demonym = re.compile(
            r"(?<![\w\-])(?:" + _alternation(forms) + r")(?![\w]|-(?!born\b|née?\b))", flags
        )
        countries = []
        for row in lex.country_names.values():
            names = [row["name_en"], row["name_fr"]]
            for col in ("aliases_en", "aliases_fr"):
                names += [a.strip() for a in row.get(col, "").split(";") if a.strip()]
            countries += [n for n in names if n]
        country = re.compile(r"(?<![\w\-])(?:" + _alternation(countries) + r")(?![\w\-])")
        # French puts the adjective after the noun: "les autorités maliennes".
        institution_before = re.compile(
            r"(?:" + _alternation(ctx["institution_words"]) + r")[\s\u00a0]+$", re.IGNORECASE
        )
        institution = re.compile(
            r"^[ \t\u00a0]*(?:" + _alternation(ctx["institution_words"]) + r")\b", re.IGNORECASE
        )
        return {
            "demonym": demonym,
            "country": country,
            "institution": institution,
            "institution_before": institution_before,
            "origin_before": re.compile(ctx["origin_before_regex"], re.IGNORECASE),
            "origin_after": re.compile(ctx["origin_after_regex"], re.IGNORECASE),
            "origin_label": re.compile(ctx["origin_label_regex"], re.IGNORECASE),
            "transit": re.compile(ctx["transit_before_regex"], re.IGNORECASE),
            "strong_origin": re.compile(ctx["strong_origin_regex"], re.IGNORECASE),
            "language_list_before": re.compile(
                r"(?:" + _alternation(ctx["language_names"]) + r")[\s\u00a0]*(?:,|and|or|et|ou)"
                r"[\s\u00a0]*(?:(?:le|la|l['’]|les)[\s\u00a0]*)?$",
                re.IGNORECASE,
            ),
            "language_list_after": re.compile(
                r"^[\s\u00a0]*(?:,|and|or|et|ou)[\s\u00a0]*(?:(?:le|la|l['’]|les)[\s\u00a0]*)?"
                r"(?:" + _alternation(ctx["language_names"]) + r")\b",
                re.IGNORECASE,
            ),
            "language_after": re.compile(
                r"^[\s\u00a0]+(?:" + _alternation(ctx["language_after"]) + r")\b", re.IGNORECASE
            ),
            # "the Norwegian Refugee Council", "Libyan Coast Guard": part of a proper name.
            "proper_name_after": re.compile(r"^[\s\u00a0]+[A-ZÀ-Ý][a-zà-ÿ]+"),
        }

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "NATIONALITY" not in entities:
            return []
        p = self._patterns
        p_plural = plural_only_forms(self.supported_language)
        results = []
        demonyms = list(p["demonym"].finditer(text))
        either = _alternatives(text, demonyms)
        for m in demonyms:
            if m.start() in either:
                continue  # "un Tunisien, un Marocain ou un Maghrébin": anyone, not someone
            after = text[m.end() : m.end() + 40]
            before = text[max(0, m.start() - 30) : m.start()]
            if (
                p["institution"].match(after)
                or p["institution_before"].search(before)
                or LANGUAGE_BEFORE.search(before)
                or LANGUAGE_SENTENCE.search(text[max(0, m.start() - 70) : m.start()])
                or fold(m.group()) in p_plural
                or (self.supported_language == "en" and PLURAL_NOUN_AFTER.match(after))
                or p["language_after"].match(after)
                or p["language_list_before"].search(before)
                or p["language_list_after"].match(after)
                or (
                    m.group()[0].isupper()
                    and p["proper_name_after"].match(after)
                    and not lexicon().is_name(after.split()[0])
                )
            ):
                continue
            results.append(
                explained_result(
                    self,
                    "NATIONALITY",
                    m.start(),
                    m.end(),
                    self.SCORE_DEMONYM,
                    "demonym (nationality)",
                )
            )
        for m in p["country"].finditer(text):
            before = text[max(0, m.start() - 60) : m.start()]
            after = text[m.end() : m.end() + 30]
            if p["transit"].search(before):
                continue  # "came back from Libya": a transit country, not an origin
            if fold(m.group()) in _transit_countries(self.supported_language) and not (
                p["strong_origin"].search(before)
                or p["origin_after"].match(after)
                or p["origin_label"].search(before)
            ):
                continue  # "returnees from Algeria", "from Brazil to Cartagena": a route
            # "from Freetown, Sierra Leone": a town may stand between the phrase and the country.
            before_town = CITY_TAIL.sub(" ", before)
            if (
                p["origin_before"].search(before)
                or p["origin_before"].search(before_town)
                or p["origin_after"].match(after)
                or p["origin_label"].search(before)
            ):
                if p["institution"].match(after):
                    continue
                results.append(
                    explained_result(
                        self,
                        "NATIONALITY",
                        m.start(),
                        m.end(),
                        self.SCORE_ORIGIN,
                        "country named as a place of origin or return",
                    )
                )
        return results


_LIST_SEP = re.compile(
    r"^[\s\u00a0]*(?P<sep>,|or|ou|and|et)[\s\u00a0]+(?:(?:a|an|un|une|the|le|la)[\s\u00a0]+)?$",
    re.IGNORECASE,
)


_OR_NEXT = re.compile(
    r"[\s\u00a0]*,?[\s\u00a0]*(?:or|ou)[\s\u00a0]+(?:(?:a|an|un|une)[\s\u00a0]+)?[A-ZÀ-Ý]",
    re.IGNORECASE,
)


def _alternatives(text: str, demonyms: list[re.Match]) -> set[int]:
    """Starts of demonyms listed as alternatives ("a Tunisian, a Moroccan or a Maghrebi"): a
    list of nationalities joined by "or" speaks of anyone of them, not of one person."""
    out: set[int] = set()
    run: list[re.Match] = []
    has_or = False
    for m in demonyms + [None]:  # type: ignore[list-item]
        sep = _LIST_SEP.match(text[run[-1].end() : m.start()]) if run and m is not None else None
        if sep:
            run.append(m)
            has_or = has_or or fold(sep.group("sep")) in ("or", "ou")
            continue
        if run and len(run) > 1 and not has_or:
            has_or = bool(_OR_NEXT.match(text, run[-1].end()))  # "…, un Marocain ou un Maghrébin"
        if has_or and len(run) > 1:
            out |= {r.start() for r in run}
        run = [m] if m is not None else []
        has_or = False
    return out


@cache
def _transit_countries(language: str) -> frozenset[str]:
    return frozenset(fold(c) for c in context(language).get("transit_countries", []))


def _demonym_forms(language: str) -> list[str]:
    from safename.data import read_tsv

    return [row["form"] for row in read_tsv("places", "demonyms.tsv") if row["lang"] == language]


@cache
def plural_only_forms(language: str) -> frozenset[str]:
    """Forms that are only plural ("maliennes", "Malians"): they describe groups, not a person."""
    from safename.data import read_tsv

    numbers: dict[str, set[str]] = {}
    for row in read_tsv("places", "demonyms.tsv"):
        if row["lang"] == language:
            numbers.setdefault(fold(row["form"]), set()).add(row.get("number", "sg"))
    return frozenset(form for form, n in numbers.items() if n == {"pl"})
