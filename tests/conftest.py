"""Shared fixtures: loading spaCy takes seconds, so one Redactor serves the session."""

from __future__ import annotations

import pytest

from safename import Redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return Redactor()
