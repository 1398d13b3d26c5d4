"""Shared fixtures. Qt runs offscreen: without a display it would abort otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def valid_file() -> Path:
    return DATA / "valid.toml"
