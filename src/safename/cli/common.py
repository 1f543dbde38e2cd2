"""Pieces every sub-command shares: building a Redactor and reporting input errors."""

from __future__ import annotations

from pathlib import Path

import click

from safename.config import ConfigError
from safename.detect.pipeline import PipelineNotInstalled
from safename.redactor import Redactor

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file (default: nearest .safename.toml or pyproject.toml "
    "[tool.safename] above the first input).",
)
language_option = click.option(
    "--language",
    "-l",
    type=click.Choice(["auto", "en", "fr"]),
    default="auto",
    show_default=True,
    help="Language of the inputs; auto detects it per file.",
)


profile_option = click.option(
    "--profile",
    type=click.Choice(["minimal", "standard", "strict"]),
    default=None,
    help="What is changed beyond names: minimal (names and private contacts), standard "
    "(also nationality, exact ages and home places generalised; the default), strict (broad "
    "age bands). Overrides `profile` in the configuration.",
)


def apply_profile(redactor: Redactor, profile: str | None) -> Redactor:
    """`redactor` under `profile` (--profile), sharing its loaded pipelines."""
    if profile is None or profile == redactor.config.profile:
        return redactor
    sibling = Redactor(
        redactor.config.with_profile(profile), key=redactor._key, registry=redactor._registry
    )
    sibling._analyzer = redactor.analyzer
    return sibling


def make_redactor(config_path: Path | None, first_input: Path | None) -> Redactor:
    try:
        if config_path is not None:
            if not config_path.is_file():
                raise click.UsageError(f"configuration file not found: {config_path}")
            return Redactor.from_config(config_path)
        return Redactor.from_config(first_input or Path.cwd())
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def check_language(redactor: Redactor, language: str) -> None:
    """`-l fr` when the configuration only has `en`: one usage line, not a traceback per file."""
    configured = redactor.config.languages
    if language != "auto" and language not in configured:
        click.echo(
            f"safename: -l {language}: language {language!r} is not configured (configured: "
            f"{', '.join(configured)}); add it to `languages` in the configuration or use -l auto",
            err=True,
        )
        raise SystemExit(EXIT_ERROR)


def report_error(path: Path | str, message: str) -> None:
    click.echo(f"safename: {path}: {message}", err=True)


def ensure_engine(redactor: Redactor) -> None:
    """Load the pipelines now, so a missing one is one clear line and exit 2."""
    try:
        redactor.analyzer  # noqa: B018 - loading is the point
    except PipelineNotInstalled as exc:
        click.echo(f"safename: {exc}", err=True)
        raise SystemExit(EXIT_ERROR) from None
