"""Shared fixtures: loading spaCy takes seconds, so one Redactor serves the session."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

import safename.cli.common as common
from safename import Redactor

# A fixed key for CLI tests: pseudonyms are reproducible and no "random key" warning is printed.
CLI_KEY = "5f" * 32
# The tests' fixed keys are public (they are in this repository), which safename refuses for
# real work; this lets them through, here and in the subprocesses the tests start.
# tests/test_keys_trust.py checks the refusal with the variable unset.
os.environ.setdefault("SAFENAME_ALLOW_PUBLIC_KEY", "1")


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return Redactor()


@pytest.fixture(scope="module")
def engine(redactor: Redactor) -> Redactor:
    """A Redactor with a fixed key sharing the session's loaded pipelines (modules that need
    other settings define their own `engine`)."""
    made = Redactor(key=bytes(range(32)))
    made._analyzer = redactor.analyzer
    return made


@pytest.fixture
def runner(redactor, monkeypatch) -> CliRunner:
    """The real CLI in-process, reusing the session's loaded pipelines and a fixed key."""
    real = common.make_redactor

    def shared(config_path, first_input):
        made = real(config_path, first_input)
        made._analyzer = redactor.analyzer
        return made

    for module in ("check", "redact", "scan"):
        monkeypatch.setattr(f"safename.cli.{module}.make_redactor", shared)
    monkeypatch.setenv("SAFENAME_KEY", CLI_KEY)
    return CliRunner()
