"""The write side's addresses: each feature's own, included in turn. The
notifications' and personal data's are included by scrutiny/urls.py, after
the read side's."""

from django.urls import include, path

urlpatterns = [
    # A round's cycle: updates, approvals, publishing, corrections (officers, link officers, clerks).
    path("", include("actionplans.monitoring.urls")),
    path("", include("actionplans.comments.urls")),
    # Evidence files on an update (officers attach them; readers download them).
    path("", include("actionplans.evidence.urls")),
    path("", include("actionplans.decisions.urls")),
    path("", include("actionplans.importing.urls")),
    # Setting up a review's plan (clerks and administrators).
    path("", include("actionplans.setup.urls")),
    # Which partnership plans' actions deliver the review (clerks and administrators).
    path("", include("actionplans.deliveries.urls")),
    # The report and the executive's response (clerks and administrators).
    path("", include("actionplans.response.urls")),
    path("", include("actionplans.people.urls")),
    path("", include("actionplans.partnership.urls")),
    # Frameworks of good-practice standards and self-assessments.
    path("standards/", include("actionplans.standards.urls")),
    path("", include("actionplans.exempt.urls")),
    # What each recommendation achieved: its outcome and impacts (clerks and administrators).
    path("", include("actionplans.outcomes.urls")),
]
