"""What every feature's forms share: GOV.UK's date input (day, month and year
in three boxes) as a field, and its month-only kind; the months by name; and
add_model_errors, which shows a model verb's ValidationError on a form."""

import datetime
import re

from django import forms

MONTHS = [(n, datetime.date(2000, n, 1).strftime("%B")) for n in range(1, 13)]

# Every form puts CleanTextMixin first: its text fields lose control
# characters, one-line fields refuse line breaks and long text is limited
# (actionplans/text.py).

DATE_PARTS = ("day", "month", "year")


def add_model_errors(form, error, *, renamed=None) -> None:
    """A model verb's ValidationError shown on `form`: each message by its
    field (`renamed` maps the model's field names to the form's), and what
    belongs to no field of the form at the top."""
    renamed = renamed or {}
    problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages in problems.items():
        field = renamed.get(field, field)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class GovukDateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year in three boxes, posted as
    `<name>_day`, `<name>_month` and `<name>_year`. Nobody has to guess
    whether 01/02 means January or February."""

    def __init__(self, attrs=None, parts=DATE_PARTS):
        self.parts = parts
        super().__init__({part: forms.TextInput for part in parts}, attrs)

    def decompress(self, value):
        return [getattr(value, part) for part in self.parts] if value else [None] * len(self.parts)

    def id_for_label(self, id_):
        return f"{id_}_{self.parts[0]}" if id_ else id_


class GovukDateBoundField(forms.BoundField):
    """What templates/includes/date_input.html needs: each box with its
    value, and whether it is the one in error."""

    @property
    def parts_in_error(self) -> tuple[str, ...]:
        if not self.errors:
            return ()
        # Errors the form adds after cleaning (a deadline after the meeting)
        # are about the whole date.
        return self.field.error_parts or self.field.parts

    @property
    def id_for_label(self) -> str:
        """The first box in error (for the error summary's link), else the first."""
        return f"{self.auto_id}_{(self.parts_in_error or self.field.parts)[0]}"

    def date_parts(self) -> list[dict]:
        value = self.value()
        values = value if isinstance(value, list | tuple) else self.field.widget.decompress(value)
        wrong = self.parts_in_error
        return [
            {
                "name": f"{self.html_name}_{part}",
                "id": f"{self.auto_id}_{part}",
                "label": part.capitalize(),
                "value": "" if values[n] is None else values[n],
                "width": 4 if part == "year" else 2,
                "error": part in wrong,
            }
            for n, part in enumerate(self.field.parts)
        ]


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with GOV.UK's error messages:
    'Deadline must include a month', 'Deadline must be a real date'. `name`
    is how the messages start."""

    widget = GovukDateInput
    default_error_messages = {"required": "Enter the date"}

    def __init__(self, *, name: str, parts=DATE_PARTS, **kwargs):
        self.name = name
        self.parts = parts
        kwargs.setdefault("widget", GovukDateInput(parts=parts))
        # Which boxes the last clean() found wrong; each form has its own copy
        # of its fields, so this belongs to one submission.
        self.error_parts: tuple[str, ...] = ()
        super().__init__(**kwargs)

    def get_bound_field(self, form, field_name):
        return GovukDateBoundField(form, self, field_name)

    def _refuse(self, message, code, parts):
        self.error_parts = parts
        raise forms.ValidationError(message, code=code)

    def has_changed(self, initial, data):
        """Whether the boxes name another date than `initial` (all empty: none)."""
        kept = self.error_parts  # has_changed is no submission of its own
        try:
            return self.clean(data) != initial
        except forms.ValidationError:
            return True
        finally:
            self.error_parts = kept

    def clean(self, value):
        self.error_parts = ()
        typed = [str(v).strip() if v is not None else "" for v in (value or [""] * len(self.parts))]
        parts = dict(zip(self.parts, typed, strict=True))
        missing = tuple(part for part in self.parts if not parts[part])
        if len(missing) == len(self.parts):
            if self.required:
                self._refuse(self.error_messages["required"], "required", self.parts)
            return None
        if missing:
            self._refuse(f"{self.name} must include a {' and '.join(missing)}", "incomplete", missing)
        not_numbers = tuple(part for part in self.parts if not re.fullmatch(r"[0-9]{1,4}", parts[part]))
        parts.setdefault("day", "1")  # a month: its first day
        if not_numbers:
            self._refuse(f"{self.name} must be a real date", "invalid", not_numbers)
        if len(parts["year"]) != 4:
            self._refuse("Year must include 4 numbers", "invalid_year", ("year",))
        day, month, year = (int(parts[part]) for part in DATE_PARTS)
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            wrong = ("day",) if 1 <= month <= 12 else ("month",)
            self._refuse(f"{self.name} must be a real date", "invalid", wrong)
        self.run_validators(value)
        return value


class GovukMonthField(GovukDateField):
    """A month typed as month and year: 'Action plan agreed must include a
    year'. Cleans to the month's first day."""

    def __init__(self, **kwargs):
        super().__init__(parts=("month", "year"), **kwargs)

    def clean(self, value):
        # "Sept 2019": the box takes the month's number, and says so.
        month = str((value or [""])[0] or "").strip()
        if month and not re.fullmatch(r"[0-9]{1,2}", month):
            self._refuse("Enter the month as a number, like 9", "invalid_month", ("month",))
        return super().clean(value)
