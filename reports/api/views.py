"""The read-only API: a list and a detail of each kind, thin views over
reports/api/reading.py (who reads what) and serializers.py (how it reads).
GET, HEAD and OPTIONS only: anything else is answered 405. Every request is
logged (ApiRequest) once answered; the whole API answers 404 while
SCRUTINY_API is off."""

import time

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, generics, serializers
from rest_framework.permissions import AllowAny

from actionplans.models import ApiRequest
from reports.api import reading
from reports.api.auth import reader_of
from reports.api.serializers import (
    EXAMPLES,
    ActionSerializer,
    RecommendationSerializer,
    ReviewSerializer,
    RoundSerializer,
    UpdateSerializer,
    reference_schema,
)
from reports.public.guard import public_pages_on


class Logged:
    """Answers 404 while the API is off; logs every request it answers
    (never the key: it travels in a header, which is not logged)."""

    def dispatch(self, request, *args, **kwargs):
        self.started = time.perf_counter()
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        if not settings.SCRUTINY_API:
            raise exceptions.NotFound()
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if settings.SCRUTINY_API:
            ApiRequest.objects.create(
                token=getattr(request._request, "api_token", None),
                method=request.method[:10],
                path=request.get_full_path()[:500],
                status=response.status_code,
                duration_ms=round((time.perf_counter() - self.started) * 1000),
            )
        return response


def pk_in(reference: str, kind: str):
    """The id in a stable reference of `kind` ("action-301" -> 301), or
    None when it is not one."""
    prefix = f"{kind}-"
    number = reference[len(prefix) :] if reference.startswith(prefix) else ""
    return int(number) if number.isascii() and number.isdigit() and len(number) < 12 else None


def _filter(name: str) -> OpenApiParameter:
    # Its schema says what a reference is, so that a client (and Schemathesis's
    # positive_data_acceptance) knows what is refused before sending it.
    return OpenApiParameter(
        name,
        reference_schema(name),
        description=f"Only those of this {name}: its reference, like {EXAMPLES[name]} (anything else is refused, 400).",
        examples=[OpenApiExample(name, value=EXAMPLES[name])],
    )


def _reference(kind: str) -> OpenApiParameter:
    return OpenApiParameter(
        "ref",
        reference_schema(kind),
        OpenApiParameter.PATH,
        description=f"The {kind}'s stable reference, like {EXAMPLES[kind]}.",
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why the request was not answered, in words.")


class FilterErrorSerializer(serializers.Serializer):
    """The query parameter refused, and why (only one at a time)."""

    review = serializers.CharField(required=False, help_text="Give a review's reference, like review-12.")
    round = serializers.CharField(required=False, help_text="Give a round's reference, like round-7.")
    action = serializers.CharField(required=False, help_text="Give an action's reference, like action-301.")
    page_size = serializers.CharField(required=False, help_text="Give the page size as a whole number from 1.")


def _error(description: str, detail: str) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorSerializer, description=description, examples=[OpenApiExample("Error", value={"detail": detail})]
    )


UNAUTHORIZED = _error(
    "A key this service did not issue, a token revoked or no longer valid, an Authorization header other than "
    "Token <key> or Bearer <key>, or no token while the council does not publish its data to the public. "
    "The answer's WWW-Authenticate header names the scheme: Token.",
    "This key is not a key this service issued.",
)


CHALLENGE = OpenApiParameter(
    "WWW-Authenticate",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[401],
    description="The scheme the API understands: Token.",
)


def answers(serializer, *, detail: bool = False, filters: tuple[str, ...] = ()) -> dict:
    """Every answer an operation gives: the item or page, and each refusal."""
    responses = {
        200: OpenApiResponse(serializer, description="The item." if detail else "A page of the list."),
        401: UNAUTHORIZED,
        404: _error(
            "An item the reader may not see or that does not exist, a reference of another kind, or the API "
            "switched off."
            if detail
            else "A page past the last (or not a page number), or the API switched off.",
            "Not found." if detail else "Invalid page.",
        ),
    }
    if not detail:
        examples = [
            OpenApiExample("Page size refused", value={"page_size": "Give the page size as a whole number from 1."})
        ]
        if filters:
            name = filters[0]
            examples.append(
                OpenApiExample("Filter refused", value={name: f"Give a {name}'s reference, like {EXAMPLES[name]}."})
            )
        responses[400] = OpenApiResponse(
            FilterErrorSerializer,
            description="A filter that is not a reference of its kind, or a page size that is not a whole number "
            "from 1.",
            examples=examples,
        )
    return responses


def documented(summary: str, serializer, *, kind: str = "", filters: tuple[str, ...] = ()):
    """The OpenAPI description of a list (its filters) or, given the `kind`
    of its reference, of a detail."""
    parameters = [_reference(kind)] if kind else [_filter(name) for name in filters]
    parameters.append(CHALLENGE)
    return extend_schema_view(
        get=extend_schema(
            summary=summary,
            parameters=parameters,
            responses=answers(serializer, detail=bool(kind), filters=filters),
        )
    )


class ApiView(Logged, generics.GenericAPIView):
    kind = ""  # a detail's kind of reference: "review"
    read = None  # reading.reviews and the like: (reader) -> QuerySet
    filters: dict[str, str] = {}  # a list's query parameters -> the field each filters

    def get_queryset(self):
        return type(self).read(reader_of(self.request))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "reader": reader_of(self.request)}

    def filter_queryset(self, queryset):
        for name, field in self.filters.items():
            value = self.request.query_params.get(name)
            if value is None:
                continue
            pk = pk_in(value, name)
            if pk is None:
                raise exceptions.ValidationError({name: f"Give a {name}'s reference, like {name}-12."})
            queryset = queryset.filter(**{field: pk})
        return queryset

    def get_object(self):
        pk = pk_in(self.kwargs["ref"], self.kind)
        if pk is None:
            raise Http404
        return get_object_or_404(self.get_queryset(), pk=pk)


class ApiList(ApiView, generics.ListAPIView):
    """A list, page by page."""


class ApiDetail(ApiView, generics.RetrieveAPIView):
    """One item, by its stable reference."""


@documented("Reviews", ReviewSerializer)
class ReviewList(ApiList):
    """The reviews the reader knows of: for a token, those its role may read (a plan still being set up
    only for clerks and administrators, unless its executive responses are published); for the public,
    the public ones."""

    read, serializer_class = staticmethod(reading.reviews), ReviewSerializer


@documented("A review", ReviewSerializer, kind="review")
class ReviewDetail(ApiDetail):
    """One review, by its reference (404 for one the reader may not see)."""

    kind, read, serializer_class = "review", staticmethod(reading.reviews), ReviewSerializer


@documented("Recommendations", RecommendationSerializer, filters=("review",))
class RecommendationList(ApiList):
    """The recommendations of those reviews, each with the executive's response where the reader may read
    it (for the public: once published, and never an exempt recommendation)."""

    read, serializer_class = staticmethod(reading.recommendations), RecommendationSerializer
    filters = {"review": "review"}

    def paginate_queryset(self, queryset):
        return reading.with_ledger(super().paginate_queryset(queryset))


@documented("A recommendation", RecommendationSerializer, kind="recommendation")
class RecommendationDetail(ApiDetail):
    """One recommendation, by its reference."""

    kind, read, serializer_class = "recommendation", staticmethod(reading.recommendations), RecommendationSerializer

    def get_object(self):
        return reading.with_ledger([super().get_object()])[0]


@documented("Actions, each with its latest grade", ActionSerializer, filters=("review",))
class ActionList(ApiList):
    """The actions the reader may see, in the papers' order, each with its latest grade as given: that of
    the newest published round that gave it a grade, with that round (a round that received no update for
    it is passed over). The public reads no exempt action, nor any action of an exempt recommendation,
    nor a grade of an exempt update."""

    read, serializer_class = staticmethod(reading.actions), ActionSerializer
    filters = {"review": "recommendation__review"}

    def paginate_queryset(self, queryset):
        return reading.with_latest_grades(super().paginate_queryset(queryset), reader_of(self.request))


@documented("An action, with its latest grade", ActionSerializer, kind="action")
class ActionDetail(ApiDetail):
    """One action, by its reference, with its latest grade."""

    kind, read, serializer_class = "action", staticmethod(reading.actions), ActionSerializer

    def get_object(self):
        return reading.with_latest_grades([super().get_object()], reader_of(self.request))[0]


@documented("Monitoring rounds", RoundSerializer, filters=("review",))
class RoundList(ApiList):
    """The monitoring rounds the reader may see: published ones for every reader, open ones too for
    officers, link officers and clerks; for the public, the published rounds of agreed plans."""

    read, serializer_class = staticmethod(reading.rounds), RoundSerializer
    filters = {"review": "review"}


@documented("A monitoring round", RoundSerializer, kind="round")
class RoundDetail(ApiDetail):
    """One monitoring round, by its reference."""

    kind, read, serializer_class = "round", staticmethod(reading.rounds), RoundSerializer


@documented("Progress updates", UpdateSerializer, filters=("review", "round", "action"))
class UpdateList(ApiList):
    """The progress updates of the rounds the reader may see. An update the committee did not receive
    (approve) reads "No update received" in a published round, and its words are null; for the public,
    an exempt update reads its exempt notice instead."""

    read, serializer_class = staticmethod(reading.updates), UpdateSerializer
    filters = {"review": "round__review", "round": "round", "action": "action"}


@documented("A progress update", UpdateSerializer, kind="update")
class UpdateDetail(ApiDetail):
    """One progress update, by its reference."""

    kind, read, serializer_class = "update", staticmethod(reading.updates), UpdateSerializer


class Schema(Logged, SpectacularAPIView):
    """The OpenAPI description, YAML or (?format=json) JSON: for anyone."""

    permission_classes = [AllowAny]


def api_index(request):
    """The page describing the API, for anyone while it is switched on."""
    if not settings.SCRUTINY_API:
        raise Http404
    return render(
        request,
        "reports/api/index.html",
        {
            "public_pages": public_pages_on(),
            "page_size": settings.SCRUTINY_API_PAGE_SIZE,
            "max_page_size": settings.SCRUTINY_API_MAX_PAGE_SIZE,
            "base": request.build_absolute_uri("/api/v1/"),
        },
    )
