"""How long each export of the first article takes, first call and warm, and how big it is.

Baseline, in the same run: the PNG drawn with matplotlib from the shipped layers (the
road the app falls back to without Chromium), against the PNG taken by Chromium through
Playwright from the map's own HTML (what the app does).

    .venv/bin/python benchmarks/export.py
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import routes  # noqa: E402
from routes import settings  # noqa: E402
from routes.model import ViewOptions  # noqa: E402
from routes.show import export, png, vector  # noqa: E402


def _time(call: object) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = call()  # type: ignore[operator]
    return time.perf_counter() - start, data


def main() -> None:
    analysis = routes.analyze(settings.first_article.read_bytes(), name=settings.first_article.name)
    rows = []
    for fmt in export.FORMATS:
        first, data = _time(lambda fmt=fmt: export.export(analysis, fmt).data)
        warm, _ = _time(lambda fmt=fmt: export.export(analysis, fmt).data)
        rows.append((fmt, first, warm, len(data)))
    first, data = _time(lambda: export.export(analysis, "png", ViewOptions(scale=2)).data)
    rows.append(("png 2x", first, first, len(data)))
    base_first, base = _time(lambda: vector.render(analysis, ViewOptions(), "png"))
    base_warm, _ = _time(lambda: vector.render(analysis, ViewOptions(), "png"))
    rows.append(("baseline: png by matplotlib", base_first, base_warm, len(base)))
    png.close_browser()

    print("| format | first call | warm | size |")
    print("|---|---|---|---|")
    for fmt, first, warm, size in rows:
        print(f"| {fmt} | {first:.2f} s | {warm:.2f} s | {size / 1024:,.0f} KiB |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process (Chromium runs in its own): {peak:,.0f} MB")


if __name__ == "__main__":
    main()
