"""The forms of setting up a review's plan.

The recommendation page holds a variable number of lettered parts, action
records and strands, and works without JavaScript: its "Add …", "Remove" and
"Move up" buttons post the whole page, which comes back with the change made
and everything typed kept (GOV.UK's "add another" pattern). The page's
shape travels in hidden fields; `read_page()` turns a post into plain data,
`RecommendationPage` turns that data into prefixed forms, and, once they are
all valid, into the RecordPlans and PartPlans of Review.save_recommendation().
"""

import re

from django import forms
from django.forms.utils import ErrorDict

from actionplans.fields import GovukMonthField
from actionplans.models import (
    Action,
    Committee,
    Owner,
    PartPlan,
    Recommendation,
    RecordPlan,
    SubAction,
)
from actionplans.models.common import NAMES_SEPARATOR
from actionplans.models.council import council
from actionplans.models.plan import letter_for
from actionplans.text import CleanTextMixin

# What the plan prints between the names under Responsibility, as the
# clerk chooses it: the choice's value, what is printed, and its words. ""
# is the service's own (a comma), and what a record typed nothing in has.
JOINS = {
    "": ("", "A comma: Ann Able, Ben Baker"),
    "slash": (" / ", "A slash: Ann Able / Ben Baker"),
    "ampersand": (" & ", "An ampersand: Ann Able & Ben Baker"),
    "and": (" and ", "“and”: Ann Able and Ben Baker"),
    "line": ("\n", "Each name on a line of its own"),
}
# Names an import joined otherwise (" / " then " & ", or "/" unspaced):
# each keeps what it has.
KEPT_JOINS = "kept"
KEPT_JOINS_WORDS = "As they are now (as the import read them)"

# More than any plan has: a post claiming more is cut down to these.
MAX_PARTS = 40
MAX_STRANDS = 30
MAX_OWNERS = 20


def owner_groups(owners) -> list:
    """The picker's options: people, then roles and groups, by name."""
    people = [(str(o.pk), o.name) for o in owners if o.kind == Owner.Kind.PERSON]
    groups = [(str(o.pk), o.name) for o in owners if o.kind == Owner.Kind.ROLE]
    return [(label, options) for label, options in (("People", people), ("Roles and groups", groups)) if options]


class OwnerPickerMixin:
    """An ordered list of selects, `owner_0` (the lead), `owner_1` …, and one
    more, empty, to add another: the order the plan names people in. Each
    select becomes a searchable field where JavaScript runs
    (static/js/owner-picker.js). `owners` is read once for the whole page."""

    owner_label = "Responsibility"

    def _add_owner_fields(self, owners, named: list[str], spare: int = 1):
        self.owner_lookup = {str(o.pk): o for o in owners}
        self.owner_groups = owner_groups(owners)
        choices = [("", "")] + [(pk, name) for _, options in self.owner_groups for pk, name in options]
        self.owner_names = []
        for n in range(min(len(named) + spare, MAX_OWNERS)):
            name = f"owner_{n}"
            # Each box named for its place, not for the button under them.
            label = "Lead" if n == 0 else f"Also responsible ({n + 1})"
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False)
            self.initial.setdefault(name, named[n] if n < len(named) else "")
            self.owner_names.append(name)

    def owner_fields(self):
        return [self[name] for name in self.owner_names]

    def owner_boxes(self) -> list[tuple]:
        """(box, the name of whoever it names now, or '') of each box."""
        boxes = []
        for field in self.owner_fields():
            chosen = self.owner_lookup.get(str(field.value() or ""))
            boxes.append((field, chosen.name if chosen else ""))
        return boxes

    def clean_owners(self) -> tuple:
        chosen, seen = [], set()
        for name in self.owner_names:
            value = self.cleaned_data.get(name)
            if not value:
                continue
            if value in seen:
                self.add_error(name, f"{self.owner_lookup[value].name} is named twice: choose them once")
                continue
            seen.add(value)
            chosen.append(self.owner_lookup[value])
        return tuple(chosen)


class ReviewDetailsForm(CleanTextMixin, OwnerPickerMixin, forms.Form):
    """The review: committee, title, link officer/s and the month the
    action plan was agreed."""

    committee = forms.ModelChoiceField(
        label="Which Select Committee?",
        queryset=Committee.objects.order_by("name"),
        error_messages={"required": "Select the committee"},
    )
    title = forms.CharField(
        label="Title of the review",
        max_length=200,
        help_text="As the committee papers give it, for example “Hate Crime”.",
        error_messages={"required": "Enter the title of the review"},
    )
    action_plan_agreed = GovukMonthField(
        label="Action plan agreed",
        name="Action plan agreed",
        required=False,
        help_text="The month the committee agreed the action plan. Leave it blank until the plan is "
        "agreed: the report and the executive's response can be recorded first. For example, 3 2019",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, owners, review=None, unchecked=False, **kwargs):
        """`unchecked`: the data is what the page had typed when the clerk
        left it to add someone, shown again as typed, without errors."""
        super().__init__(*args, **kwargs)
        self.unchecked = unchecked
        self.fields["committee"].label = f"Which {council().committee_name}?"
        people = [o for o in owners if o.kind == Owner.Kind.PERSON]
        named = []
        if review is not None and not self.is_bound:
            self.initial.update(
                committee=review.committee_id,
                title=review.title,
                action_plan_agreed=review.action_plan_agreed,
                version=review.version,
            )
            named = [str(o.pk) for o in review.link_officers_in_order()]
        elif self.is_bound:
            named = _named(self.data, self.add_prefix("owner_"))
        else:
            # A council with one committee: it is chosen, not left at "---------".
            committees = list(self.fields["committee"].queryset[:2])
            if len(committees) == 1:
                self.initial.setdefault("committee", committees[0].pk)
        self._add_owner_fields(people, named, spare=2)
        for n, name in enumerate(self.owner_names):
            self.fields[name].label = "Link officer" if n == 0 else "Another link officer"

    @property
    def errors(self):
        return ErrorDict() if self.unchecked else super().errors

    def clean(self):
        data = super().clean()
        data["link_officers"] = self.clean_owners()
        return data

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            "committee": data["committee"],
            "title": data["title"],
            "action_plan_agreed": data["action_plan_agreed"],
            "link_officers": list(data["link_officers"]),
        }


def _named(data, stem: str) -> list[str]:
    """The owners a post names under `stem` (`p0-s1-owner_`), in order."""
    found = []
    for key in data:
        match = re.fullmatch(re.escape(stem) + r"(\d+)", key)
        if match and data.get(key):
            found.append((int(match.group(1)), data[key]))
    return [value for _, value in sorted(found)][:MAX_OWNERS]


class RecommendationTextForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text"]
        labels = {"text": "Recommendation"}
        help_texts = {"text": "As the plan words it, for example “That the Council continue to …”."}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "Enter the text of the recommendation"}}


class PartForm(CleanTextMixin, forms.ModelForm):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SubAction
        fields = ["text"]
        labels = {"text": "Text of the lettered part"}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"text": {"required": "Enter the text of the lettered part"}}


class RecordForm(CleanTextMixin, OwnerPickerMixin, forms.ModelForm):
    """One action record: a strand's heading (strands only), Responsibility,
    Date, Agreed Action and Agreed Success Measure. The model's own rules
    (Action.clean) run here too, so the page says what the admin would."""

    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    target_month = GovukMonthField(
        label="Target month",
        name="Target month",
        required=False,
        help_text="For example, 10 2019. Leave it blank where the plan words the date instead.",
    )

    joined_by = forms.ChoiceField(
        label="Between the names, print",
        choices=[(key, words) for key, (_, words) in JOINS.items()],
        required=False,
        help_text="As the plan prints them where more than one is responsible.",
    )

    # A confirmed plan's date changes only with the reason (Action.change_target).
    target_reason = forms.CharField(
        label="Reason for changing the date",
        help_text="Only if you change the date: the plan is confirmed, so the change is kept on record with why.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )

    class Meta:
        model = Action
        fields = ["strand", "target_month", "target_text", "agreed_action", "success_measure"]
        labels = {
            "strand": "Heading of the strand",
            "target_text": "Or the date as the plan words it",
            "agreed_action": "Agreed Action",
            "success_measure": "Agreed Success Measure",
        }
        help_texts = {
            "strand": "For example, “Frontline staff”.",
            "target_text": "Only where the date is not a month, for example “Reviewed throughout the year 2019”.",
        }
        widgets = {
            "agreed_action": forms.Textarea(attrs={"rows": 3}),
            "success_measure": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "agreed_action": {"required": "Enter the agreed action"},
            "success_measure": {"required": "Enter the agreed success measure"},
        }

    def __init__(self, *args, owners, is_strand: bool, title: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_strand = is_strand
        self.title = title
        # The model lets an imported draft wait for its success measure;
        # a record written here gives it.
        self.fields["success_measure"].required = True
        if is_strand:
            self.fields["strand"].required = True
            self.fields["strand"].error_messages["required"] = "Enter the heading of the strand"
        else:
            del self.fields["strand"]
        stem = self.add_prefix("owner_")
        named = _named(self.data, stem) if self.is_bound else list(self.initial.get("owners", []))
        self._add_owner_fields(owners, named)
        chosen = self.data.get(self.add_prefix("joined_by")) if self.is_bound else self.initial.get("joined_by")
        if chosen == KEPT_JOINS:
            self.fields["joined_by"].choices = [*self.fields["joined_by"].choices, (KEPT_JOINS, KEPT_JOINS_WORDS)]

    def clean(self):
        data = super().clean()
        data["owners"] = self.clean_owners()
        return data

    def _post_clean(self):
        super()._post_clean()
        # Action.clean asks for a month or the plan's wording when neither
        # came through: after a month typed wrong ("Sept"), the box's own
        # message says what is wrong, and the model's would only confuse.
        errors = self.errors.get("target_month", [])
        asks = [error for error in errors if error.startswith("Enter the target month")]
        if asks and len(errors) > len(asks):
            self.errors["target_month"] = self.error_class([error for error in errors if error not in asks])
        elif asks:
            self.errors["target_month"] = self.error_class(["Enter the target month, or the date as the plan words it"])

    def plan(self) -> RecordPlan:
        data = self.cleaned_data
        chosen = data.get("joined_by") or ""
        joins = None
        if chosen != KEPT_JOINS:
            joins = tuple(JOINS[chosen][0] if n else "" for n in range(len(data["owners"])))
        return RecordPlan(
            pk=data.get("pk"),
            strand=data.get("strand", ""),
            owners=data["owners"],
            joins=joins,
            target_month=data.get("target_month"),
            target_text=data.get("target_text", ""),
            agreed_action=data["agreed_action"],
            success_measure=data["success_measure"],
            target_reason=data.get("target_reason", ""),
        )


# The page as plain data ------------------------------------------------------
#
# A record is a dict of what was typed: pk, strand, owners (pks in order),
# target_month ([month, year] as typed), target_text, agreed_action,
# success_measure. A holder (the recommendation, or a lettered part) is a
# dict with text, own (a record or None) and strands (records); a part has
# its pk too.

RECORD_FIELDS = ("pk", "strand", "joined_by", "target_text", "agreed_action", "success_measure", "target_reason")


def empty_record(strand=False) -> dict:
    return {"pk": "", "strand": "", "owners": [], "joined_by": "", "target_month": ["", ""], "target_text": "",
            "agreed_action": "", "success_measure": "", "target_reason": "", "is_strand": strand}  # fmt: skip


def record_of(action) -> dict:
    return {
        "pk": str(action.pk),
        "strand": action.strand,
        "owners": [str(link.owner_id) for link in action.responsibilities.all()],
        "joined_by": joins_choice([link.joined_by for link in action.responsibilities.all()][1:]),
        "target_month": [action.target_month.month, action.target_month.year] if action.target_month else ["", ""],
        "target_text": action.target_text,
        "agreed_action": action.agreed_action,
        "success_measure": action.success_measure,
        "target_reason": "",
        "is_strand": bool(action.strand),
    }


def joins_choice(joins: list[str]) -> str:
    """The choice of what is printed between the names that `joins` (what
    each name after the lead has) make: KEPT_JOINS where it is none of
    JOINS, or not one for all of them."""
    # A comma typed is the service's own: the names print the same.
    printed = {"" if join == NAMES_SEPARATOR else join for join in joins} or {""}
    found = [key for key, (separator, _) in JOINS.items() if {separator} == printed]
    return found[0] if found else KEPT_JOINS


def page_of(recommendation) -> dict:
    """The page's data for a recommendation as saved (None: a new one, with
    an empty action record of its own to fill in)."""
    if recommendation is None:
        return {"text": "", "own": empty_record(), "strands": [], "parts": []}
    actions = list(recommendation.actions.all())
    page = {"text": recommendation.text, "own": None, "strands": [], "parts": []}
    parts = {}
    for sub in recommendation.sub_actions.all():
        parts[sub.pk] = {"pk": str(sub.pk), "text": sub.text, "own": None, "strands": []}
        page["parts"].append(parts[sub.pk])
    for action in sorted(actions, key=lambda a: (a.position, a.pk)):
        holder = parts[action.sub_action_id] if action.sub_action_id else page
        if action.strand:
            holder["strands"].append(record_of(action))
        else:
            holder["own"] = record_of(action)
    return page


def _count(data, key, limit) -> int:
    try:
        return max(0, min(int(data.get(key, 0)), limit))
    except (TypeError, ValueError):
        return 0


def _read_record(data, prefix, is_strand) -> dict:
    return {
        **{name: data.get(f"{prefix}-{name}", "") for name in RECORD_FIELDS},
        "owners": _named(data, f"{prefix}-owner_"),
        "target_month": [data.get(f"{prefix}-target_month_month", ""), data.get(f"{prefix}-target_month_year", "")],
        "is_strand": is_strand,
    }


def _read_holder(data, prefix) -> dict:
    return {
        "pk": data.get(f"{prefix}-pk", ""),
        "text": data.get(f"{prefix}-text", ""),
        "own": _read_record(data, f"{prefix}-own", False) if data.get(f"{prefix}-has_own") else None,
        "strands": [
            _read_record(data, f"{prefix}-s{n}", True) for n in range(_count(data, f"{prefix}-strands", MAX_STRANDS))
        ],
    }


def is_blank(record) -> bool:
    """A new action record nothing was typed in."""
    return (
        not record["pk"]
        and not record["owners"]
        and not any(record["target_month"])
        and not any(
            record[name] for name in ("strand", "target_text", "agreed_action", "success_measure", "target_reason")
        )
    )


def leave_out_blank_records(page: dict) -> None:
    """On saving: a recommendation's own record left blank where its lettered
    parts (or strands) carry the actions is not one, so it is not checked
    (else a plan of lettered parts only is refused until its blank
    record is removed). A part's blank own record beside
    its strands likewise."""
    for holder, others in ((page, page["parts"] or page["strands"]), *((p, p["strands"]) for p in page["parts"])):
        if holder["own"] is not None and others and is_blank(holder["own"]):
            holder["own"] = None


def read_page(data) -> dict:
    """A post of the recommendation page as plain data, in the shape the
    page's hidden fields describe."""
    page = _read_holder(data, "rec")
    page["parts"] = [_read_holder(data, f"p{n}") for n in range(_count(data, "parts", MAX_PARTS))]
    return page


OWNER_BOX = re.compile(r"(rec|p\d+)-(own|s\d+)-owner_\d+")


def without_owner(data, box: str):
    """The post with the box `box` ('p0-s1-owner_2') emptied: what a
    person's "Remove" button does, with or without JavaScript. None when
    `box` is not a Responsibility box."""
    if not OWNER_BOX.fullmatch(box):
        return None
    data = data.copy()
    data[box] = ""
    return data


def _holder(page, name):
    return page if name == "rec" else page["parts"][int(name[1:])]


def apply_button(page, button: str) -> bool:
    """Make the change a button of the page asks for ('add_part',
    'remove_strand:p0:1' …) to the page's data. False for no such button."""
    try:
        verb, *where = button.split(":")
        if verb == "add_part":
            if len(page["parts"]) < MAX_PARTS:
                page["parts"].append({"pk": "", "text": "", "own": empty_record(), "strands": []})
        elif verb == "remove_part":
            del page["parts"][int(where[0])]
        elif verb == "move_part_up":
            n = int(where[0])
            if n > 0:
                page["parts"][n - 1], page["parts"][n] = page["parts"][n], page["parts"][n - 1]
        elif verb == "add_own":
            _holder(page, where[0])["own"] = empty_record()
        elif verb == "remove_own":
            _holder(page, where[0])["own"] = None
        elif verb == "add_strand":
            strands = _holder(page, where[0])["strands"]
            if len(strands) < MAX_STRANDS:
                strands.append(empty_record(strand=True))
        elif verb == "remove_strand":
            del _holder(page, where[0])["strands"][int(where[1])]
        elif verb == "move_strand_up":
            strands, n = _holder(page, where[0])["strands"], int(where[1])
            if n > 0:
                strands[n - 1], strands[n] = strands[n], strands[n - 1]
        elif verb not in ("refresh", "remove_owner"):  # remove_owner: see without_owner()
            return False
    except (IndexError, ValueError):
        return False
    return True


def _record_data(record, prefix) -> dict:
    data = {f"{prefix}-{name}": record.get(name, "") for name in RECORD_FIELDS}
    for n, owner in enumerate(record["owners"]):
        data[f"{prefix}-owner_{n}"] = owner
    month, year = [*record["target_month"], "", ""][:2]
    data[f"{prefix}-target_month_month"] = month
    data[f"{prefix}-target_month_year"] = year
    return data


class Holder:
    """The recommendation or one lettered part on the page: its own text
    form (the recommendation's or the part's), its own action record's form
    (or None) and its strands' forms."""

    def __init__(self, *, prefix, label, form, own, strands, letter=""):
        self.prefix, self.label, self.form, self.own, self.strands, self.letter = (
            prefix,
            label,
            form,
            own,
            strands,
            letter,
        )

    def forms(self):
        return [self.form] + ([self.own] if self.own else []) + self.strands

    @property
    def records_count(self) -> int:
        return (1 if self.own else 0) + len(self.strands)


class RecommendationPage:
    """Every form of the recommendation page, built from the page's data
    (see read_page and page_of): bound when saving, so that errors show,
    unbound after an "Add"/"Remove" button, with what was typed kept."""

    def __init__(self, page: dict, *, number, owners, bound: bool):
        self.page, self.number, self.bound, self.owners = page, number, bound, owners
        data = self._data() if bound else None
        ref = str(number) if number else "this recommendation"
        self.recommendation = self._holder(
            page, "rec", RecommendationTextForm, data, label=f"Recommendation {number}" if number else "Recommendation"
        )
        self.recommendation.ref = ref
        self.parts = []
        for n, part in enumerate(page["parts"]):
            letter = letter_for(n)
            holder = self._holder(part, f"p{n}", PartForm, data, label=f"{number or ''} {letter})".strip())
            holder.letter = letter
            self.parts.append(holder)

    def _holder(self, holder, prefix, form_class, data, *, label):
        initial = {"text": holder["text"], "pk": holder.get("pk", "")}
        form = form_class(data, prefix=prefix, initial=None if data else initial)
        own = self._record(holder["own"], f"{prefix}-own", data, f"Action record of {label}") if holder["own"] else None
        strands = [
            self._record(record, f"{prefix}-s{n}", data, f"Strand {n + 1} of {label}")
            for n, record in enumerate(holder["strands"])
        ]
        return Holder(prefix=prefix, label=label, form=form, own=own, strands=strands)

    def _record(self, record, prefix, data, title):
        initial = None
        if data is None:
            initial = {name: record.get(name, "") for name in RECORD_FIELDS}
            initial["owners"] = record["owners"]
            initial["target_month"] = list(record["target_month"])
        return RecordForm(
            data,
            prefix=prefix,
            initial=initial,
            owners=self.owners,
            is_strand=record.get("is_strand", False),
            title=title,
        )

    def _data(self) -> dict:
        """The page's data as a post, under the prefixes of its new shape."""
        page, data = self.page, {}

        def holder(h, prefix):
            data[f"{prefix}-text"] = h["text"]
            data[f"{prefix}-pk"] = h.get("pk", "")
            if h["own"]:
                data.update(_record_data(h["own"], f"{prefix}-own"))
            for n, record in enumerate(h["strands"]):
                data.update(_record_data(record, f"{prefix}-s{n}"))

        holder(page, "rec")
        for n, part in enumerate(page["parts"]):
            holder(part, f"p{n}")
        return data

    def holders(self):
        return [self.recommendation, *self.parts]

    def all_forms(self):
        return [form for holder in self.holders() for form in holder.forms()]

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.all_forms()])  # every form, for every error

    def errors(self) -> list[tuple[str, str]]:
        """(anchor, message) of every error on the page, in page order, for
        the error summary."""
        found = []
        for form in self.all_forms():
            if not form.is_bound:
                continue
            for error in form.non_field_errors():
                found.append((f"#{form.prefix}", error))
            for field in form:
                for error in field.errors:
                    # "Strand 1 of 1 a): Enter …": the record first, in the
                    # page's words, and no brackets round a part's own ")".
                    where = f"{form.title}: " if isinstance(form, RecordForm) else ""
                    found.append((f"#{field.id_for_label}", f"{where}{error}"))
        return found

    def add_target_reason_errors(self, action_pks, message: str) -> None:
        """Say by each record whose date changed without a reason that it
        needs one (Review.save_recommendation's TargetReasonNeeded)."""
        for form in self.all_forms():
            if isinstance(form, RecordForm) and form.cleaned_data.get("pk") in action_pks:
                form.add_error("target_reason", message)

    def save_arguments(self) -> dict:
        """The keyword arguments of Review.save_recommendation(), once valid."""

        def plans(holder):
            return (holder.own.plan() if holder.own else None), tuple(form.plan() for form in holder.strands)

        record, strands = plans(self.recommendation)
        parts = []
        for holder in self.parts:
            own, its_strands = plans(holder)
            parts.append(
                PartPlan(
                    pk=holder.form.cleaned_data.get("pk"),
                    text=holder.form.cleaned_data["text"],
                    record=own,
                    strands=its_strands,
                )
            )
        return {
            "text": self.recommendation.form.cleaned_data["text"],
            "record": record,
            "strands": strands,
            "parts": parts,
        }


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
