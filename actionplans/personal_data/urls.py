from django.urls import path, register_converter

from actionplans.personal_data import views


class Format:
    regex = "json|html"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(Format, "personal_data_format")

urlpatterns = [
    path("people/<int:pk>/personal-data/", views.personal_data, name="personal_data"),
    path(
        "people/<int:pk>/personal-data.<personal_data_format:fmt>",
        views.download,
        name="personal_data_download",
    ),
    path("people/<int:pk>/erase/", views.erase, name="erase_person"),
    # A login with no person record (a councillor, a clerk, an administrator…).
    path("logins/<int:pk>/personal-data/", views.personal_data, {"of": "login"}, name="login_personal_data"),
    path(
        "logins/<int:pk>/personal-data.<personal_data_format:fmt>",
        views.download,
        {"of": "login"},
        name="login_personal_data_download",
    ),
    path("logins/<int:pk>/erase/", views.erase, {"of": "login"}, name="erase_login"),
]
