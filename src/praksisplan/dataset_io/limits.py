"""Bounds on reading a dataset, so a hostile or broken file cannot exhaust the machine.

A dataset zip is refused before unpacking when its entries or their declared sizes break a
limit (more entries than :attr:`ReadLimits.max_entries`, more bytes in all than
:attr:`ReadLimits.max_uncompressed_bytes`, an entry inflating more than
:attr:`ReadLimits.max_ratio` times its compressed size); it is then unpacked entry by entry in
chunks, counting the bytes actually written, and the same limits stop it at once.
Tables with more rows than :attr:`ReadLimits.max_rows` are refused before they are parsed;
an XLSX workbook (itself a zip) is checked the same way before it is opened.

Every breach is a :class:`DatasetLimitError` naming the file and the limit. The defaults
fit a whole country's data several times over; they are changed with the environment
variables in :data:`LIMIT_ENV`.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass, fields
from pathlib import Path

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.errors import PraksisplanError

#: Bytes copied per step while unpacking (the memory an entry needs at most).
CHUNK_BYTES = 1 << 20
#: Entries smaller than this are never refused for their compression ratio.
RATIO_GRACE_BYTES = 1 << 20
_MB = 1 << 20


class DatasetLimitError(PraksisplanError):
    """A dataset file exceeds one of the :class:`ReadLimits`."""


@dataclass(frozen=True)
class ReadLimits:
    """How much a dataset may hold (see the module docstring)."""

    max_uncompressed_bytes: int = 4096 * _MB
    max_ratio: float = 200.0
    max_entries: int = 1000
    max_rows: int = 50_000_000

    @classmethod
    def from_env(cls) -> ReadLimits:
        """The defaults, overridden by the environment variables of :data:`LIMIT_ENV`."""
        values: dict[str, float | int] = {}
        for field in fields(cls):
            text = os.environ.get(LIMIT_ENV[field.name])
            if text is None:
                continue
            try:
                number = float(text)
            except ValueError:
                raise PraksisplanError(f"{LIMIT_ENV[field.name]}={text!r} er ikke et tal") from None
            if number <= 0:
                raise PraksisplanError(f"{LIMIT_ENV[field.name]} skal være større end 0")
            if field.name == "max_uncompressed_bytes":
                values[field.name] = int(number * _MB)
            elif field.name == "max_ratio":
                values[field.name] = number
            else:
                values[field.name] = int(number)
        return cls(**values)  # type: ignore[arg-type]


#: Environment variable of each limit (uncompressed size in MB).
LIMIT_ENV = {
    "max_uncompressed_bytes": "PRAKSISPLAN_MAX_UNCOMPRESSED_MB",
    "max_ratio": "PRAKSISPLAN_MAX_COMPRESSION_RATIO",
    "max_entries": "PRAKSISPLAN_MAX_ZIP_ENTRIES",
    "max_rows": "PRAKSISPLAN_MAX_TABLE_ROWS",
}


def _mb(size: int) -> str:
    return f"{format_number_da(size / _MB)} MB"


def _check_entries(archive_name: str, count: int, limits: ReadLimits) -> None:
    if count > limits.max_entries:
        raise DatasetLimitError(
            f"{archive_name} har {format_number_da(count)} filer; højst "
            f"{format_number_da(limits.max_entries)} er tilladt ({LIMIT_ENV['max_entries']})"
        )


def _target(root: Path, name: str) -> Path | None:
    """Where an entry goes under ``root``; None for names escaping it (``../``, absolute)."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or ":" in parts[0]:
        return None
    return root.joinpath(*parts)


def _ratio_breach(written: int, compressed: int, limits: ReadLimits) -> bool:
    return written > RATIO_GRACE_BYTES and written > limits.max_ratio * max(compressed, 1)


def extract_bounded(path: Path, root: Path, limits: ReadLimits) -> None:
    """Unpack the zip at ``path`` under ``root`` within ``limits`` (streaming checks)."""
    try:
        _extract(path, root, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise PraksisplanError(f"{path.name} er en beskadiget zip-fil: {error}") from error


def _extract(path: Path, root: Path, limits: ReadLimits) -> None:
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        _check_declared(path.name, members, limits)
        total = 0
        for member in members:
            target = _target(root, member.filename)
            if target is None:
                continue  # a name outside the dataset folder is ignored, never written
            if member.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            with archive.open(member) as source, target.open("wb") as sink:
                while chunk := source.read(CHUNK_BYTES):
                    written += len(chunk)
                    total += len(chunk)
                    if total > limits.max_uncompressed_bytes:
                        raise DatasetLimitError(
                            f"{path.name}: udpakket fylder indholdet mere end "
                            f"{_mb(limits.max_uncompressed_bytes)} (stoppet ved "
                            f"{member.filename}; {LIMIT_ENV['max_uncompressed_bytes']})"
                        )
                    if _ratio_breach(written, member.compress_size, limits):
                        raise DatasetLimitError(
                            f"{path.name}: {member.filename} pakkes ud til mere end "
                            f"{format_number_da(limits.max_ratio)} gange sin pakkede størrelse "
                            f"({_mb(member.compress_size)}) — en zip-bombe? "
                            f"({LIMIT_ENV['max_ratio']})"
                        )
                    sink.write(chunk)


def _check_declared(name: str, members: list[zipfile.ZipInfo], limits: ReadLimits) -> None:
    """Refuse a zip whose declared sizes break ``limits``, before anything is unpacked.

    Python's zip reader never returns more bytes than an entry's declared size (a lying
    header fails its checksum), so the declared sizes bound what reading it can produce.
    """
    _check_entries(name, len(members), limits)
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_bytes:
        raise DatasetLimitError(
            f"{name}: indholdet fylder udpakket {_mb(total)}, mere end "
            f"{_mb(limits.max_uncompressed_bytes)} ({LIMIT_ENV['max_uncompressed_bytes']})"
        )
    for member in members:
        if _ratio_breach(member.file_size, member.compress_size, limits):
            raise DatasetLimitError(
                f"{name}: {member.filename} pakkes ud til mere end "
                f"{format_number_da(limits.max_ratio)} gange sin pakkede størrelse "
                f"({_mb(member.compress_size)}) — en zip-bombe? ({LIMIT_ENV['max_ratio']})"
            )


def check_workbook(path: Path, limits: ReadLimits) -> None:
    """Refuse an XLSX workbook (a zip) whose parts would inflate beyond ``limits``."""
    try:
        with zipfile.ZipFile(path) as workbook:
            members = workbook.infolist()
    except zipfile.BadZipFile:
        return  # not a zip: the spreadsheet reader reports it as unreadable
    _check_declared(path.name, members, limits)


def check_rows(file: str, rows: int, limits: ReadLimits) -> None:
    """Refuse a table of more than :attr:`ReadLimits.max_rows` rows."""
    if rows > limits.max_rows:
        raise DatasetLimitError(
            f"{file} har mindst {format_number_da(rows)} rækker; højst "
            f"{format_number_da(limits.max_rows)} er tilladt pr. tabel ({LIMIT_ENV['max_rows']})"
        )
