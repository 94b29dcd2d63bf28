"""A partnership plan's dashboard, narrowed (django-filter): the state is
in the address, so a reader can share exactly what they are looking at."""

import django_filters

from actionplans.grading import NOT_RATED
from actionplans.models import Organisation, PartnershipUpdate, Quarter, Theme
from actionplans.models.partnership_quarters import rag_scale
from reports.partnership.dashboard import given_scale

# Not rated, in the address: no update received, or one without a RAG.
NO_UPDATE = "none"


class PartnershipActionFilter(django_filters.FilterSet):
    """A partnership plan's dashboard, narrowed (reports/partnership/dashboard.py):
    the plan's actions of a theme, a lead organisation, a RAG in the quarter
    shown; and which published quarter is shown."""

    # A value not offered (an address typed or kept from before) is
    # explained in the words of the filter, as the product's forms do.
    quarter = django_filters.ModelChoiceFilter(
        label="Quarter",
        queryset=Quarter.objects.none(),
        method="as_at",
        empty_label="The latest published",
        error_messages={"invalid_choice": "Choose one of the plan’s published quarters"},
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme",
        queryset=Theme.objects.none(),
        empty_label="All",
        error_messages={"invalid_choice": "Choose one of the plan’s themes"},
    )
    lead = django_filters.ModelChoiceFilter(
        label="Lead organisation",
        field_name="lead_organisations",
        queryset=Organisation.objects.none(),
        empty_label="Any",
        error_messages={"invalid_choice": "Choose one of the partnership’s organisations"},
    )
    rag = django_filters.ChoiceFilter(
        label="RAG in the quarter shown",
        method="by_rag",
        choices=[],  # the council's current scale's, by what each means (__init__)
        empty_label="Any",
        error_messages={"invalid_choice": "Choose a RAG status from the list"},
    )

    def __init__(self, data=None, *args, plan, quarters, **kwargs):
        """`quarters`: the plan's quarters the reader may see on it (published ones)."""
        super().__init__(data, *args, **kwargs)
        # Every RAG given in the plan's published quarters, a grade the
        # current scale no longer has included, in the words it was given.
        scale = rag_scale()
        missing = (
            PartnershipUpdate.objects.received()
            .filter(quarter__in=quarters, action__in=self.queryset.values("pk"))
            .exclude(rag__in=["", *scale.keys])
            .order_by()
            .values_list("rag", flat=True)
            .distinct()
        )
        self.filters["rag"].extra["choices"] = [
            *given_scale(scale, self.queryset, quarters, set(missing)).choices(),
            (NO_UPDATE, f"{NOT_RATED} (or no update received)"),
        ]
        self.quarters = quarters
        self.filters["quarter"].queryset = quarters.order_by("-period")
        self.filters["theme"].queryset = plan.themes.all()
        self.filters["lead"].queryset = plan.partnership.organisations.all()
        # "Q3 2018 (October to December 2018)": a financial quarter's label alone misleads.
        self.form.fields["quarter"].label_from_instance = lambda quarter: quarter.months_label

    @property
    def quarter_shown(self):
        """The quarter chosen, else the latest published (None: none is).
        Valid filters only."""
        return self.form.cleaned_data.get("quarter") or self.quarters.order_by("period").last()

    def as_at(self, queryset, name, value):
        return queryset  # read by quarter_shown

    def by_rag(self, queryset, name, value):
        """The RAG of the update received in the quarter shown (Not rated:
        none received, or received without a RAG)."""
        rated = PartnershipUpdate.objects.received().filter(quarter=self.quarter_shown).exclude(rag="")
        if value == NO_UPDATE:
            return queryset.exclude(pk__in=rated.values("action"))
        return queryset.filter(pk__in=rated.filter(rag=value).values("action"))
