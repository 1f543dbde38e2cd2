"""Consistency inside a document and across runs, keys and processes.

Every mention of one person gets parts of the same pseudonym; two people never share one; no
pseudonym equals a word of the document; the same key gives the same output everywhere.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace

import pytest

from safename import Config, Finding, RedactionResult, Redactor
from safename.pseudonym.apply import Pseudonymiser
from safename.pseudonym.keys import load_key
from safename.textutil import WORD_RE, fold

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))

STORY_EN = """AMINATA'S NEW START

Aminata Traoré, 24, left her village near Kayes in 2019. "I thought Europe was close," Aminata
recalls. Ms Traoré now runs a tailoring shop in Bamako.

Aminata's sewing machines were bought with a reintegration grant. Her brother Moussa Keita, 19,
helps her in the shop; Moussa wants to become a mechanic.
"""

STORY_FR = """Aïssata Diallo, 27 ans, est rentrée à Conakry en mars. « Je ne pensais pas revoir ma
famille », confie Aissata. Mme Diallo a ouvert un petit restaurant avec Ibrahima Sow, 30 ans,
un ami d'enfance.

Le restaurant d'AÏSSATA accueille aujourd'hui les voisins du quartier.
"""


def keyed(redactor: Redactor, key: bytes = KEY, **changes: object) -> Redactor:
    """A Redactor with its own key and settings that shares the session's loaded pipelines."""
    engine = Redactor(replace(redactor.config, **changes), key=key)
    engine._analyzer = redactor.analyzer  # loading spaCy takes seconds
    return engine


def replaced(result: RedactionResult, surface: str) -> list[str]:
    return [f.replacement for f in result.findings if f.text == surface and f.redacts]


def words(text: str) -> set[str]:
    return {fold(w) for w in WORD_RE.findall(text)}


def assert_splice_contract(original: str, result: RedactionResult) -> None:
    out, pos = [], 0
    for f in result.findings:
        assert f.start >= pos and original[f.start : f.end] == f.text
        if f.action != "keep":
            assert f.replacement is not None
            out += [original[pos : f.start], f.replacement]
            pos = f.end
    assert "".join(out) + original[pos:] == result.body
    if result.footnote:
        assert result.text == result.body.rstrip("\n") + "\n\n" + result.footnote + "\n"
    else:
        assert result.text == result.body


def test_every_mention_gets_parts_of_one_pseudonym(redactor: Redactor) -> None:
    result = keyed(redactor).redact(STORY_EN, language="en")
    assert_splice_contract(STORY_EN, result)
    full = replaced(result, "Aminata Traoré")[0].rstrip("*")
    given, surname = full.split()
    assert re.match(rf"{given.upper()}\*?'S NEW START", result.text)  # ALL CAPS heading
    assert f'close," {given}\nrecalls' in result.text  # given name alone, line break kept
    assert f"Ms {surname} now runs" in result.text  # honorific kept, surname replaced
    assert f"\n\n{given}'s sewing" in result.text  # possessive, marker on first mention only
    assert {r.rstrip("*") for r in replaced(result, "Aminata")} == {given}
    brother = replaced(result, "Moussa Keita")[0].rstrip("*").split()
    assert brother[0] != given and brother[1] != surname  # two people, two pseudonyms
    assert brother[0] in replaced(result, "Moussa")


def test_no_real_name_survives_and_no_pseudonym_is_a_word_of_the_story(
    redactor: Redactor,
) -> None:
    result = keyed(redactor).redact(STORY_EN, language="en")
    assert not words(result.text) & {"aminata", "traore", "moussa", "keita"}
    pseudonym_words = {
        fold(w)
        for f in result.findings
        if f.entity_type == "PERSON" and f.redacts
        for w in WORD_RE.findall(f.replacement)
    } - {"ms"}
    assert pseudonym_words and not pseudonym_words & words(STORY_EN)


def test_a_pseudonym_never_shares_the_real_names_initial(redactor: Redactor) -> None:
    for k in range(8):
        result = keyed(redactor, key=bytes([k]) * 32).redact(STORY_EN, language="en")
        given, surname = replaced(result, "Aminata Traoré")[0].rstrip("*").split()
        assert fold(given)[0] != "a" and fold(surname)[0] != "t"


def test_diacritic_variants_and_capitals_are_the_same_name(redactor: Redactor) -> None:
    result = keyed(redactor).redact(STORY_FR, language="fr")
    assert_splice_contract(STORY_FR, result)
    full = replaced(result, "Aïssata Diallo")[0].rstrip("*")
    given, surname = full.split()
    assert replaced(result, "Aissata")[0].rstrip("*") == given
    assert f"Mme {surname} a ouvert" in result.text
    assert given.upper() in result.text  # "d'AÏSSATA"
    assert not words(result.text) & {"aissata", "diallo", "ibrahima", "sow"}


def test_a_name_split_across_a_line_break_is_replaced_whole() -> None:
    text = "Among the returnees was Fatoumata\nCoulibaly, 31, a mother of two from Sikasso."
    start = text.index("Fatoumata")
    finding = Finding(
        start, start + len("Fatoumata\nCoulibaly"), "Fatoumata\nCoulibaly", "PERSON", 0.9,
        "test", "pseudonymize", "test",
    )  # fmt: skip
    result = Pseudonymiser(Config(), load_key(KEY)).redact(text, [finding], "en")
    assert re.search(r"was \w+\n\w+\*, 31", result.body)
    assert "Fatoumata" not in result.text and "Coulibaly" not in result.text


def test_two_people_sharing_a_surname_share_its_pseudonym() -> None:
    text = "Awa Traoré, 19, and her sister Fanta Traoré, 16, returned together."
    findings = [
        Finding(text.index(s), text.index(s) + len(s), s, "PERSON", 0.9, "t", "pseudonymize", "t")
        for s in ("Awa Traoré", "Fanta Traoré")
    ]
    result = Pseudonymiser(Config(), load_key(KEY)).redact(text, findings, "en")
    first, second = (f.replacement.rstrip("*").split() for f in result.findings)
    assert first[1] == second[1] and first[0] != second[0]


def test_same_key_same_output_other_key_other_output(redactor: Redactor) -> None:
    one = keyed(redactor).redact(STORY_EN, language="en")
    two = keyed(redactor).redact(STORY_EN, language="en")
    other = keyed(redactor, key=OTHER_KEY).redact(STORY_EN, language="en")
    assert one.text == two.text
    assert other.text != one.text
    assert not one.ephemeral_key and not one.warnings


def test_same_key_same_pseudonym_in_another_process() -> None:
    """From the key and the name alone: no mapping file shared between processes."""
    text = "Kadiatou Bah, 22, left Labé in 2021."
    code = (
        "import sys; from safename import Config, Finding; "
        "from safename.pseudonym.apply import Pseudonymiser; "
        "from safename.pseudonym.keys import load_key; "
        f"t = {text!r}; f = Finding(0, 12, t[:12], 'PERSON', .9, 't', 'pseudonymize', 't'); "
        f"print(Pseudonymiser(Config(), load_key({KEY!r})).redact(t, [f], 'en').body)"
    )
    there = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    finding = Finding(0, 12, text[:12], "PERSON", 0.9, "t", "pseudonymize", "t")
    here = Pseudonymiser(Config(), load_key(KEY)).redact(text, [finding], "en").body
    assert "Kadiatou" not in here and there == here + "\n"


def test_without_a_key_redaction_works_and_says_pseudonyms_will_differ(
    redactor: Redactor, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.delenv("SAFENAME_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    engine = Redactor(redactor.config)
    engine._analyzer = redactor.analyzer
    result = engine.redact(STORY_EN, language="en")
    assert result.ephemeral_key
    assert any("differ between runs" in w for w in result.warnings)
    assert "Aminata" not in result.text


def test_scan_still_leaves_replacement_empty(redactor: Redactor) -> None:
    findings = redactor.scan(STORY_EN, language="en")
    assert findings and all(f.replacement is None for f in findings)
