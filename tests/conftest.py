"""Shared fixtures. Loading the spaCy pipelines takes seconds, so one Redactor serves the session."""

from __future__ import annotations

import pytest

from safename import Redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return Redactor()
