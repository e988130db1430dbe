"""Dataset zips for the upload tests and posting them as the upload form does."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

from fastapi.testclient import TestClient

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


def tiny_files(date: str = "2025-07-01") -> dict[str, bytes]:
    """The tiny dataset's files with ``date`` as reference date (the store holds 2025-01-01)."""
    files = {p.name: p.read_bytes() for p in TINY.iterdir()}
    files["dataset.toml"] = files["dataset.toml"].replace(b"2025-01-01", date.encode())
    return files


def zipped(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client: TestClient, data: bytes, filename: str, base: str = "") -> tuple[int, str]:
    """Post ``data`` as the upload form does (CSRF token in the query, the workbook's base
    as chosen: ``""`` the newest of its region); status and page."""
    token = client.headers["X-CSRF-Token"]
    response = client.post(
        f"/upload?csrf_token={token}",
        files={"dataset": (filename, data, "application/zip")},
        data={"base": base},
        headers={"X-CSRF-Token": "", "Accept": "text/html"},
    )
    return response.status_code, response.text


def _crc_byte(crc: int, byte: int) -> int:
    """One step of CRC-32 on a running (not inverted) value, as PKWARE's key update uses."""
    return zlib.crc32(bytes([byte]), crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF


class _ZipCrypto:
    """Traditional PKWARE encryption (APPNOTE 6.1), the "ZipCrypto" of zip tools."""

    def __init__(self, password: bytes) -> None:
        self.keys = [0x12345678, 0x23456789, 0x34567890]
        for byte in password:
            self._update(byte)

    def _update(self, byte: int) -> None:
        k0, k1, k2 = self.keys
        k0 = _crc_byte(k0, byte)
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = _crc_byte(k2, k1 >> 24)
        self.keys = [k0, k1, k2]

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for byte in data:
            temp = (self.keys[2] | 2) & 0xFFFF
            out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            self._update(byte)
        return bytes(out)


def encrypted_zip(files: dict[str, bytes], password: bytes) -> bytes:
    """``files`` stored in a zip encrypted with ``password`` (flag bit 0, ZipCrypto)."""
    local, central = bytearray(), bytearray()
    for name, data in files.items():
        crc, encoded = zlib.crc32(data), name.encode()
        header = os.urandom(11) + bytes([crc >> 24])  # the last byte checks the password
        secret = _ZipCrypto(password).encrypt(header + data)
        fields = (20, 1, 0, 0, 0x21, crc, len(secret), len(data), len(encoded), 0)
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + encoded + secret
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields)
        central += struct.pack("<HHHII", 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(files), len(files), len(central),
                      len(local), 0)  # fmt: skip
    return bytes(local + central + end)
