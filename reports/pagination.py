"""A long list read a page at a time, with GOV.UK's pagination component
(templates/includes/pagination.html): `?page=N` in the address, the page's
other parameters kept in every link."""

from dataclasses import dataclass

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis, for the pages left out
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    items: tuple[PageLink, ...]
    previous: str = ""  # the previous page's address, if any
    next: str = ""


def page_number(request) -> int:
    """The page asked for (`?page=`, from 1; 1 where none is); 404 for
    anything else."""
    asked = request.GET.get("page") or "1"
    if not asked.isdigit() or int(asked) < 1:
        raise Http404("No such page")
    return int(asked)


def pagination(request, *, total: int, number: int, per_page: int) -> Pagination | None:
    """The links of page `number` of `total` items listed `per_page` at a
    time: the first and last pages, the current one and those either side,
    ellipses for the rest (as GOV.UK's guidance shows them). None where a
    page holds them all; 404 for a page after the last."""
    paginator = Paginator(range(total), per_page)
    try:
        page = paginator.page(number)
    except InvalidPage:
        raise Http404("No such page") from None
    if paginator.num_pages <= 1:
        return None

    def href(n: int) -> str:
        query = request.GET.copy()
        query.pop("page", None)
        if n > 1:
            query["page"] = str(n)
        return f"?{query.urlencode()}" if query else "?"

    items = tuple(
        PageLink(None) if n == paginator.ELLIPSIS else PageLink(n, href(n), n == number)
        for n in paginator.get_elided_page_range(number, on_each_side=1, on_ends=1)
    )
    return Pagination(
        items,
        previous=href(number - 1) if page.has_previous() else "",
        next=href(number + 1) if page.has_next() else "",
    )
