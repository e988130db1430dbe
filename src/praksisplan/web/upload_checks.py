"""Screening an uploaded dataset zip before anything reads it, and unpacking it safely.

The browser upload accepts one ``.zip`` of a dataset directory (CSV/XLSX/GeoJSON/GPKG files
and ``dataset.toml``, as ``praksisplan load`` reads). Before the dataset reader sees a byte,
the zip is refused — with a Danish message naming the file and the rule — when it

* is not a zip at all, is empty, or is encrypted;
* has more than :data:`MAX_ENTRIES` entries, an absolute or ``..`` path, a symlink, a
  duplicated name or a folder deeper than one level;
* unpacks to more than :data:`MAX_UNPACKED_BYTES` in all, or an entry expands more than
  :data:`MAX_RATIO` times (a zip bomb) — counted while unpacking, not trusted from the header;
* holds a CSV with more than :data:`MAX_ROWS` rows;
* holds an XLSX workbook with a formula in any cell (praksisplan reads values, and a formula
  in a number column would be a number nobody typed), or a workbook that is itself a bomb.

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


def _check_workbook(data: bytes, name: str, upload: str) -> None:
    try:
        workbook = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise _refuse(f"{upload}/{name}", "bad-xlsx", "er ikke en gyldig XLSX-fil") from error
    with workbook:
        budget = MAX_UNPACKED_BYTES
        for info in workbook.infolist():
            if not _SHEET.match(info.filename):
                continue
            sheet = _read_capped(workbook, info, budget, f"{upload}/{name}")
            budget -= len(sheet)
            if _FORMULA.search(sheet):
                raise _refuse(
                    f"{upload}/{name}", "xlsx-formula",
                    f"arket {PurePosixPath(info.filename).stem} indeholder en formel; "
                    "gem arket med værdier i stedet for formler",
                )  # fmt: skip


def unpack_upload(data: bytes, filename: str, target: Path) -> Path:
    """Screen the uploaded zip and unpack it into ``target``; the dataset's root directory."""
    upload = PurePosixPath(filename.replace("\\", "/")).name or "upload"
    if not data:
        raise _refuse(upload, "empty", "filen er tom")
    if not upload.lower().endswith(".zip") or not data.startswith(b"PK\x03\x04"):
        raise _refuse(
            upload, "wrong-type", "er ikke en .zip-fil; upload datasætmappen pakket som .zip"
        )
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
                _check_workbook(content, str(path), upload)
            destination = target.joinpath(*path.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
    entries = [p for p in target.iterdir() if p.name != "__MACOSX"]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return target
