"""Cold start: a one-file `safename check` (the pre-commit case) imports only what it needs.

Presidio's predefined-recognizer package is loaded lazily by `import safename`
(safename._presidio); these tests run fresh interpreters, since the test session itself has
long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CHECK_ONE_FILE = """
import json, sys
from safename.cli.main import cli
try:
    cli(["check", sys.argv[1]])
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def run_python(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_one_file_check_loads_no_unused_presidio_recognizer(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Aminata Traoré, 24, returned to Mali in March.\n", encoding="utf-8")
    out = run_python(CHECK_ONE_FILE, str(story)).splitlines()
    state = json.loads(out[-1])
    assert state["code"] == 1  # the check ran and found the name
    assert any('PERSON "Aminata Traoré"' in line for line in out[:-1])
    modules = state["modules"]
    prefix = "presidio_analyzer.predefined_recognizers."
    loaded = [m for m in modules if m.startswith(prefix)]
    assert not [m for m in loaded if ".country_specific" in m or ".third_party" in m]
    assert prefix + "generic.url_recognizer" not in loaded  # no URL-like text in the story
    assert prefix + "generic.crypto_recognizer" not in loaded  # never used by safename
    assert "cryptography.fernet" not in modules  # only mappings need it


def test_presidio_still_sees_every_recognizer_after_import_safename() -> None:
    code = """
import safename
from presidio_analyzer import RecognizerRegistry
from presidio_analyzer.predefined_recognizers import UsSsnRecognizer
from presidio_analyzer.predefined_recognizers.generic import UrlRecognizer
registry = RecognizerRegistry(supported_languages=["en"])
registry.load_predefined_recognizers(languages=["en"])
names = {r.name for r in registry.recognizers}
print(UsSsnRecognizer.__name__, UrlRecognizer.__name__, "UsSsnRecognizer" in names,
      "EmailRecognizer" in names, type(next(r for r in registry.recognizers
      if r.name == "EmailRecognizer")).__module__)
"""
    out = run_python(code).split()
    assert out[:4] == ["UsSsnRecognizer", "UrlRecognizer", "True", "True"]
    assert out[4].startswith("presidio_analyzer.predefined_recognizers")  # the real class


def test_builtins_load_when_a_text_needs_them(redactor) -> None:
    text = "Read more at www.iom.int/news or write to fatou.diallo92@gmail.com."
    types = {f.entity_type for f in redactor.scan(text, language="en")}
    assert {"URL", "EMAIL_ADDRESS"} <= types
