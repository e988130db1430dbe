"""Two processes writing one SQLite store at once: every write lands, none fails half-way.

``store/database.py`` promises that writers take the write lock up front (``BEGIN
IMMEDIATE``) and wait for it; here two real processes record decisions at the same time.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from praksisplan.core.dataset import Dataset
from praksisplan.store import Store

DECISIONS_PER_WRITER = 40

WRITER = textwrap.dedent(
    """
    import sys
    from praksisplan.store import Store

    url, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Store(url, create=False) as store:
        print("ready", flush=True)
        sys.stdin.readline()  # both start writing together
        for number in range(count):
            store.record_decision(1, "A1", "yellow", "red", f"{name} {number}", name)
    """
)


def test_two_processes_record_decisions_concurrently(tmp_path: Path, tiny_dataset: Dataset) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, name, str(DECISIONS_PER_WRITER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        _, stderr = writer.communicate(timeout=300)
        assert writer.returncode == 0, stderr
    with Store(url) as store:
        decisions = store.decisions(1)
    assert len(decisions) == 2 * DECISIONS_PER_WRITER
    assert len({d.id for d in decisions}) == len(decisions)
    for name in ("first", "second"):
        reasons = sorted(int(d.reason.split()[1]) for d in decisions if d.decided_by == name)
        assert reasons == list(range(DECISIONS_PER_WRITER))
