"""Login attempts limited per account and per address (in the serving process's memory).

After :data:`MAX_FAILURES` failed logins within :data:`WINDOW_S` seconds, further attempts
for that account — or from that address — are refused until the oldest failure is older
than the window. A successful login clears the account's failures.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

MAX_FAILURES = 5
WINDOW_S = 15 * 60.0


class LoginLimiter:
    def __init__(self, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_S) -> None:
        self._max = max_failures
        self._window = window_s
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and now - failures[0] > self._window:
            failures.popleft()
        return failures

    def blocked(self, username: str, address: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(
                len(self._recent(key, now)) >= self._max
                for key in (f"user:{username}", f"addr:{address}")
            )

    def failed(self, username: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"user:{username}", f"addr:{address}"):
                self._recent(key, now).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{username}", None)
