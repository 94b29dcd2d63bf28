"""The API (reports/api/views.py): 404 while SCRUTINY_API is off. Its views,
and with them Django REST framework, are imported on the first request to
one of them (actionplans/lazyviews.py)."""

from django.urls import path, register_converter

from actionplans.lazyviews import LazyView


class Reference:
    """A detail operation's reference, whatever it holds: Django's <path:>
    stops at a line break, which then matched no address and answered the
    site's HTML 404. Any reference reaches the view, which answers 404 in
    JSON for one that names nothing, as the description promises."""

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(Reference, "reference")


def api(name: str):
    # Exempt from CSRF as REST framework's as_view() makes every API view.
    return LazyView(f"reports.api.views.{name}", class_based=True, csrf_exempt=True)


urlpatterns = [
    path("", LazyView("reports.api.views.api_index"), name="api_index"),
    path("schema/", api("Schema"), name="api_schema"),
    path("v1/reviews/", api("ReviewList"), name="api_reviews"),
    path("v1/reviews/<reference:ref>/", api("ReviewDetail"), name="api_review"),
    path("v1/recommendations/", api("RecommendationList"), name="api_recommendations"),
    path("v1/recommendations/<reference:ref>/", api("RecommendationDetail"), name="api_recommendation"),
    path("v1/actions/", api("ActionList"), name="api_actions"),
    path("v1/actions/<reference:ref>/", api("ActionDetail"), name="api_action"),
    path("v1/rounds/", api("RoundList"), name="api_rounds"),
    path("v1/rounds/<reference:ref>/", api("RoundDetail"), name="api_round"),
    path("v1/updates/", api("UpdateList"), name="api_updates"),
    path("v1/updates/<reference:ref>/", api("UpdateDetail"), name="api_update"),
]
