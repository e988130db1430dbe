"""Benchmark of the web app on the demo region (figures for docs/performance.md).

1. Map page time-to-interactive in headless Chromium: from navigation start until the map
   has drawn its layers (``body[data-map-ready]``), fresh browser context each run.
2. Area and list endpoints under 50 concurrent clients on loopback (httpx + asyncio):
   p50/p95/max latency, bounded in request count and time.

The server runs as a separate ``praksisplan serve`` process over a temporary SQLite store
(an empty store, so serve loads the demo region itself).

    .venv/bin/python benchmarks/web.py [--requests 2000] [--seconds 60] [--clients 50]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(db_url: str, port: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "praksisplan.cli.main", "serve", "--db", db_url]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/snapshots").raise_for_status()
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start within 120 s")


def map_time_to_interactive(base: str, runs: int) -> list[float]:
    """Seconds from navigation start to the map's layers drawn, per run."""
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            page.goto(f"{base}/kort")
            page.wait_for_selector("body[data-map-ready=true]", timeout=30_000)
            times.append(page.evaluate("performance.now()") / 1000)
            context.close()
        browser.close()
    return times


async def _load(
    base: str, urls: list[tuple[str, str]], clients: int, total: int, seconds: float
) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {kind: [] for kind, _ in urls}
    counter = iter(range(total))
    stop_at = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            for n in counter:
                if time.monotonic() > stop_at:
                    return
                kind, url = urls[n % len(urls)]
                start = time.perf_counter()
                response = await client.get(url)
                latencies[kind].append(time.perf_counter() - start)
                response.raise_for_status()

        await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies


def _p(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--map-runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        server = _start_server(f"sqlite:///{Path(directory) / 'bench.db'}", port)
        print(f"server up (demo loaded, analysis warmed) in {time.perf_counter() - started:.1f} s")
        try:
            sid = httpx.get(f"{base}/api/snapshots").json()[0]["id"]
            areas = httpx.get(f"{base}/api/snapshots/{sid}/areas", params={"page_size": 500})
            area_ids = [a["area_id"] for a in areas.json()["items"]]
            api = f"/api/snapshots/{sid}"
            urls = [("area", f"{api}/areas/{a}") for a in area_ids]
            urls += [("area list", f"{api}/areas?page={p}&page_size=20") for p in (1, 2)]
            urls += [
                ("practice list", f"{api}/practices?sort={s}&order=desc&page={p}")
                for s in ("name", "listed_patients", "capacities")
                for p in (1, 2, 3)
            ]

            tti = map_time_to_interactive(base, args.map_runs)
            print(
                f"map page interactive: median {statistics.median(tti):.2f} s, "
                f"max {max(tti):.2f} s over {len(tti)} runs"
            )
            asyncio.run(_load(base, urls, args.clients, 200, 30))  # warm-up
            single = asyncio.run(_load(base, urls, 1, 300, 30))
            alone = [x for v in single.values() for x in v]
            print(
                f"one client alone: p50 {_p(alone, 50) * 1000:.1f} ms, "
                f"p95 {_p(alone, 95) * 1000:.1f} ms (the service time under no contention)"
            )
            started = time.perf_counter()
            latencies = asyncio.run(_load(base, urls, args.clients, args.requests, args.seconds))
            elapsed = time.perf_counter() - started
            done = sum(len(v) for v in latencies.values())
            print(
                f"{done} requests, {args.clients} concurrent clients, {elapsed:.1f} s "
                f"({done / elapsed:.0f} req/s)"
            )
            print(f"{'endpoint':15} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
            everything = [x for v in latencies.values() for x in v]
            for kind, values in [*latencies.items(), ("all", everything)]:
                print(
                    f"{kind:15} {len(values):6d} {_p(values, 50) * 1000:8.1f} "
                    f"{_p(values, 95) * 1000:8.1f} {max(values) * 1000:8.1f}"
                )
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
