"""Load: several browser sessions on one server at once, and many analyses in one session.

Starts the page (``streamlit run app.py``) on a free port and drives headless Chromium
(Debian's ``/usr/bin/chromium``) against it; every request that leaves the machine is blocked.
It measures, each session from its page's opening to a drawn map (the legs' lines inside the map's
frame):

1. the baseline, in the same run: one session alone on the warm server, the first article;
2. five sessions at once, all on the first article;
3. five sessions at once, each pasting a different article (development set of the journeys
   benchmark, one a language);
4. ten analyses in a row in one session (ten other articles pasted one after the other): the
   server's resident memory (its process and the analysis workers, from ``/proc``) after each.

    .venv/bin/python benchmarks/load.py [--sessions 5] [--in-a-row 10]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARTICLES = ROOT / "benchmarks" / "journeys"
DRAWN = ".leaflet-overlay-pane path.leaflet-interactive"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the Streamlit server did not start within 90 s")


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdecimal():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in (Path("/proc") / str(p) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def _guard(route: object) -> None:
    url = route.request.url  # type: ignore[attr-defined]
    if url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname in {"127.0.0.1", "localhost"}:
        route.continue_()  # type: ignore[attr-defined]
    else:
        route.abort()  # type: ignore[attr-defined]


def _map_drawn(page: object, timeout_s: float = 180) -> None:
    frame = page.wait_for_selector("iframe[title='Map of the journey']", timeout=timeout_s * 1000)  # type: ignore
    frame.content_frame().wait_for_selector(DRAWN, timeout=timeout_s * 1000)


def _paste(page: object, text: str) -> None:
    page.get_by_text("Paste text", exact=True).click()  # type: ignore[attr-defined]
    area = page.get_by_label("Paste an article")  # type: ignore[attr-defined]
    area.fill(text)
    area.press("Control+Enter")


def _session(url: str, text: str | None, out: list[float], errors: list[str]) -> None:
    """One user: open the page (and paste an article), until its map has drawn."""
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.route("**/*", _guard)
            start = time.perf_counter()
            page.goto(url, wait_until="domcontentloaded")
            if text is not None:
                page.wait_for_selector("section[data-testid='stSidebar']", timeout=120_000)
                _map_drawn(page)  # the first article first: the page always opens on it
                start_paste = time.perf_counter()
                _paste(page, text)
                page.wait_for_function(
                    "() => [...document.querySelectorAll('mark.place')].length > 0 &&"
                    " !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=180_000)
                _map_drawn(page)
                out.append(time.perf_counter() - start_paste)
            else:
                _map_drawn(page)
                out.append(time.perf_counter() - start)
            browser.close()
    except Exception as err:  # reported in the table, the run goes on
        errors.append(f"{type(err).__name__}: {str(err).splitlines()[0]}")


def _at_once(url: str, texts: list[str | None]) -> tuple[list[float], list[str]]:
    times: list[float] = []
    errors: list[str] = []
    threads = [threading.Thread(target=_session, args=(url, t, times, errors)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors


def _articles() -> list[str]:
    langs = ["en", "fr", "es", "de", "ru"]
    return [(ARTICLES / lang / f"{n:03d}.txt").read_text(encoding="utf-8") for n in range(1, 4) for lang in langs]


def _row(label: str, times: list[float], errors: list[str], baseline: float | None) -> str:
    if not times:
        return f"| {label} | – | – | – | {len(errors)} failed: {errors[:1]} |"
    worst = max(times)
    ratio = f"{worst / baseline:.1f}×" if baseline else "1.0×"
    failed = f"{len(errors)} failed: {errors[:1]}" if errors else "none"
    return f"| {label} | {statistics.median(times):.1f} s | {worst:.1f} s | {ratio} | {failed} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--in-a-row", type=int, default=10)
    args = parser.parse_args()
    server, url = _start_server()
    try:
        _at_once(url, [None])  # warm: the workers load their models, the caches fill
        alone, errors = _at_once(url, [None])
        baseline = alone[0] if alone else None
        print(f"server {url}, {os.cpu_count()} cores, {args.sessions} sessions\n")
        print("| sessions | median to a drawn map | slowest | slowest ÷ one alone | errors |")
        print("|---|---|---|---|---|")
        print(_row("one alone, first article (baseline)", alone, errors, baseline))
        times, errors = _at_once(url, [None] * args.sessions)
        print(_row(f"{args.sessions} at once, first article", times, errors, baseline))
        texts = _articles()
        times, errors = _at_once(url, list(texts[:args.sessions]))
        print(_row(f"{args.sessions} at once, each pasting another article", times, errors, baseline))
        _in_a_row(url, server.pid, texts[args.sessions:args.sessions + args.in_a_row])
    finally:
        server.terminate()
        server.wait(timeout=30)


def _in_a_row(url: str, pid: int, texts: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    rss = [_rss_mb(pid)]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.route("**/*", _guard)
        page.goto(url, wait_until="domcontentloaded")
        _map_drawn(page)
        rss.append(_rss_mb(pid))
        for text in texts:
            _paste(page, text)
            time.sleep(1.0)  # the rerun starts
            page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                   timeout=180_000)
            rss.append(_rss_mb(pid))
        browser.close()
    print(f"\n{len(texts)} analyses in a row in one session, the server's resident memory (server + workers):")
    print("before any session {:,.0f} MB; after the first article {:,.0f} MB; after each pasted article: {}"
          .format(rss[0], rss[1], ", ".join(f"{r:,.0f}" for r in rss[2:])))
    print(f"growth after the first pasted article: {rss[-1] - rss[2]:+,.0f} MB")


if __name__ == "__main__":
    main()
