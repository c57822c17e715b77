"""Shared fixtures: the first article and its analysis (computed once per session)."""

from __future__ import annotations

import pytest

import routes
from routes import settings


@pytest.fixture(scope="session")
def first_text() -> str:
    return settings.first_article.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def first_analysis(first_text: str) -> routes.Analysis:
    return routes.analyze(first_text, name=settings.first_article.name)
