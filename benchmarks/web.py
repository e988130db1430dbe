"""Benchmark of the web app on the demo region (figures for docs/performance.md).

1. Map page time-to-interactive in headless Chromium: from navigation start until the map
   has drawn its layers and answers (the ``praksisplan:map-interactive`` User Timing mark of
   web/src/map.ts), with the page's other milestones (Navigation, Resource and User
   Timing); a fresh browser context each run, logged in as the demo's viewer.
2. Area and list endpoints under 50 concurrent keep-alive clients on 127.0.0.1: p50/p95/
   p99/max latency and throughput, bounded in request count and in time, for the mix of
   endpoints and for each kind alone; and one client alone (the service time).

The load generator is ``wrk`` (C, Debian package ``wrk``) when installed: it leaves the
CPU to the server. Without it the benchmark says so and falls back to a raw asyncio
HTTP/1.1 keep-alive client in this process, which competes with the server for the CPU
(pessimistic figures). CPU seconds of the server and of the load generator are reported,
so it shows where the time went; the machine's load average is printed with them.

The server runs as a separate ``praksisplan serve`` process over a temporary SQLite store:
an empty one, so serve loads the demo region itself, or a copy of ``--store``.

    .venv/bin/python benchmarks/web.py [--requests 100000] [--seconds 10] [--clients 50]
        [--load-generator auto|wrk|python] [--map-runs 5] [--map-only] [--store praksisplan.db]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

from praksisplan.web.auth.principal import SESSION_COOKIE

HOST = "127.0.0.1"
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
#: wrk script: cycles through the paths in $WRK_PATHS, stops each thread after
#: $WRK_PER_THREAD responses, prints one machine-readable RESULT line.
WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local limit = tonumber(os.getenv("WRK_PER_THREAD"))
local sent, received = 0, 0
request = function()
  sent = sent + 1
  return wrk.format("GET", paths[(sent % #paths) + 1])
end
response = function(status, headers, body)
  received = received + 1
  if received >= limit then wrk.thread:stop() end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT %d %d %d %d %d %d %d\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, summary.duration))
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    seconds: float
    capped: bool  # the request cap was reached before the time limit
    generator_cpu_s: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _start_server(db_url: str, port: int, timeout_s: float = 300) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "praksisplan.cli.main", "serve", "--db", db_url]
    process = subprocess.Popen(
        [*command, "--host", HOST, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read() if process.stderr else ""
            raise RuntimeError(f"the server exited with code {process.returncode}:\n{stderr}")
        try:
            httpx.get(f"http://{HOST}:{port}/login").raise_for_status()
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the server did not start within {timeout_s:g} s")


def _process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile_ms(values: list[float], q: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1)] * 1000


#: The page's Navigation/Resource/User Timing milestones, ms from navigation start; the
#: ``praksisplan:map-*`` marks are set by web/src/map.ts (``interactive``: drawn, answering).
MAP_TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const end = (part) => {
    const r = performance.getEntriesByType('resource').find((e) => e.name.includes(part));
    return r ? r.responseEnd : null;
  };
  return {
    'HTML received': nav.responseEnd,
    'DOM content loaded': nav.domContentLoadedEventEnd,
    'map.js received': end('/static/dist/map.js'),
    'worker received': end('maplibre-gl-worker'),
    'areas layer received': end('/layers/areas.geojson'),
    'practices layer received': end('/layers/practices.geojson'),
    ...Object.fromEntries(performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('praksisplan:map-'))
      .map((m) => [m.name.slice('praksisplan:map-'.length), m.startTime])),
  };
}"""


#: The demo's viewer (praksisplan.web.auth.demo_users): every measured page and endpoint is
#: open to a viewer, and the app requires a login.
DEMO_VIEWER = ("gaest", "demo-gaest-2026")
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def _login(page: Page, base: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", DEMO_VIEWER[0])
    page.fill("input[name=password]", DEMO_VIEWER[1])
    page.click(".login-form button[type=submit]")
    page.wait_for_selector(".user-menu .user-name")


def session_cookie(base: str) -> str:
    """A ``Cookie`` header value of a fresh login session of the demo's viewer."""
    with httpx.Client(base_url=base) as client:
        found = _CSRF_FIELD.search(client.get("/login").text)
        assert found, "the login page has no CSRF field"
        form = {"username": DEMO_VIEWER[0], "password": DEMO_VIEWER[1], "csrf_token": found[1]}
        client.post("/login", data=form).raise_for_status()
        return f"{SESSION_COOKIE}={client.cookies[SESSION_COOKIE]}"


def map_time_to_interactive(base: str, runs: int) -> list[dict[str, float | None]]:
    """Per run, the map page's milestones in seconds from navigation start (``interactive``:
    the map drawn and answering clicks), each run in a fresh browser context (cold cache)
    of one browser, logged in as the demo's viewer."""
    runs_timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page = context.new_page()
            _login(page, base)
            page.goto(f"{base}/kort")
            page.wait_for_selector("body[data-map-ready=true]", timeout=30_000)
            timings = page.evaluate(MAP_TIMINGS_JS)
            runs_timings.append({k: None if v is None else v / 1000 for k, v in timings.items()})
            context.close()
        browser.close()
    return runs_timings


def print_map_timings(runs: list[dict[str, float | None]]) -> None:
    if any("interactive" not in run for run in runs):
        raise SystemExit(
            "the served map.js sets no praksisplan:map-interactive mark: the bundle is older "
            "than web/src (run `make web-assets`)"
        )
    interactive = [r["interactive"] for r in runs if r["interactive"] is not None]
    print(
        f"map page interactive (1366×768, {len(runs)} fresh contexts): median "
        f"{statistics.median(interactive):.3f} s, min {min(interactive):.3f} s, "
        f"max {max(interactive):.3f} s; runs: " + ", ".join(f"{t:.3f}" for t in interactive)
    )
    for milestone in runs[0]:
        values = [r[milestone] for r in runs if r[milestone] is not None]
        if values:
            print(f"  {milestone:26} median {statistics.median(values):.3f} s")


def run_wrk(
    port: int,
    paths: list[str],
    clients: int,
    total: int,
    seconds: float,
    work: Path,
    cookie: str,
) -> LoadResult:
    """``wrk`` with ``clients`` connections on two threads, ``total`` requests or ``seconds``."""
    threads = min(2, clients)
    script, path_file = work / "mix.lua", work / "paths.txt"
    script.write_text(WRK_SCRIPT)
    path_file.write_text("\n".join(paths) + "\n")
    env = {**os.environ, "WRK_PATHS": str(path_file), "WRK_PER_THREAD": str(-(-total // threads))}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds:g}s", "-s", str(script),
         "-H", f"Cookie: {cookie}", f"http://{HOST}:{port}"],
        capture_output=True, text=True, env=env, timeout=seconds + 30, check=True,
    )  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(x for x in completed.stdout.splitlines() if x.startswith("RESULT "))
    requests, errors, p50, p95, p99, longest, _ = (int(x) for x in line.split()[1:])
    capped = requests >= total
    return LoadResult(
        requests=requests,
        errors=errors,
        p50_ms=p50 / 1000,
        p95_ms=p95 / 1000,
        p99_ms=p99 / 1000,
        max_ms=longest / 1000,
        # wrk idles until its duration even when every thread hit the cap; the rate is
        # then a lower bound
        seconds=min(wall, seconds),
        capped=capped,
        generator_cpu_s=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
    )


async def _python_load(
    port: int, paths: list[str], clients: int, total: int, seconds: float, cookie: str
) -> tuple[list[float], int, float]:
    """Raw asyncio HTTP/1.1 keep-alive clients: latencies, errors, elapsed seconds."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    stop_at = time.monotonic() + seconds

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            for n in counter:
                if time.monotonic() > stop_at:
                    return
                request = (
                    f"GET {paths[n % len(paths)]} HTTP/1.1\r\nHost: {HOST}\r\n"
                    f"Cookie: {cookie}\r\n\r\n"
                )
                start = time.perf_counter()
                writer.write(request.encode("ascii"))
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                length = next(
                    int(x.split(":", 1)[1])
                    for x in lines
                    if x.lower().startswith("content-length:")
                )
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - start)
                errors += lines[0].split()[1] != "200"
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


def run_python(
    port: int, paths: list[str], clients: int, total: int, seconds: float, cookie: str
) -> LoadResult:
    before = resource.getrusage(resource.RUSAGE_SELF)
    latencies, errors, elapsed = asyncio.run(
        _python_load(port, paths, clients, total, seconds, cookie)
    )
    after = resource.getrusage(resource.RUSAGE_SELF)
    return LoadResult(
        requests=len(latencies),
        errors=errors,
        p50_ms=_percentile_ms(latencies, 50),
        p95_ms=_percentile_ms(latencies, 95),
        p99_ms=_percentile_ms(latencies, 99),
        max_ms=max(latencies) * 1000,
        seconds=elapsed,
        capped=len(latencies) >= total,
        generator_cpu_s=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
    )


def _choose_generator(wanted: str) -> str:
    if wanted == "python" or (wanted == "auto" and shutil.which("wrk") is None):
        if wanted == "auto":
            print(
                "NOTE: wrk is not installed (Debian: apt-get install -y wrk); falling back to "
                "the Python asyncio client, which shares the CPU with the server, so the "
                "latencies below are pessimistic."
            )
        return "python"
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install -y wrk)")
    return "wrk"


def _endpoint_paths(base: str, cookie: str) -> dict[str, list[str]]:
    headers = {"Cookie": cookie}
    sid = httpx.get(f"{base}/api/snapshots", headers=headers).json()[0]["id"]
    api = f"/api/snapshots/{sid}"
    areas = httpx.get(f"{base}{api}/areas", params={"page_size": 500}, headers=headers)
    areas = areas.json()["items"]
    return {
        "area": [f"{api}/areas/{a['area_id']}" for a in areas],
        "area list": [f"{api}/areas?page={p}&page_size=20" for p in (1, 2)],
        "practice list": [
            f"{api}/practices?sort={s}&order=desc&page={p}"
            for s in ("name", "listed_patients", "capacities")
            for p in (1, 2, 3)
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000, help="cap per load run")
    parser.add_argument("--seconds", type=float, default=10, help="time limit per load run")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--map-runs", type=int, default=5)
    parser.add_argument("--map-only", action="store_true", help="the map page alone, no load")
    parser.add_argument("--load-generator", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument(
        "--store",
        type=Path,
        help="serve a copy of this SQLite store instead of an empty one (skips the demo load)",
    )
    args = parser.parse_args()
    generator = _choose_generator(args.load_generator)

    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        port = _free_port()
        base = f"http://{HOST}:{port}"
        if args.store is not None:
            shutil.copyfile(args.store, work / "bench.db")
        started = time.perf_counter()
        server = _start_server(f"sqlite:///{work / 'bench.db'}", port)
        print(f"server up (store ready, analysis warmed) in {time.perf_counter() - started:.1f} s")

        def load(paths: list[str], clients: int, total: int, seconds: float) -> LoadResult:
            if generator == "wrk":
                return run_wrk(port, paths, clients, total, seconds, work, cookie)
            return run_python(port, paths, clients, total, seconds, cookie)

        try:
            if args.map_runs:
                print_map_timings(map_time_to_interactive(base, args.map_runs))
            if args.map_only:
                return
            cookie = session_cookie(base)
            kinds = _endpoint_paths(base, cookie)
            mix = [p for paths in kinds.values() for p in paths]
            load(mix, args.clients, 2000, 3)  # warm-up: every response cached
            single = load(mix, 1, 2000, min(args.seconds, 5))
            print(
                f"one client alone: p50 {single.p50_ms:.2f} ms, p95 {single.p95_ms:.2f} ms "
                "(the service time under no contention)"
            )
            print(
                f"load generator: {generator}; {args.clients} concurrent keep-alive clients, "
                f"at most {args.requests} requests or {args.seconds:g} s per run; "
                f"load average before: {os.getloadavg()[0]:.2f}"
            )
            header = (
                f"{'endpoints':15} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
                f"{'p99 ms':>7} {'max ms':>7} {'errors':>6} {'server CPU s':>12} "
                f"{'generator CPU s':>15}"
            )
            print(header)
            for kind, paths in [("mix", mix), *kinds.items()]:
                server_cpu = _process_cpu_s(server.pid)
                result = load(paths, args.clients, args.requests, args.seconds)
                server_cpu = _process_cpu_s(server.pid) - server_cpu
                rate = f"{'≥' if result.capped else ''}{result.rate:.0f}"
                print(
                    f"{kind:15} {result.requests:9d} {rate:>7} {result.p50_ms:7.1f} "
                    f"{result.p95_ms:7.1f} {result.p99_ms:7.1f} {result.max_ms:7.1f} "
                    f"{result.errors:6d} {server_cpu:12.1f} {result.generator_cpu_s:15.1f}"
                )
            print(f"load average after: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
