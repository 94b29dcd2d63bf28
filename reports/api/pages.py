"""How the API's lists are cut into pages (settings SCRUTINY_API_PAGE_SIZE
and SCRUTINY_API_MAX_PAGE_SIZE, read at each request)."""

from django.conf import settings
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
