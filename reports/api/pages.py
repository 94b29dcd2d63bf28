"""How the API's lists are cut into pages (settings SCRUTINY_API_PAGE_SIZE
and SCRUTINY_API_MAX_PAGE_SIZE, read at each request)."""

from django.conf import settings
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """?page=2, and ?page_size= up to the most allowed."""

    page_size_query_param = "page_size"

    @property
    def page_size(self):
        return settings.SCRUTINY_API_PAGE_SIZE

    @property
    def max_page_size(self):
        return settings.SCRUTINY_API_MAX_PAGE_SIZE

    def get_page_size(self, request):
        """The page size asked for, at most the most allowed; one that is
        not a whole number from 1 is refused (400) rather than quietly
        taken as the default, as the description promises a number."""
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        if not (asked.isascii() and asked.isdigit() and int(asked) >= 1):
            raise ValidationError({self.page_size_query_param: "Give the page size as a whole number from 1."})
        return min(int(asked), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        """The page and page size as the description gives them: each a
        whole number from 1 (what get_page_size refuses otherwise)."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters
