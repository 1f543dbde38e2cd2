"""Repository-wide pseudonyms (registry, safe to commit) and the encrypted reverse mapping."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from safename import Config, Finding, RedactionResult, Redactor
from safename.pseudonym.apply import Pseudonymiser
from safename.pseudonym.keys import KeyProblem, load_key
from safename.pseudonym.mapping import (
    MappingError,
    mapping_entries,
    read_mapping,
    restore,
    write_mapping,
)
from safename.pseudonym.registry import PseudonymRegistry, RegistryError

KEY = bytes(range(32))
GIVEN = [
    "Aminata", "Fatoumata", "Kadiatou", "Mariama", "Hawa", "Oumou", "Awa", "Salimata", "Ngozi",
    "Chidinma", "Adaeze", "Folake", "Yetunde", "Akosua", "Abena", "Khadija", "Zeinab", "Halima",
    "Moussa", "Ousmane", "Ibrahima", "Mamadou", "Seydou", "Bakary", "Emeka", "Obinna", "Kwame",
    "Kofi", "Youssef", "Omar", "Yonas", "Mehari",
]  # fmt: skip


def redact_names(
    names: list[str], registry: PseudonymRegistry | None, key: bytes = KEY
) -> RedactionResult:
    text = ". ".join(f"{n}, 2{i % 10}, came back" for i, n in enumerate(names)) + "."
    findings, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        pos = start + len(name)
        findings.append(Finding(start, pos, name, "PERSON", 0.9, "t", "pseudonymize", "t"))
    return Pseudonymiser(Config(), load_key(key), registry).redact(text, findings, "en")


def pseudonyms(result: RedactionResult) -> dict[str, str]:
    return {f.text: f.replacement.rstrip("*") for f in result.findings}


def test_registry_keeps_one_pseudonym_per_person_across_stories(tmp_path: Path) -> None:
    path = tmp_path / "pseudonyms.json"
    first = pseudonyms(redact_names(GIVEN[:6], PseudonymRegistry.load(path)))
    assert path.exists()
    # Years later, another story, the same people among new ones, a fresh process.
    later = pseudonyms(redact_names(GIVEN[3:20], PseudonymRegistry.load(path)))
    for name in GIVEN[3:6]:
        assert later[name] == first[name]
    everyone = pseudonyms(redact_names(GIVEN, PseudonymRegistry.load(path)))
    assert len(set(everyone.values())) == len(GIVEN)  # no two beneficiaries share one


def test_no_two_beneficiaries_of_the_repository_share_a_pseudonym(tmp_path: Path) -> None:
    path = tmp_path / "pseudonyms.json"
    used: dict[str, str] = {}
    for name in GIVEN:  # one story per person: without the registry, collisions could happen
        pseudonym = pseudonyms(redact_names([name], PseudonymRegistry.load(path)))[name]
        assert pseudonym not in used.values(), (name, used)
        used[name] = pseudonym


def test_registry_file_holds_no_real_name(tmp_path: Path) -> None:
    path = tmp_path / "pseudonyms.json"
    redact_names(GIVEN[:10], PseudonymRegistry.load(path))
    raw = path.read_text(encoding="utf-8")
    data = json.loads(raw)
    assert len(data["pseudonyms"]) == 10
    for name in GIVEN[:10]:
        assert name.lower() not in raw.lower()
    assert all(len(k) == 32 for k in data["pseudonyms"])


def test_registry_refuses_another_key(tmp_path: Path) -> None:
    path = tmp_path / "pseudonyms.json"
    redact_names(GIVEN[:2], PseudonymRegistry.load(path))
    with pytest.raises(RegistryError, match="another key"):
        redact_names(GIVEN[:2], PseudonymRegistry.load(path), key=b"\x09" * 32)


def test_registry_needs_a_persistent_key(
    tmp_path: Path, redactor: Redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SAFENAME_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    engine = Redactor(redactor.config, registry=tmp_path / "pseudonyms.json")
    engine._analyzer = redactor.analyzer
    with pytest.raises(KeyProblem, match="persistent key"):
        engine.redact("Aminata Traoré, 24, came back.", language="en")


def test_registry_from_configuration_and_scan_never_writes_it(
    tmp_path: Path, redactor: Redactor
) -> None:
    (tmp_path / ".safename.toml").write_text('registry = "names/pseudonyms.json"\n')
    engine = Redactor.from_config(tmp_path / ".safename.toml")
    engine._key = KEY
    engine._analyzer = redactor.analyzer
    text = "Aminata Traoré, 24, came back to Bamako in May."
    engine.redact(text, language="en", record=False)
    assert not (tmp_path / "names" / "pseudonyms.json").exists()
    engine.redact(text, language="en")
    assert (tmp_path / "names" / "pseudonyms.json").exists()


# -- mapping ----------------------------------------------------------------------------------


def test_mapping_is_encrypted_and_reverses_the_redaction(tmp_path: Path) -> None:
    result = redact_names(["Aminata", "Moussa"], None)
    original = ". ".join(f"{n}, 2{i}, came back" for i, n in enumerate(["Aminata", "Moussa"])) + "."
    path = tmp_path / "story.mapping"
    write_mapping(path, mapping_entries(result.findings), KEY)
    raw = path.read_bytes()
    assert b"Aminata" not in raw and b"Moussa" not in raw
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    entries = read_mapping(path, KEY)
    assert {e.original for e in entries} == {"Aminata", "Moussa"}
    assert restore(result.body, entries) == original
    with pytest.raises(MappingError):
        read_mapping(path, b"\x09" * 32)
    with pytest.raises(MappingError, match="edited"):
        restore("x" + result.body, entries)
