"""Query expressions the read side's builders share: a long list of pks as
one parameter (OneOf), and a round's month written into a query (RoundMonth).
No rule of the record is written here: the rules live in Python beside their
models, and a published round's standing is stored (actionplans/models/standing.py)."""

import datetime

from django.db import models
from django.db.models import F


class OneOf(models.Expression):
    """A condition for filter(): `field` is one of `values` (a list of
    pks, however long). On PostgreSQL it is sent as one array, `= ANY(%s)`,
    not as an IN with a parameter for each value: the driver scans a query's
    text for its parameters every time it sends it, and the ORM prepares each
    one, which for the few hundred actions a dashboard lists took longer than
    the database's look-up. Elsewhere, IN (...)."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, field: str, values):
        super().__init__()
        self.column = F(field)
        self.values = list(values)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        if not self.values:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", [*params, self.values]
        return f"{column} IN ({', '.join(['%s'] * len(self.values))})", [*params, *self.values]


class RoundMonth(models.Func):
    """The month of a round, if it is one of `published` ({pk: month});
    NULL for any other. Written out as one CASE with the months as
    parameters: cheap to compile however many rounds there are, and it spares
    the query a join to the rounds."""

    output_field = models.DateField()

    def __init__(self, round_field: str, published: dict[int, datetime.date]):
        super().__init__(F(round_field))
        self.published = published

    def as_sql(self, compiler, connection, **extra_context):
        if not self.published:
            return "CAST(NULL AS DATE)", []  # typed, for PostgreSQL's MIN()
        column, params = compiler.compile(self.source_expressions[0])
        params = list(params)
        for pk, month in self.published.items():
            params += [pk, connection.ops.adapt_datefield_value(month)]
        whens = " ".join(["WHEN %s THEN %s"] * len(self.published))
        return f"CASE {column} {whens} END", params
