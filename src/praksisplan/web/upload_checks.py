"""Screening an uploaded dataset before anything reads it, and unpacking it safely.

The browser upload accepts one ``.zip`` of a dataset directory (CSV/XLSX/GeoJSON/GPKG files
and ``dataset.toml``, as ``praksisplan load`` reads) or one ``.xlsx`` workbook dataset (a
sheet per attribute table, on a base snapshot: :mod:`praksisplan.dataset_io.workbook`).
Before the dataset reader sees a byte, the upload is refused — with a Danish message naming
the file and the rule — when it

* is not a zip at all, is empty, or is encrypted;
* has more than :data:`MAX_ENTRIES` entries, an absolute or ``..`` path, a symlink, a
  duplicated name or a folder deeper than one level;
* unpacks to more than :data:`MAX_UNPACKED_BYTES` in all, or an entry expands more than
  :data:`MAX_RATIO` times (a zip bomb) — counted while unpacking, not trusted from the header;
* holds a CSV with more than :data:`MAX_ROWS` rows;
* holds (or is) an XLSX workbook with a formula in any cell (praksisplan reads values, and a
  formula in a number column would be a number nobody typed), a sheet of more than
  :data:`MAX_ROWS` rows, or a part that is itself a bomb (every part is inflated within the
  budget and the ratio, counted).

A workbook is not unpacked: once screened, its bytes are written as one file.

Dataset read limits of the reader itself are :mod:`praksisplan.dataset_io`'s concern.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.errors import PraksisplanError

MAX_ENTRIES = 200
MAX_UNPACKED_BYTES = 1_000_000_000
#: Most an entry may expand (uncompressed / compressed) once larger than 1 MB.
MAX_RATIO = 200
MAX_ROWS = 2_000_000
_CHUNK = 1 << 20
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")


class UploadRefusedError(PraksisplanError):
    """The upload is refused before it is read; nothing is stored."""


def _refuse(name: str, rule: str, message: str) -> UploadRefusedError:
    return UploadRefusedError(f"{name}: {message} [{rule}]")


def _member_path(info: zipfile.ZipInfo, upload: str) -> PurePosixPath:
    name = info.filename
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
        raise _refuse(upload, "path-traversal", f"stien '{name}' peger uden for datasættet")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _refuse(upload, "symlink", f"'{name}' er et symbolsk link; kun filer er tilladt")
    if info.flag_bits & 0x1:
        raise _refuse(upload, "encrypted", f"'{name}' er krypteret; upload en ukrypteret zip")
    if len(path.parts) > (2 if not info.is_dir() else 1):
        raise _refuse(upload, "nested-folder", f"'{name}' ligger for dybt; højst én mappe")
    return path


def _read_capped(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, upload: str
) -> bytes:
    """The member's bytes; refused as soon as it passes the budget or the ratio."""
    limit = min(budget, max(MAX_RATIO * max(info.compress_size, 1), _CHUNK))
    out = io.BytesIO()
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            out.write(chunk)
            if out.tell() > limit:
                raise _refuse(
                    upload, "zip-bomb",
                    f"'{info.filename}' pakker ud til mere end {format_number_da(limit)} byte "
                    f"(fra {format_number_da(info.compress_size)}); afvist som zip-bombe",
                )  # fmt: skip
    return out.getvalue()


def _check_workbook(data: bytes, name: str, budget: int = MAX_UNPACKED_BYTES) -> int:
    """Refuse a workbook with a bomb part, a formula or too many rows; the bytes it unpacks."""
    try:
        workbook = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise _refuse(name, "bad-xlsx", "er ikke en gyldig XLSX-fil") from error
    unpacked = 0
    with workbook:
        infos = workbook.infolist()
        if len(infos) > MAX_ENTRIES:
            count = format_number_da(len(infos))
            raise _refuse(name, "too-many-files", f"har {count} dele; højst {MAX_ENTRIES}")
        for info in infos:
            part = _read_capped(workbook, info, budget - unpacked, name)
            unpacked += len(part)
            if not _SHEET.match(info.filename):
                continue
            sheet = PurePosixPath(info.filename).stem
            if _FORMULA.search(part):
                raise _refuse(
                    name, "xlsx-formula",
                    f"arket {sheet} indeholder en formel; "
                    "gem arket med værdier i stedet for formler",
                )  # fmt: skip
            if part.count(b"<row") > MAX_ROWS:
                raise _refuse(f"{name}:{sheet}", "too-many-rows",
                              f"har mere end {format_number_da(MAX_ROWS)} rækker")  # fmt: skip
    return unpacked


def _upload_name(filename: str) -> str:
    return PurePosixPath(filename.replace("\\", "/")).name or "upload"


def save_workbook(data: bytes, filename: str, target: Path) -> Path:
    """Screen the uploaded workbook dataset and write it into ``target``; its path."""
    upload = _upload_name(filename)
    if not data:
        raise _refuse(upload, "empty", "filen er tom")
    if not data.startswith(b"PK\x03\x04"):
        raise _refuse(upload, "wrong-type", "er ikke en XLSX-projektmappe (Excel)")
    _check_workbook(data, upload)
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        if "xl/workbook.xml" not in workbook.namelist():
            raise _refuse(upload, "bad-xlsx", "er en zip-fil, men ikke en XLSX-projektmappe")
    path = target / upload
    path.write_bytes(data)
    return path


def unpack_upload(data: bytes, filename: str, target: Path) -> Path:
    """Screen the uploaded zip and unpack it into ``target``; the dataset's root directory."""
    upload = _upload_name(filename)
    if not data:
        raise _refuse(upload, "empty", "filen er tom")
    if not upload.lower().endswith(".zip") or not data.startswith(b"PK\x03\x04"):
        raise _refuse(
            upload, "wrong-type",
            "er hverken en .zip-fil eller en .xlsx-projektmappe; upload datasætmappen pakket "
            "som .zip eller en projektmappe",
        )  # fmt: skip
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise _refuse(upload, "bad-zip", "zip-filen er ødelagt og kan ikke læses") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            count = format_number_da(len(infos))
            raise _refuse(upload, "too-many-files", f"har {count} filer; højst {MAX_ENTRIES}")
        seen: set[str] = set()
        budget = MAX_UNPACKED_BYTES
        for info in infos:
            path = _member_path(info, upload)
            key = str(path).lower()
            if key in seen:
                raise _refuse(upload, "duplicate-name", f"'{info.filename}' findes to gange")
            seen.add(key)
            if info.is_dir() or path.parts[0] == "__MACOSX":
                continue
            content = _read_capped(archive, info, budget, upload)
            budget -= len(content)
            suffix = path.suffix.lower()
            if suffix == ".csv" and content.count(b"\n") > MAX_ROWS:
                raise _refuse(f"{upload}/{path}", "too-many-rows",
                              f"har mere end {format_number_da(MAX_ROWS)} rækker")  # fmt: skip
            if suffix == ".xlsx":
                _check_workbook(content, f"{upload}/{path}", budget)
            destination = target.joinpath(*path.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
    entries = [p for p in target.iterdir() if p.name != "__MACOSX"]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return target
