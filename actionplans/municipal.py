"""The municipal year: the council's year from its annual meeting, May to
April by default (settings.SCRUTINY_MUNICIPAL_YEAR_START, the month it
starts). The scrutiny annual report counts one year at a time.

`MunicipalYear.of(2019)` is the year that starts in 2019 (1 May 2019 to
30 April 2020, printed "2019/20"); `MunicipalYear.containing(date)` the
year a date falls in. Nothing else works out a year's bounds.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from actionplans.models.common import day_label


def start_month(value=None) -> int:
    """The month (1 to 12) the municipal year starts in: `value`, or the
    council's setting. ValueError for anything else (the start-up check
    says so before a page would)."""
    value = settings.SCRUTINY_MUNICIPAL_YEAR_START if value is None else value
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise ValueError(f"'{value}' is not a month number from 1 (January) to 12 (December).")
    return int(text)


@dataclass(frozen=True)
class MunicipalYear:
    """One municipal year: `year` is the calendar year it starts in."""

    year: int
    month: int  # the month it starts in

    @classmethod
    def of(cls, year: int) -> "MunicipalYear":
        return cls(year, start_month())

    @classmethod
    def containing(cls, day: datetime.date) -> "MunicipalYear":
        month = start_month()
        return cls(day.year if day.month >= month else day.year - 1, month)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the year (inclusive)."""
        return datetime.date(self.year + 1, self.month, 1) - datetime.timedelta(days=1)

    def __contains__(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def label(self) -> str:
        """'2019/20'; a year that starts in January is the calendar year, '2019'."""
        if self.month == 1:
            return str(self.year)
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def span(self) -> str:
        """'1 May 2019 to 30 April 2020'."""
        return f"{day_label(self.start)} to {day_label(self.end)}"

    def __str__(self) -> str:
        return self.label
