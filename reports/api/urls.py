"""The API (reports/api/views.py): 404 while SCRUTINY_API is off."""

from django.urls import path

from reports.api import views

urlpatterns = [
    path("", views.api_index, name="api_index"),
    path("schema/", views.Schema.as_view(), name="api_schema"),
    path("v1/reviews/", views.ReviewList.as_view(), name="api_reviews"),
    path("v1/reviews/<path:ref>/", views.ReviewDetail.as_view(), name="api_review"),
    path("v1/recommendations/", views.RecommendationList.as_view(), name="api_recommendations"),
    path("v1/recommendations/<path:ref>/", views.RecommendationDetail.as_view(), name="api_recommendation"),
    path("v1/actions/", views.ActionList.as_view(), name="api_actions"),
    path("v1/actions/<path:ref>/", views.ActionDetail.as_view(), name="api_action"),
    path("v1/rounds/", views.RoundList.as_view(), name="api_rounds"),
    path("v1/rounds/<path:ref>/", views.RoundDetail.as_view(), name="api_round"),
    path("v1/updates/", views.UpdateList.as_view(), name="api_updates"),
    path("v1/updates/<path:ref>/", views.UpdateDetail.as_view(), name="api_update"),
]
