"""What the committee should look at now (issue 74, item 3): its open
recommendations that are a priority, past their target, due within
due_soon_days() of it (listed before the date passes, not after), or open
longer than the first of long_open_months(), each by the Clock's own rules."""

import datetime
from dataclasses import dataclass

from actionplans.models.outcomes import due_soon_days, long_open_months
from reports.achieved.ledger import LedgerRow, counted_recommendations, read_ledger


@dataclass(frozen=True)
class WatchList:
    priority: tuple[LedgerRow, ...]
    overdue: tuple[LedgerRow, ...]
    due_soon: tuple[LedgerRow, ...]
    long_open: tuple[LedgerRow, ...]  # longest open first
    due_soon_days: int
    long_open_from: int  # months

    @property
    def due_soon_days_words(self) -> str:
        return f"{self.due_soon_days} days of their target"

    @property
    def long_open_words(self) -> str:
        return f"Open {self.long_open_from} months or more"

    @property
    def is_empty(self) -> bool:
        return not (self.priority or self.overdue or self.due_soon or self.long_open)


def watch_list(committees, today: datetime.date) -> WatchList:
    """The open recommendations of `committees` (pks) to look at on `today`."""
    rows = [row for row in read_ledger(counted_recommendations(committees), today) if row.open_at(today)]
    return WatchList(
        priority=tuple(row for row in rows if row.priority is not None),
        overdue=tuple(row for row in rows if row.clock.overdue),
        due_soon=tuple(sorted((row for row in rows if row.clock.due_soon), key=lambda row: row.clock.target)),
        long_open=tuple(sorted((row for row in rows if row.clock.long_open), key=lambda row: -row.clock.months)),
        due_soon_days=due_soon_days(),
        long_open_from=long_open_months()[0],
    )
