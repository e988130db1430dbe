"""The PDF of Tal og fakta as a reader sees it: its text (pdftotext) holds every heading and
the region's key figures; its pages (pdftoppm PNGs, kept under test-output/ for review) are
not blank; every chart carries its title and axis labels."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from report_builders import tiny_report, with_services

from praksisplan.core.dataset import Dataset
from praksisplan.report.model import FactsReport
from praksisplan.report.render import render_facts
from praksisplan.report.render.charts import chart_svg

REVIEW_DIR = Path(__file__).parents[2] / "test-output" / "report-pages"


@pytest.fixture(scope="module")
def report(tiny_dataset: Dataset) -> FactsReport:
    return tiny_report(with_services(tiny_dataset))


@pytest.fixture(scope="module")
def pdf_file(report: FactsReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "tal-og-fakta.pdf"
    path.write_bytes(render_facts(report, "pdf"))
    return path


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_text_holds_every_heading_and_the_key_figures(report: FactsReport, pdf_file: Path) -> None:
    text = " ".join(_text(pdf_file).split())
    assert report.title in text
    assert "Syntetiske data" in text
    for section in (*report.sections, *report.municipality_pages):
        assert section.title in text
        for table in section.tables:
            assert table.title in text
    # the tiny region's key figures in Danish: 6.600 citizens, 6 practices, 9 GPs, 44,4 % 60+
    assert "Borgere 6.600" in text
    assert "Praksis 6" in text
    assert "Praktiserende læger 9" in text
    assert "Læger på 60 år og derover 44,4 %" in text
    assert "Side 1 af" in text and "Indhold" in text


def test_pages_are_not_blank(pdf_file: Path) -> None:
    REVIEW_DIR.mkdir(parents=True, exist_ok=True)
    for old in REVIEW_DIR.glob("side-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(pdf_file), str(REVIEW_DIR / "side")], check=True
    )
    pages = sorted(REVIEW_DIR.glob("side-*.png"))
    assert len(pages) >= 4
    for page in pages:
        pixels = np.asarray(Image.open(page).convert("L"))
        # more than a page number: at least 1 % of the page is ink
        assert (pixels < 200).mean() > 0.01, f"{page.name} is blank"


def test_every_chart_has_its_title_and_axis_labels(report: FactsReport, pdf_file: Path) -> None:
    text = " ".join(_text(pdf_file).split())
    charts = [chart for section in report.sections for chart in section.charts]
    assert len(charts) >= 6
    for chart in charts:
        svg = chart_svg(chart)
        for label in (chart.title, chart.x_label, chart.y_label):
            assert f">{label}<" in svg.replace("&#x27;", "'"), (chart.id, label)
            assert label in text, (chart.id, label)
