"""The threat page's coming threatened areas (kommende lægedækningstruede områder), over
HTTP as a logged-in planner, against the CLI's ``assess --coming`` on the same store and a
case derived by hand from the tiny dataset's GP birth years."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from access_users import logged_in
from cli_process import run_cli
from praksisplan.core.danish_numbers import format_share_da
from praksisplan.store import SnapshotInfo, Store
from retirement_rules import rules_retiring_at_63


def _coming_rows(html: str) -> dict[str, tuple[str, str]]:
    """Area id → (year, probability) of the page's coming list."""
    section = html.split('<section id="kommende"')[1].split("</section>")[0]
    rows = re.findall(
        r'<tr data-area="([^"]+)">.*?class="coming-year">([^<]*)</td>'
        r'<td class="coming-probability">([^<]*)</td>',
        section,
    )
    return {area: (year, probability) for area, year, probability in rows}


def test_coming_areas_agree_with_the_cli_and_the_hand_derived_year(
    tiny_store: tuple[Store, SnapshotInfo], store_url: str, client: TestClient, tmp_path: Path
) -> None:
    """Retiring at 63 (tests/retirement_rules.py): A2 loses G05 (born 1966) in 2029 and falls
    to P004's 1,600 patients, under 75 % of its need: coming from 2029 with 100 %. The CLI
    saves the run, so its rule set is the snapshot's in force for the web."""
    rules = rules_retiring_at_63(tmp_path / "at63.toml")
    cli = run_cli(
        "assess", "snapshot:1", "--rules", str(rules), "--coming", "--format", "json",
        "--db", store_url,
    )  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    by_cli = {a["area_id"]: a for a in json.loads(cli.stdout)["areas"]}
    expected = {
        area: format_share_da(a["prob_red_within_5_years"])
        for area, a in by_cli.items()
        if a["coming"]
    }
    assert expected == {"A2": "100 %"}

    # the forecast is not in memory yet: the gross list comes at once, with a link
    first = client.get("/truede?snapshot=1&kommune=851")
    assert first.status_code == 200
    assert 'id="coming-link" href="/truede?snapshot=1&amp;kommune=851&amp;kommende=1#kommende"' in (
        first.text
    )
    assert _coming_rows(first.text) == {}

    asked = client.get("/truede?snapshot=1&kommende=1")
    assert asked.status_code == 200
    shown = _coming_rows(asked.text)
    assert {area: probability for area, (_, probability) in shown.items()} == expected
    assert shown["A2"] == ("2029", "100 %")
    assert "Sandsynlighed for rød inden for 5 år" in asked.text
    assert 'id="coming-link"' not in asked.text

    # now in memory: every later visit shows it without asking, filtered like the list
    again = client.get("/truede?snapshot=1")
    assert _coming_rows(again.text) == shown
    other = client.get("/truede?snapshot=1&kommune=849")
    assert _coming_rows(other.text) == {} and 'id="coming-none"' in other.text
    # the Prognose page lists the same area from the same (shared) forecast
    prognose = client.get("/prognose?snapshot=1").text
    coming_table = prognose.split('<table id="forecast-coming">')[1].split("</table>")[0]
    assert "<td>A2</td><td>Aalborg Syd</td><td>2029</td><td>100 %</td>" in coming_table
    # a Jammerbugt (849) user sees only Jammerbugt's areas: A2 (Aalborg) is not theirs
    with logged_in(store_url, "municipality:849") as jammerbugt:
        theirs = jammerbugt.get("/truede?snapshot=1&kommende=1").text
    assert _coming_rows(theirs) == {} and 'id="coming-none"' in theirs


def test_no_coming_areas_under_the_default_rules(
    store_url: str, client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    """The default rules: the CLI finds no coming area in the tiny dataset, nor does the
    page (first visit to the Prognose page puts the forecast in memory)."""
    cli = run_cli("assess", "snapshot:1", "--coming", "--format", "json", "--db", store_url)
    assert cli.returncode == 0, cli.stderr
    assert not any(a["coming"] for a in json.loads(cli.stdout)["areas"])
    assert client.get("/prognose?snapshot=1").status_code == 200
    page = client.get("/truede?snapshot=1").text
    assert 'id="coming-link"' not in page and 'id="coming-none"' in page
