"""The API (reports/api/views.py): 404 while SCRUTINY_API is off. Its views,
and with them Django REST framework, are imported on the first request to
one of them (actionplans/lazyviews.py)."""

from django.urls import path

from actionplans.lazyviews import LazyView


def api(name: str):
    # Exempt from CSRF as REST framework's as_view() makes every API view.
    return LazyView(f"reports.api.views.{name}", class_based=True, csrf_exempt=True)


urlpatterns = [
    path("", LazyView("reports.api.views.api_index"), name="api_index"),
    path("schema/", api("Schema"), name="api_schema"),
    path("v1/reviews/", api("ReviewList"), name="api_reviews"),
    path("v1/reviews/<path:ref>/", api("ReviewDetail"), name="api_review"),
    path("v1/recommendations/", api("RecommendationList"), name="api_recommendations"),
    path("v1/recommendations/<path:ref>/", api("RecommendationDetail"), name="api_recommendation"),
    path("v1/actions/", api("ActionList"), name="api_actions"),
    path("v1/actions/<path:ref>/", api("ActionDetail"), name="api_action"),
    path("v1/rounds/", api("RoundList"), name="api_rounds"),
    path("v1/rounds/<path:ref>/", api("RoundDetail"), name="api_round"),
    path("v1/updates/", api("UpdateList"), name="api_updates"),
    path("v1/updates/<path:ref>/", api("UpdateDetail"), name="api_update"),
]
