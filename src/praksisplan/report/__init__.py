"""Generated reports: *Tal og fakta* (facts and figures) and the half-yearly threat note.

The content (:mod:`~praksisplan.report.facts`, :mod:`~praksisplan.report.threat_note`) is
pure data built from datasets and assessments; :mod:`praksisplan.report.render` lays it out
as HTML, PDF, XLSX and DOCX. See docs/reports.md.
"""
