"""Import from a spreadsheet: upload, preview (with the columns' mapping to
correct), confirm. Those who set up plans only (can_build_plans: clerks
and administrators), as on the set-up pages. Nothing is saved until
the clerk confirms; the uploaded file waits in the database between the
steps (ImportUpload), since the next request may reach another server."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from actionplans import access
from actionplans.forms import ImportMappingForm, ImportUploadForm, mapping_signature
from actionplans.importing import reading, template
from actionplans.models import ImportUpload


@login_required
def upload(request, slug):
    review = access.get_review_for_builder(request.user, slug)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from actionplans.importing import sheets

        file = form.cleaned_data["file"]
        # The form refused a file over the limit by its size; read no more
        # than the limit whatever the size claimed, so the reader can tell.
        data = file.read(settings.IMPORT_MAX_BYTES + 1)
        try:
            # Only whether it is a spreadsheet we can read: the preview reads the rest.
            sheets.read_grid(data, file.name)
        except sheets.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            with transaction.atomic():
                ImportUpload.objects.stale().delete()
                kept = ImportUpload.objects.create(
                    review=review,
                    file_name=file.name[:255],
                    data=data,
                    period=form.period(),
                    uploaded_by=request.user,
                )
            return redirect("import_preview", slug=review.slug, pk=kept.pk)
    return render(request, "actionplans/import/upload.html", {"review": review, "form": form, "nav": "reviews"})


@login_required
def preview(request, slug, pk):
    review = access.get_review_for_builder(request.user, slug)
    kept = get_object_or_404(ImportUpload, pk=pk, review=review)
    guessed = reading.read(bytes(kept.data), kept.file_name, period=kept.period)
    initial = {"period_month": kept.period.month, "period_year": kept.period.year} if kept.period else {}
    form = ImportMappingForm(
        request.POST or None,
        headings=guessed.headings,
        fields=reading.fields(),
        mapping=guessed.mapping,
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
        mapping = form.mapping()
        if mapping != guessed.mapping or period != kept.period:
            read = reading.from_grid(guessed.grid, period=period, mapping=mapping)
    result = review.preview_import(read.plan, create_people=create_people, owner_column=read.owner_column)
    signature = mapping_signature(read.mapping, create_people, period)
    confirmed = request.POST.get("action") == "import" and form.is_valid()
    if confirmed and form.cleaned_data["previewed"] == signature and result.can_import:
        try:
            record = review.import_plan(
                read.plan, by=request.user, create_people=create_people, owner_column=read.owner_column
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            kept.delete()
            messages.success(request, f"Imported {record.file_name}: {record.summary}.")
            return redirect(review)
    elif confirmed and form.cleaned_data["previewed"] != signature:
        messages.info(request, "The columns changed: check the preview again before you confirm.")
    form.data = form.data.copy() if form.is_bound else {}
    if form.is_bound:
        form.data["previewed"] = signature
    else:
        form.initial["previewed"] = signature
        form.initial["create_people"] = create_people
    return render(
        request,
        "actionplans/import/preview.html",
        {
            "review": review,
            "upload": kept,
            "form": form,
            "read": read,
            "preview": result,
            "summary": error_summary(form, result.problems),
            "month_needed": any(problem.fix == "month" for problem in result.problems),
            "nav": "reviews",
        },
    )


_CELL = re.compile(r"([A-Z]{1,3})\d+")  # "C14"; not "Row 14", nor "Rounds!A2"


def error_summary(form, problems) -> list[tuple[str, str]]:
    """The error summary's entries, (text, "#id" or ""): each linked to the
    field on the page that puts it right (Problem.fix), if there is one."""
    from openpyxl.utils import column_index_from_string

    columns = {name: form[name].auto_id for name in form.columns}
    entries = [(str(error), "") for error in form.non_field_errors()]
    entries += [(str(error), f"#{form['period_month'].auto_id}") for error in form.period_errors]
    for problem in problems:
        href = ""
        if problem.fix == "month":
            href = f"#{form['period_month'].auto_id}"
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
    access.get_review_for_builder(request.user, slug)
    response = HttpResponse(
        template.render(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="action-plan-template.xlsx"'
    return response
