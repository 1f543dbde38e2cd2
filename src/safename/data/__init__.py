"""Access to the data files shipped with safename (name lists, places, context words).

Data lives in TSV/TOML files rather than in code so that linguists and field staff can review and
extend it without reading Python.
"""

from __future__ import annotations

import csv
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def data_path(*parts: str) -> Path:
    return Path(str(resources.files("safename.data").joinpath(*parts)))


@cache
def read_tsv(*parts: str) -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated data file as dicts keyed by its header."""
    with data_path(*parts).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return tuple({k: (v or "").strip() for k, v in row.items() if k} for row in reader)


@cache
def read_toml(*parts: str) -> dict[str, Any]:
    with data_path(*parts).open("rb") as handle:
        return tomllib.load(handle)


def context(language: str) -> dict[str, Any]:
    """Context words and phrases for one language (see data/context/<lang>.toml)."""
    return read_toml("context", f"{language}.toml")
