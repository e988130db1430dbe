"""Rule files that are the packaged default rules with another retirement curve, for tests
whose GP supply must follow from the GPs' birth years by hand."""

from __future__ import annotations

from pathlib import Path

DEFAULT_RULES = Path(__file__).resolve().parents[1] / "src/praksisplan/threat/default_rules.toml"
_DEFAULT_CURVE = (
    "ages = [62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72]\n"
    "cumulative_retired = [0.05, 0.08, 0.12, 0.25, 0.40, 0.55, 0.68, 0.80, 0.90, 0.95, 1.0]"
)


def rules_with_curve(path: Path, ages: list[int], cumulative_retired: list[float]) -> Path:
    """Write the default rules with the curve ``ages``/``cumulative_retired`` to ``path``."""
    default = DEFAULT_RULES.read_text(encoding="utf-8")
    curve = f"ages = {ages}\ncumulative_retired = {cumulative_retired}"
    changed = default.replace(_DEFAULT_CURVE, curve)
    assert changed != default, "the default rules' retirement curve has changed"
    path.write_text(changed, encoding="utf-8")
    return path


def rules_retiring_at_63(path: Path) -> Path:
    """Every GP works until 62 and retires at 63 (no GP retires at random): in the tiny
    dataset (reference 2025) G01 (65), G04 (67), G07 (62) and G08 (70) retire in 2026 and
    G05 (born 1966) in 2029."""
    return rules_with_curve(path, [62, 63], [0.0, 1.0])
