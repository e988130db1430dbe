"""What-if scenarios: edits laid over a base dataset, applied purely, and the diff they make."""
