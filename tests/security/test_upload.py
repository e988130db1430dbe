"""The dataset upload in the browser's form encoding: a valid zip loads; hostile ones don't.

Each hostile upload must be refused with a message naming the rule, and the store file must
be byte for byte what it was before (the refusal is not even audited).
"""

from __future__ import annotations

import csv
import hashlib
import io
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from upload_zips import encrypted_zip, tiny_files, upload, zipped

from access_users import login
from dataset_io.workbooks import tiny_update, workbook_bytes
from praksisplan.store import AuditLog, Store
from praksisplan.web.app import create_app


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("population.csv", "w", force_zip64=True) as member,
    ):
        for _ in range(300):
            member.write(b"0" * 1_000_000)  # 300 MB of zeros, ~300 kB packed
    return buffer.getvalue()


def _with_info(name: str, data: bytes, **attributes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file_name, content in tiny_files().items():
            archive.writestr(file_name, content)
        info = zipfile.ZipInfo(name)
        for key, value in attributes.items():
            setattr(info, key, value)
        archive.writestr(info, data)
    return buffer.getvalue()


def _formula_workbook() -> bytes:
    files = tiny_files()
    rows = list(csv.reader(io.StringIO(files.pop("practices.csv").decode("utf-8"))))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    column = rows[0].index("capacities") + 1
    sheet.cell(row=2, column=column, value="=1+1")  # a formula in a number column
    out = io.BytesIO()
    book.save(out)
    files["practices.xlsx"] = out.getvalue()
    return zipped(files)


def _duplicate_names() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in tiny_files().items():
            archive.writestr(name, data)
        with pytest.warns(UserWarning):
            archive.writestr("practices.csv", b"provider_number\n")
    return buffer.getvalue()


def _many_rows() -> bytes:
    files = tiny_files()
    files["population.csv"] += b"\n" * 2_000_001
    return zipped(files, zipfile.ZIP_STORED)


def _workbook_with_part(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The tiny update's workbook with the part ``name`` added or replaced by ``data``."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(tiny_update())))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != name:
                archive.writestr(info, source.read(info))
        archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def _workbook_formula() -> bytes:
    sheets = tiny_update()
    sheets["practices"][2][sheets["practices"][0].index("capacities")] = "=1+2"
    return workbook_bytes(sheets)


def _workbook_rows() -> bytes:
    rows = b"<row/>" * 2_000_001  # stored, not packed: no bomb, just absurdly many rows
    sheet = b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>"
    return _workbook_with_part("xl/worksheets/sheet2.xml", sheet, zipfile.ZIP_STORED)


HOSTILE: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "zip bomb": (_bomb, "upload.zip", "zip-bombe"),
    "../ path": (lambda: _with_info("../ud.csv", b"x"), "upload.zip", "path-traversal"),
    "absolute path": (lambda: _with_info("/tmp/ud.csv", b"x"), "upload.zip", "path-traversal"),
    "symlink": (
        lambda: _with_info("link.csv", b"/etc/passwd", external_attr=(stat.S_IFLNK | 0o777) << 16),
        "upload.zip", "symlink",
    ),
    "wrong type (pdf)": (lambda: b"%PDF-1.7\n" + b"0" * 100, "data.pdf", "wrong-type"),
    "pdf renamed .zip": (lambda: b"%PDF-1.7\n" + b"0" * 100, "data.zip", "wrong-type"),
    "empty": (lambda: b"", "upload.zip", "empty"),
    "corrupt zip": (lambda: b"PK\x03\x04" + b"\xff" * 200, "upload.zip", "bad-zip"),
    "too many files": (
        lambda: zipped({f"f{i}.txt": b"" for i in range(201)}), "upload.zip", "too-many-files",
    ),
    "deep folders": (lambda: _with_info("a/b/c.csv", b"x"), "upload.zip", "nested-folder"),
    "duplicate names": (_duplicate_names, "upload.zip", "duplicate-name"),
    "xlsx formula": (_formula_workbook, "upload.zip", "xlsx-formula"),
    "absurd row count": (_many_rows, "upload.zip", "too-many-rows"),
    "xlsx workbook bomb": (
        lambda: _workbook_with_part("xl/media/image1.png", bytes(50_000_000)),
        "opdatering.xlsx", "zip-bombe",
    ),
    "xlsx workbook formula": (_workbook_formula, "opdatering.xlsx", "xlsx-formula"),
    "xlsx workbook rows": (_workbook_rows, "opdatering.xlsx", "too-many-rows"),
    "pdf renamed .xlsx": (lambda: b"%PDF-1.7\n" + b"0" * 100, "data.xlsx", "wrong-type"),
    "zip renamed .xlsx": (lambda: zipped(tiny_files()), "data.xlsx", "bad-xlsx"),
    "empty xlsx": (lambda: b"", "data.xlsx", "empty"),
}  # fmt: skip


def _store_bytes(url: str) -> str:
    path = Path(url.removeprefix("sqlite:///"))
    digest = hashlib.sha256()
    for part in sorted(path.parent.glob(path.name + "*")):
        digest.update(part.name.encode() + part.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def planner(url: str) -> Iterator[TestClient]:
    with TestClient(create_app(url)) as client:
        login(client, url, "planner")
        yield client


def test_a_valid_zip_loads_as_a_snapshot_and_is_audited(planner: TestClient, url: str) -> None:
    status, page = upload(planner, zipped(tiny_files()), "tiny-juli.zip")
    assert status == 201, page
    assert "er indlæst som øjebliksbillede 2" in page
    with Store(url) as store:
        (loaded,) = [s for s in store.list_snapshots() if s.id == 2]
        entry = AuditLog(store).entries()[0]
    assert str(loaded.reference_date) == "2025-07-01"
    assert loaded.source == "upload:tiny-juli.zip"
    assert (entry.action, entry.actor_name, entry.object_id) == (
        "snapshot_loaded", "Test planner (test-planner)", "2",
    )  # fmt: skip


def test_a_valid_workbook_loads_on_the_newest_snapshot_of_its_region(
    planner: TestClient, url: str
) -> None:
    status, page = upload(planner, workbook_bytes(tiny_update()), "opdatering.xlsx")
    assert status == 201, page
    assert "«opdatering.xlsx» er indlæst som øjebliksbillede 2" in page
    assert "Projektmappen bygger på øjebliksbillede 1 (Region Nordjylland, 01.01.2025)" in page
    assert "grænserne og tabellerne municipalities, coverage_areas, population_cells" in page
    with Store(url) as store:
        base, loaded = store.read_dataset(1), store.read_dataset(2)
        info = store.get_snapshot(2)
        entry = AuditLog(store).entries()[0]
    assert (info.source, str(info.reference_date)) == ("upload:opdatering.xlsx", "2025-07-01")
    assert loaded.manifest.name == "Tiny test region juli"
    assert len(loaded.practices) == len(base.practices) == 6 and len(loaded.gps) == 9
    assert loaded.population["persons"].sum() == base.population["persons"].sum() == 6600
    assert (entry.action, entry.object_id, entry.after["base"]) == (
        "snapshot_loaded", "2", "snapshot:1",
    )  # fmt: skip


def test_an_invalid_workbook_shows_the_report_with_sheet_row_and_column(
    planner: TestClient, url: str
) -> None:
    sheets = tiny_update()
    sheets["gps"][3][sheets["gps"][0].index("birth_year")] = "gammel"
    before = _store_bytes(url)
    status, page = upload(planner, workbook_bytes(sheets), "fejl.xlsx")
    assert status == 422
    assert "Projektmappen bygger på øjebliksbillede 1" in page
    assert "<td>fejl.xlsx:gps</td><td>4</td><td>birth_year</td><td>type</td>" in page
    assert _store_bytes(url) == before


def test_a_chosen_base_is_used_and_refused_beside_a_zip(planner: TestClient, url: str) -> None:
    before = _store_bytes(url)
    status, page = upload(planner, zipped(tiny_files()), "tiny-juli.zip", base="1")
    assert status == 400 and "en basis gælder kun en projektmappe (.xlsx)" in page
    status, page = upload(planner, workbook_bytes(tiny_update()), "opdatering.xlsx", base="7")
    assert status == 400 and "basis «7» er ikke et øjebliksbillede" in page
    assert _store_bytes(url) == before
    status, page = upload(planner, workbook_bytes(tiny_update()), "opdatering.xlsx", base="1")
    assert status == 201 and "Projektmappen bygger på øjebliksbillede 1" in page
    assert '<option value="2">2: Region Nordjylland, 01.07.2025</option>' in page


def test_a_workbook_of_a_region_without_snapshots_is_refused(planner: TestClient, url: str) -> None:
    sheets = tiny_update()
    sheets["dataset"][2] = ["region.code", "1084"]
    before = _store_bytes(url)
    status, page = upload(planner, workbook_bytes(sheets), "hovedstaden.xlsx")
    assert status == 400
    assert "intet øjebliksbillede af region 1084 at bygge projektmappen på" in page
    assert _store_bytes(url) == before


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_upload_is_refused_and_the_store_is_unchanged(
    planner: TestClient, url: str, case: str
) -> None:
    build, filename, rule = HOSTILE[case]
    data = build()
    before = _store_bytes(url)
    status, page = upload(planner, data, filename)
    assert status == 400
    assert "Uploaden blev afvist, intet er gemt" in page
    assert rule in page
    assert _store_bytes(url) == before


@pytest.mark.parametrize("filename", ["stor.zip", "stor.xlsx"])
def test_an_upload_over_the_size_limit_is_cut_off(
    planner: TestClient, url: str, filename: str
) -> None:
    before = _store_bytes(url)
    status, page = upload(planner, b"PK\x03\x04" + bytes(200_000_000), filename)
    assert status == 413
    assert "større end tilladt" in page
    assert _store_bytes(url) == before


def test_an_invalid_dataset_shows_the_validation_report(planner: TestClient, url: str) -> None:
    files = tiny_files()
    files["practices.csv"] = files["practices.csv"].replace(b"\n", b"\nP999,", 1)
    before = _store_bytes(url)
    status, page = upload(planner, zipped(files), "fejl.zip")
    assert status == 422
    assert "blev ikke indlæst" in page and "practices.csv" in page
    assert _store_bytes(url) == before


def test_a_second_snapshot_of_the_same_date_is_refused(planner: TestClient, url: str) -> None:
    before = _store_bytes(url)
    status, page = upload(planner, zipped(tiny_files("2025-01-01")), "igen.zip")
    assert status == 400 and "findes allerede et snapshot" in page
    assert _store_bytes(url) == before


def test_an_encrypted_zip_is_refused_in_danish_and_the_store_is_unchanged(
    planner: TestClient, url: str
) -> None:
    files = tiny_files()
    data = encrypted_zip(files, b"hemmelig")
    archive = zipfile.ZipFile(io.BytesIO(data))  # a real encrypted zip: the password opens it
    assert all(archive.read(name, pwd=b"hemmelig") == content for name, content in files.items())
    with pytest.raises(RuntimeError, match="password required"):
        archive.read("practices.csv")
    before = _store_bytes(url)
    status, page = upload(planner, data, "krypteret.zip")
    assert status == 400
    assert "Uploaden blev afvist, intet er gemt" in page
    assert "er krypteret; upload en ukrypteret zip" in page and "encrypted" in page
    assert _store_bytes(url) == before
