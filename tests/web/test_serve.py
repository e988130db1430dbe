"""``praksisplan serve`` as a real subprocess: an empty store gets the demo region."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from access_users import hidden_csrf
from praksisplan.store import Store


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_loads_the_demo_into_an_empty_store_and_serves_it(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'new.db'}"
    port = _free_port()
    command = [sys.executable, "-m", "praksisplan.cli.main", "serve", "--db", db_url]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            try:
                anonymous = httpx.get(f"http://127.0.0.1:{port}/api/snapshots")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.2)
        assert anonymous.status_code == 401  # login required by default
        # the demo planner's password as the README's demo section prints it
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}")
        login_page = client.get("/login")
        csrf = hidden_csrf(login_page.text)
        form = {"username": "planner", "password": "demo-planner-2026", "csrf_token": csrf}
        assert client.post("/login", data=form).status_code == 303
        snapshots = client.get("/api/snapshots").json()
        # the newest snapshot first; the ten earlier ones follow in the background
        assert {s["source"] for s in snapshots} == {"demo"}
        assert snapshots[0]["synthetic"] is True and snapshots[0]["reference_date"] == "2026-01-01"
        page = client.get("/kort")
        assert page.status_code == 200 and "Kort" in page.text
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "Databasen var tom: demoregionen" in output
    assert "demo-kommune-2026" in output and "municipality:907" in output
    assert "De ti tidligere halvårlige øjebliksbilleder indlæses i baggrunden." in output
    assert f"http://127.0.0.1:{port}" in output
    with Store(db_url) as store:  # stopped while loading the history: whole snapshots only
        stored = store.list_snapshots()
        assert 1 <= len(stored) <= 11
        for info in stored:
            assert store.row_counts(info.id)["gps"] > 300
