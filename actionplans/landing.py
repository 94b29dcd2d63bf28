"""Where each person lands after signing in: the page of their own next task.

One rule, read top to bottom; a person holding several roles lands where the
first of them sends them. The sign-in form's `next` still wins (LoginView
follows it before it comes here)."""

from django.urls import reverse

from actionplans import access, permissions
from actionplans.models import ProgressEntry, Round


def landing_url(user) -> str:
    # A partner agency's lead reads no scrutiny papers: their partnership
    # updates are all they have here.
    if not permissions.reads_papers(user) and permissions.writes_partnership_updates(user):
        return reverse("partnership_updates")
    # Administrators look after logins and roles: the People pages (they
    # hold every clerk's permission too, but the rounds are the clerks').
    if permissions.administers_logins(user):
        return reverse("people")
    # Clerks run the rounds: the one open round, if there is exactly one;
    # otherwise the reviews.
    if permissions.is_clerk(user):
        # An executive response due within a week or overdue comes first:
        # the reviews page lists them.
        if access.readable_reviews(user).responses_due():
            return reverse("home")
        open_rounds = list(Round.objects.filter(status=Round.Status.OPEN).values_list("pk", flat=True)[:2])
        if len(open_rounds) == 1:
            return reverse("round_detail", args=open_rounds)
        return reverse("home")
    # Link officers check updates when some are waiting, else write their
    # own; one with none of their own to write sees what is being written.
    if permissions.is_link_officer(user) and (
        access.entries_to_check(user).filter(status=ProgressEntry.Status.SUBMITTED).exists()
    ):
        return reverse("approvals")
    # So do the coordinators of partnership plans, with their leads' updates.
    if permissions.coordinates_any_plan(user) and access.partnership_updates_to_check(user).exists():
        return reverse("partnership_updates")
    if permissions.is_link_officer(user) and not access.entries_to_write(user).exists():
        return reverse("approvals")
    if permissions.works_on_updates(user):
        return reverse("my_updates")
    # Committee members read their committees' dashboards.
    committees = list(access.followed_committees(user).values_list("slug", flat=True)[:2])
    if len(committees) == 1:
        return reverse("committee_dashboard", args=committees)
    if committees:
        return reverse("committees")
    return reverse("home")
