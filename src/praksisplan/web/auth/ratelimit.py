"""Login attempts limited per account and per address, counted in the store.

After :data:`MAX_FAILURES` failed logins within :data:`WINDOW_S` seconds, further attempts
for that account — or from that address — are refused until the oldest failure is older
than the window. A successful login clears the account's failures. The failures are rows of
the store (``login_failures``), so every process serving the same store shares the limit:
an attacker gains nothing by reaching another worker or by waiting for a restart.
"""

from __future__ import annotations

import datetime as dt

from praksisplan.store import AccountStore, Store

MAX_FAILURES = 5
WINDOW_S = 15 * 60.0


def _keys(username: str, address: str) -> list[str]:
    return [f"user:{username}"[:300], f"addr:{address}"[:300]]


class LoginLimiter:
    def __init__(
        self, store: Store, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_S
    ) -> None:
        self._accounts = AccountStore(store)
        self._max = max_failures
        self._window = dt.timedelta(seconds=window_s)

    def blocked(self, username: str, address: str) -> bool:
        since = dt.datetime.now(dt.UTC) - self._window
        counts = self._accounts.login_failure_counts(_keys(username, address), since)
        return any(count >= self._max for count in counts.values())

    def failed(self, username: str, address: str) -> None:
        now = dt.datetime.now(dt.UTC)
        self._accounts.add_login_failure(_keys(username, address), now, now - self._window)

    def succeeded(self, username: str) -> None:
        self._accounts.clear_login_failures(_keys(username, "")[0])
