"""HTML documents as PDF with WeasyPrint; only inline (``data:``) resources are loaded."""

from __future__ import annotations

from weasyprint import HTML, URLFetcher


def html_to_pdf(html: str) -> bytes:
    fetcher = URLFetcher(allowed_protocols=["data"])
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    assert pdf is not None, "write_pdf without a target returns the bytes"
    return bytes(pdf)
