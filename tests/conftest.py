"""Shared fixtures: the first article and its analysis (computed once per session)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

import routes
from routes import settings


@pytest.fixture(scope="session")
def first_text() -> str:
    return settings.first_article.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def first_analysis(first_text: str) -> routes.Analysis:
    return routes.analyze(first_text, name=settings.first_article.name)


class Listener:
    """A server on this machine that notes every request it gets: the oracle for "nothing left the page".

    ``url`` is where it listens; ``hits`` the paths asked of it."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.hits = hits
        self._server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A :class:`Listener` for the test, closed after it."""
    server = Listener()
    yield server
    server.close()
