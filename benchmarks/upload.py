"""Another visitor while a large upload is parsed: how long their filter change takes, beside a quiet server.

    python -m benchmarks.upload            # a ~45 MB curated CSV; writes docs/upload.md with --write

One browser session uploads the file on *Your data*; meanwhile a second session types into the search filter
on *Events* again and again, timing each change to the updated view. The same is measured with no upload
running (the floor). Target: every change during the upload under 2 s. Traffic goes only to the server this
script starts on 127.0.0.1; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright

from benchmarks.load import SEARCH_LABEL, SENTENCE, WORDS, _settled
from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

EVENTS = Path(__file__).resolve().parent.parent / "data" / "events.csv"
REPORT = Path(__file__).resolve().parent.parent / "docs" / "upload.md"

# Target for any filter change of another visitor during an upload, in seconds.
TARGET = 2.0


def big_file(path: Path, megabytes: int, bad: bool = False) -> Path:
    """A curated CSV of about `megabytes` MB (the bundled rows repeated under new ids); with `bad`, every row has
    an impossible date, so every row is rejected (the slow path: each problem is itemised, up to the bound)."""
    lines = EVENTS.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], [line for line in lines[1:] if line and "\n" not in line]
    with path.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        written, copy = 0, 0
        while written < megabytes * 2**20:
            for row in rows:
                line = f"u{copy}-{row}\n"
                if bad:
                    line = line.replace(",20", ",x20", 1)
                out.write(line)
                written += len(line.encode())
            copy += 1
    return path


async def _changes(page, seconds: float) -> list[float]:
    times = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        before = await page.locator(SENTENCE).first.inner_text()
        field = page.get_by_label(SEARCH_LABEL)
        start = time.monotonic()
        current = await field.input_value()
        await field.fill(next(word for word in WORDS if word != current))
        await field.press("Enter")
        await _settled(page, before)
        times.append(time.monotonic() - start)
    return times


async def measure(base: str, upload: Path, seconds: float) -> tuple[list[float], list[float], float]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        other = await (await browser.new_context()).new_page()
        await other.goto(f"{base}/events")
        await _settled(other, None)
        quiet = await _changes(other, seconds)
        uploader = await (await browser.new_context()).new_page()
        await uploader.goto(f"{base}/data")
        await _settled(uploader, None)
        start = time.monotonic()
        await uploader.locator("input[type='file']").set_input_files(str(upload))
        done = asyncio.ensure_future(uploader.get_by_text("Rows read").wait_for(timeout=600_000))
        during = []
        while not done.done():
            during += await _changes(other, 0.1)
        await done
        parsed = time.monotonic() - start
        await browser.close()
        return quiet, during, parsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=int, default=45)
    parser.add_argument("--write", action="store_true", help=f"write {REPORT.name} in docs/")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for kind, bad in (("valid rows", False), ("every row rejected", True)):
            upload = big_file(Path(folder) / f"big-{bad}.csv", args.megabytes, bad)
            with streamlit_server(EVENTS) as base:
                results[kind] = asyncio.run(measure(base, upload, seconds=10))
    quiet = results["valid rows"][0]
    worst = max(max(during) for _, during, _ in results.values() if during)
    lines = [
        "# Another visitor during a large upload",
        "",
        f"Written by `python -m benchmarks.upload --write`: a {args.megabytes} MB curated CSV uploaded on *Your data* "
        "while a second browser session changes the search filter on *Events*; each time is from typing to the "
        "updated view. Target: under 2 s during the upload.",
        "",
        "| | changes | median | max |",
        "|---|---|---|---|",
        f"| quiet server (floor) | {len(quiet)} | {statistics.median(quiet):.2f} s | {max(quiet):.2f} s |",
        *(f"| during the upload, {kind} ({parsed:.0f} s from choosing the file to its report) | {len(during)} | "
          f"{statistics.median(during):.2f} s | {max(during):.2f} s |"
          for kind, (_, during, parsed) in results.items()),
        "",
        f"Target {'PASS' if worst < TARGET else 'FAIL'}: every change during an upload under {TARGET:.0f} s "
        f"(slowest {worst:.2f} s). The file is parsed in a worker process (tracker/ui/uploads.py).",
    ]
    print("\n".join(lines))
    if args.write:
        REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
