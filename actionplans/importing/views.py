"""Import from a spreadsheet or Word paper: upload, preview (with the columns' mapping to
correct), confirm. Those who set up plans only (permissions.builds_plans: clerks
and administrators), as on the set-up pages. Nothing is saved until
the clerk confirms; the uploaded file waits in the database between the
steps (ImportUpload), since the next request may reach another server."""

import datetime
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from actionplans import access, permissions
from actionplans.filekinds import clean_file_name
from actionplans.importing import grades, partnership_saving, reading, saving, sheets, template
from actionplans.importing.forms import (
    ImportMappingForm,
    ImportProgressForm,
    ImportUploadForm,
    MissingWordingForm,
    PartnershipImportForm,
    PartnershipMappingForm,
    StatusMeaningsForm,
    mapping_signature,
)
from actionplans.models import Council, ImportUpload, Partnership, StatusMeaning
from actionplans.models.council import council


@login_required
def upload(request, slug):
    review = access.get_review_to_set_up(request.user, slug)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and (kept := _keep(request, form, review=review)):
        return redirect("import_preview", slug=review.slug, pk=kept.pk)
    return render(request, "actionplans/import/upload.html", {"review": review, "form": form, "nav": "reviews"})


def _keep(request, form, **owner) -> ImportUpload | None:
    """The valid upload form's file kept for the preview, or None with the
    reason at the file's field when it is no spreadsheet we can read."""
    file = form.cleaned_data["file"]
    # The form refused a file over the limit by its size; read no more
    # than the limit whatever the size claimed, so the reader can tell.
    data = file.read(settings.IMPORT_MAX_BYTES + 1)
    try:
        # Only whether it is a spreadsheet we can read: the preview reads the rest.
        sheets.read_grid(data, file.name)
    except sheets.UnreadableFile as error:
        form.add_error("file", str(error))
        return None
    with transaction.atomic():
        ImportUpload.objects.stale().delete()
        return ImportUpload.objects.create(
            file_name=clean_file_name(file.name, default="upload"),
            data=data,
            period=form.period(),
            uploaded_by=request.user,
            **owner,
        )


def _missing_wording(request) -> MissingWordingForm | None:
    """The council's title and introduction, asked for while it has none."""
    lacking = tuple(name for name in Council.FIRST_PAPER_FIELDS if not getattr(council(), name).strip())
    return MissingWordingForm(request.POST or None, lacking=lacking) if lacking else None


def _progress_question(request, review, plan) -> ImportProgressForm | None:
    """What the file's progress is, only when it has some for months the
    review has no round for, or for its open round's; and which of the
    names that look like groups are people."""
    periods = saving.new_periods(review, plan)
    open_round = saving.open_round_in(review, plan)
    groups = [name for name in plan.people if saving.looks_like_a_role(name)]
    if not periods and not open_round and not groups:
        return None
    return ImportProgressForm(
        request.POST or None, periods=periods, round_dates=plan.round_dates, groups=groups, open_round=open_round
    )


@login_required
def preview(request, slug, pk):
    review = access.get_review_to_set_up(request.user, slug)
    kept = get_object_or_404(ImportUpload, pk=pk, review=review)
    wording_form = _missing_wording(request)

    def ask(read):
        if wording_form is not None:
            wording_form.offer(read.plan)  # the paper's own, where it has them
        return _progress_question(request, review, read.plan)

    def compare(read, create_people, question=None):
        return saving.compare(
            review,
            read.plan,
            create_people=create_people,
            owner_column=read.owner_column,
            progress=question.choice() if question else None,
            as_people=question.people() if question else frozenset(),
            responded_on=read.responded_on,
        )

    def confirm(read, create_people, question=None):
        _require_wording(wording_form)
        with transaction.atomic():
            if wording_form is not None:  # first, so that the rounds published keep it
                Council.objects.get(pk=1).give_missing_wording(by=request.user, **wording_form.wording())
            record = saving.import_plan(
                review,
                read.plan,
                by=request.user,
                create_people=create_people,
                owner_column=read.owner_column,
                progress=question.choice() if question else None,
                as_people=question.people() if question else frozenset(),
                responded_on=read.responded_on,
            )
        messages.success(request, f"Imported {record.file_name}: {record.summary}.")
        return redirect(review)

    return _check_and_confirm(
        request,
        kept,
        reading.REVIEW,
        compare=compare,
        confirm=confirm,
        template="actionplans/import/preview.html",
        context={"review": review, "nav": "reviews", "wording_form": wording_form},
        ask=ask,
        statuses=True,
    )


def _require_wording(wording_form) -> None:
    """Refuse the import, saying what to fill in, while the council's title
    or introduction the preview asks for is blank: the papers it publishes
    would print none."""
    if wording_form is None:
        return
    wording_form.is_valid()
    missing = wording_form.missing()
    for name, said in missing.items():
        wording_form.add_error(name, said)
    if missing:
        raise ValidationError("Give the council's own title and introduction for its papers, below.")


def _check_and_confirm(
    request,
    kept: ImportUpload,
    kind: str,
    *,
    compare,
    confirm,
    template: str,
    context: dict,
    form_class=ImportMappingForm,
    ask=None,
    statuses: bool = False,
):
    """The preview step of either kind of plan: the file read with the
    clerk's columns and month, `compare(read, create)` saying what saving
    it would do; on a confirmation of exactly what was previewed,
    `confirm(read, create)` saves it and says where to go next (or raises
    ValidationError, shown at the top). `create`: the clerk's tick to
    create who or what the file names and the plan does not have. `ask(read)`:
    a kind's question about the file read (a form, or None), handed to
    `compare` and `confirm` as `question`, its answer part of what is confirmed."""
    form, read, create, period = _mapping(request, kept, kind, form_class)
    question = ask(read) if ask else None
    answers = {"question": question} if question else {}
    meanings = _meanings(request, read, kept.review) if statuses else None
    result = compare(read, create, **answers)
    signature = _signature(read, create, period, result, question, meanings)
    confirmed = request.POST.get("action") == "import" and form.is_valid() and (not question or question.is_valid())
    if confirmed and form.cleaned_data["previewed"] == signature and result.can_import:
        confirmed = False
        response = _confirm(form, result, create, confirm, read, answers)
        if response is not None:
            kept.delete()
            return response
    _previewed(request, form, confirmed, signature, create)
    return render(
        request,
        template,
        {
            "upload": kept,
            "form": form,
            "read": read,
            "preview": result,
            "summary": error_summary(form, result.problems, question),
            "question": question,
            "month_needed": any(problem.fix == "month" for problem in result.problems),
            "year_needed": any(problem.fix == "year" for problem in result.problems),
            "year_fields": [form[name] for name in getattr(form, "year_fields", [])],
            "response_date_needed": bool(getattr(read.plan, "responses", None)),
            "meanings": meanings,
            **context,
        },
    )


def _signature(read, create: bool, period, result, question, meanings) -> str:
    """What the clerk previewed, carried to the confirmation: an import
    confirms only that. The columns and month, the tick to create (what is
    to be confirmed by the tick, result.to_confirm, is the same preview
    ticked or not: the tick is the confirmation's, not the preview's), the
    answer to a kind's question, the status words' meanings, and a kind's
    own choices (a partnership's organisations kept apart)."""
    signature = mapping_signature(read.mapping, create and not result.to_confirm, period, read.years)
    if read.responded_on:
        signature += f";responded={read.responded_on:%Y-%m-%d}"
    if question:
        signature += question.signature()
    if meanings is not None:
        signature += meanings.signature()
    return signature + getattr(result, "signature", "")


def _confirm(form, result, create: bool, confirm, read, answers: dict):
    """Save what was previewed (`confirm`), and the response that says where
    to go next; None, with the reason on the form, where the clerk has not
    ticked to create what the file names or the save is refused."""
    if result.to_confirm and not create:
        form.add_error("create_people", result.to_confirm)
        return None
    # The save compares again, under the lock: this preview is kept only to
    # be shown again should the save be refused.
    result.release_work()
    try:
        return confirm(read, create, **answers)
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _mapping(request, kept: ImportUpload, kind: str, form_class=ImportMappingForm):
    """The mapping form of a kept upload, and the file read with the
    mapping and month as the clerk last corrected them (or as guessed)."""
    guessed = reading.read(bytes(kept.data), kept.file_name, period=kept.period, kind=kind)
    initial = {"period_month": kept.period.month, "period_year": kept.period.year} if kept.period else {}
    form = form_class(
        request.POST or None,
        headings=guessed.headings,
        fields=reading.fields(kind),
        mapping=guessed.mapping,
        ambiguous=reading.ambiguous_periods(guessed),
        initial=initial,
    )
    read, create_people, period = guessed, False, kept.period
    if request.method == "POST":
        # Whatever the clerk got right is previewed, the columns kept while
        # a month typed wrong is put right (its message at the field).
        form.is_valid()
        create_people = form.cleaned_data.get("create_people", False)
        if not form.period_errors:
            period = form.period()
        years = form.years()
        # A Word document's labels are read already: it has no columns to correct.
        mapping = form.mapping() if form.columns else guessed.mapping
        if mapping != guessed.mapping or period != kept.period or years:
            read = reading.from_grid(guessed.grid, period=period, mapping=mapping, kind=kind, years=years)
        read.responded_on = form.response_date() if "responded_on" in form.fields else None
    read.let_go_of_cells()  # the plan is read: what is compared and saved
    return form, read, create_people, period


def _meanings(request, read, review) -> StatusMeaningsForm:
    """What each of the file's own grade words becomes (grades.py), as
    proposed or chosen on the page, given to the updates they grade, and
    the scale the answers make: the review's own, or the council's."""
    form = StatusMeaningsForm(
        request.POST or None, plan=read.plan, remembered=StatusMeaning.objects.remembered(), review=review
    )
    form.scale_to_be = grades.apply_answers(read.plan, form.answers(), review)
    return form


def _previewed(request, form, confirmed: bool, signature: str, create_people: bool) -> None:
    """Carry what this preview was of to the confirmation."""
    if confirmed and form.cleaned_data["previewed"] != signature:
        messages.info(request, "The columns changed: check the preview again before you confirm.")
    form.data = form.data.copy() if form.is_bound else {}
    if form.is_bound:
        form.data["previewed"] = signature
    else:
        form.initial["previewed"] = signature
        form.initial["create_people"] = create_people


def _year_field(form, problem) -> str:
    """The year question a problem about a heading's year is answered by:
    the one whose words it quotes, else the first."""
    said = str(problem)
    return next((name for name, words in form.year_words.items() if f"“{words}”" in said), form.year_fields[0])


_CELL = re.compile(r"([A-Z]{1,3})\d+")  # "C14"; not "Row 14", nor "Rounds!A2"


def error_summary(form, problems, question=None) -> list[tuple[str, str]]:
    """The error summary's entries, (text, "#id" or ""): each linked to the
    field on the page that puts it right (Problem.fix), if there is one."""
    from openpyxl.utils import column_index_from_string

    fields = {}  # Problem.fix -> the question's field
    if question is not None:
        fields["progress"] = f"#{question['progress'].auto_id}_0"
        for period in question.periods:
            fields[saving.meeting_fix(period)] = f"#{question[question.meeting_field(period)].id_for_label}"

    columns = {name: form[name].auto_id for name in form.columns}
    entries = [(str(error), "") for error in form.non_field_errors()]
    entries += [(str(error), f"#{form['period_month'].auto_id}") for error in form.period_errors]
    entries += [(str(error), f"#{form['create_people'].auto_id}") for error in form.errors.get("create_people", [])]
    entries += [(error, f"#{form[name].auto_id}") for error, name in form.year_errors()]
    entries += [(str(error), f"#{form['responded_on'].id_for_label}") for error in form.errors.get("responded_on", [])]
    if question is not None and question.is_bound:
        for name, errors in question.errors.items():
            entries += [(str(error), f"#{question[name].id_for_label}") for error in errors]
    for problem in problems:
        if problem.fix == "responded_on" and form.errors.get("responded_on"):
            continue  # the date typed is wrong: its own message says so, above
        href = fields.get(problem.fix, "")
        if problem.fix == "month":
            href = f"#{form['period_month'].auto_id}"
        elif problem.fix == "year" and form.year_fields:
            href = f"#{form[_year_field(form, problem)].auto_id}"
        elif problem.fix == "status":
            href = "#statuses"
        elif problem.fix == "responded_on" and "responded_on" in form.fields:
            href = f"#{form['responded_on'].id_for_label}"
        elif problem.fix == "people" and "create_people" in form.fields:
            href = f"#{form['create_people'].auto_id}"
        elif problem.fix == "mapping" and columns:
            name = next(iter(columns))  # the first column's field, for "No column is…"
            if cell := _CELL.fullmatch(problem.where):
                name = f"column_{column_index_from_string(cell.group(1)) - 1}"
            href = f"#{columns[name]}" if name in columns else ""
        entries.append((str(problem), href))
    return entries


@login_required
def blank_template(request, slug):
    access.get_review_to_set_up(request.user, slug)
    return _workbook(template.render(), "action-plan-template.xlsx")


def _workbook(data: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


# A partnership plan: the same steps, creating the plan ------------------------


@login_required
def partnership_upload(request):
    permissions.require(request.user, permissions.IMPORT_PARTNERSHIP_PLAN)
    form = PartnershipImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and (kept := _keep(request, form, details=form.details())):
        return redirect("partnership_import_preview", pk=kept.pk)
    return render(request, "actionplans/import/partnership_upload.html", {"form": form, "nav": "partnerships"})


@login_required
def partnership_preview(request, pk):
    permissions.require(request.user, permissions.IMPORT_PARTNERSHIP_PLAN)
    kept = get_object_or_404(ImportUpload.objects.of_partnership_plans(), pk=pk)
    details = kept.details
    chosen = Partnership.objects.filter(pk=details.get("partnership")).first() if details.get("partnership") else None

    # Organisations spelt nearly alike are merged unless the clerk keeps them apart.
    keep_apart = request.method == "POST" and bool(request.POST.get("keep_apart"))

    def compare(read, create_organisations):
        return partnership_saving.compare(
            read.plan, partnership=chosen, create_organisations=create_organisations, keep_apart=keep_apart
        )

    def confirm(read, create_organisations):
        plan = partnership_saving.import_plan(
            read.plan,
            by=request.user,
            partnership=chosen,
            partnership_name=details["partnership_name"],
            create_organisations=create_organisations,
            keep_apart=keep_apart,
            title=details["title"],
            short_title=details["short_title"],
            starts=datetime.date.fromisoformat(details["starts"]),
            ends=datetime.date.fromisoformat(details["ends"]),
            # Checked again by the plan (a login may have lost its role since).
            coordinator=get_user_model().objects.filter(pk=details.get("coordinator")).first(),
        )
        messages.success(request, f"Imported {kept.file_name}: {plan.title}, {plan.actions().count():,} actions.")
        return redirect("partnership_plan", plan.slug)

    return _check_and_confirm(
        request,
        kept,
        reading.PARTNERSHIP,
        compare=compare,
        confirm=confirm,
        template="actionplans/import/partnership_preview.html",
        context={"details": details, "partnership": chosen, "nav": "partnerships"},
        form_class=PartnershipMappingForm,
    )


@login_required
def partnership_template(request):
    permissions.require(request.user, permissions.IMPORT_PARTNERSHIP_PLAN)
    return _workbook(template.render(reading.PARTNERSHIP), "partnership-plan-template.xlsx")
