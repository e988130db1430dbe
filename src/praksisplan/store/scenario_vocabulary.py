"""A scenario's statuses and marks (no imports: the CLI's options name them at start-up)."""

from __future__ import annotations

#: The statuses of a scenario (draft, proposal, rejected, adopted).
SCENARIO_STATUSES: tuple[str, ...] = ("kladde", "forslag", "forkastet", "vedtaget")
#: The marks a user may set on a scenario, with their Danish labels: to be discussed at the
#: committee's next meeting, preferred, and reservations (the user has doubts to raise).
SCENARIO_MARKS: dict[str, str] = {
    "droeftelse": "Til drøftelse",
    "foretrukket": "Foretrukket",
    "forbehold": "Forbehold",
}
#: Longest comment, in characters.
MAX_COMMENT_CHARS = 4_000
