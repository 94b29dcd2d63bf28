"""Every migration from 0001_initial_domain to 0069_emailed_replies made
one, as the models stood at 0069 (issue 58): a new install creates its
tables in one step instead of 68. An install part of the way along still
takes the old migrations, kept beside this one, and Django counts this one
applied once they all are. The data those old migrations moved has nothing
to move on a new install; the council's first terms are made after migrate
(`ensure_first_terms`, actionplans/models/council.py), as after a flush."""

import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import actionplans.text
from actionplans.migration_operations import CreateTables

# As `makemigrations` wrote them for the models at 0069, into an empty
# migrations folder.
MODELS = [
    migrations.CreateModel(
        name="Action",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "exempt_paragraph",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[
                        (1, "Information relating to any individual"),
                        (2, "Information which is likely to reveal the identity of an individual"),
                        (
                            3,
                            "Information relating to the financial or business affairs of any particular person (including the authority holding that information)",
                        ),
                        (
                            4,
                            "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority",
                        ),
                        (
                            5,
                            "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings",
                        ),
                        (
                            6,
                            "Information which reveals that the authority proposes to give under any enactment a notice under or by virtue of which requirements are imposed on a person, or to make an order or direction under any enactment",
                        ),
                        (
                            7,
                            "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime",
                        ),
                    ],
                    help_text="The paragraph of Schedule 12A to the Local Government Act 1972 under which this is exempt information, kept out of the public pages and open data; blank if it is public.",
                    null=True,
                    verbose_name="exempt information",
                ),
            ),
            (
                "strand",
                models.CharField(
                    blank=True,
                    help_text="The heading of a parallel strand ('Frontline staff'); blank for the record of the recommendation or lettered sub-action itself.",
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("position", models.PositiveSmallIntegerField(default=0, help_text="Order among the strands.")),
            (
                "target_month",
                models.DateField(blank=True, help_text="The target month.", null=True, verbose_name="date"),
            ),
            (
                "target_text",
                models.CharField(
                    blank=True,
                    help_text="Only where the target is not a month: 'Reviewed throughout the year 2019'.",
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="date as worded",
                ),
            ),
            (
                "agreed_action",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars]
                ),
            ),
            (
                "success_measure",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="agreed success measure",
                ),
            ),
            (
                "council_reference",
                models.CharField(
                    blank=True,
                    help_text="As the council's tracker writes it, such as 3.2: shown beside the reference.",
                    max_length=50,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="the council's reference",
                ),
            ),
        ],
        options={
            "ordering": [
                "recommendation__number",
                models.OrderBy(models.F("sub_action__letter"), nulls_first=True),
                "position",
                "pk",
            ],
        },
    ),
    migrations.CreateModel(
        name="Activity",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "text",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="activity / output",
                ),
            ),
            (
                "leads",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="lead",
                ),
            ),
            (
                "target_text",
                models.CharField(
                    blank=True,
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="timeframe",
                ),
            ),
            ("target_month", models.DateField(blank=True, null=True)),
            (
                "repeats",
                models.CharField(
                    blank=True,
                    choices=[
                        ("", "Does not repeat"),
                        ("monthly", "Monthly"),
                        ("quarterly", "Quarterly"),
                        ("yearly", "Yearly"),
                        ("ongoing", "Ongoing"),
                    ],
                    max_length=10,
                ),
            ),
        ],
        options={
            "verbose_name_plural": "activities",
            "ordering": ["action", "position", "pk"],
        },
    ),
    migrations.CreateModel(
        name="Characteristic",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "letter",
                models.CharField(
                    max_length=3, validators=[actionplans.text.no_control_characters, actionplans.text.single_line]
                ),
            ),
            (
                "text",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars]
                ),
            ),
            (
                "function",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("position", models.PositiveSmallIntegerField(default=0)),
        ],
        options={
            "ordering": ["position", "letter"],
        },
    ),
    migrations.CreateModel(
        name="Framework",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "title",
                models.CharField(
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "short_title",
                models.CharField(
                    help_text="As pages and links name it, such as “North East hate incident standards”",
                    max_length=120,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("slug", models.SlugField(max_length=100, unique=True)),
            (
                "issued_by",
                models.CharField(
                    blank=True,
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
        ],
        options={
            "ordering": ["short_title"],
        },
    ),
    migrations.CreateModel(
        name="Indicator",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "code",
                models.CharField(
                    max_length=30,
                    unique=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "title",
                models.CharField(
                    blank=True,
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "reference",
                models.CharField(
                    blank=True,
                    help_text='The PSA or DSO it serves ("PSA 26", "HO DSO").',
                    max_length=60,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "retired",
                models.BooleanField(
                    default=False, help_text="Kept on the plans that use it; not offered for new ones."
                ),
            ),
        ],
        options={
            "ordering": ["code"],
        },
    ),
    migrations.CreateModel(
        name="Partnership",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    max_length=200,
                    unique=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("slug", models.SlugField(max_length=100, unique=True)),
        ],
        options={
            "ordering": ["name"],
        },
    ),
    migrations.CreateModel(
        name="Recommendation",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "exempt_paragraph",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[
                        (1, "Information relating to any individual"),
                        (2, "Information which is likely to reveal the identity of an individual"),
                        (
                            3,
                            "Information relating to the financial or business affairs of any particular person (including the authority holding that information)",
                        ),
                        (
                            4,
                            "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority",
                        ),
                        (
                            5,
                            "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings",
                        ),
                        (
                            6,
                            "Information which reveals that the authority proposes to give under any enactment a notice under or by virtue of which requirements are imposed on a person, or to make an order or direction under any enactment",
                        ),
                        (
                            7,
                            "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime",
                        ),
                    ],
                    help_text="The paragraph of Schedule 12A to the Local Government Act 1972 under which this is exempt information, kept out of the public pages and open data; blank if it is public.",
                    null=True,
                    verbose_name="exempt information",
                ),
            ),
            ("number", models.PositiveSmallIntegerField()),
            (
                "text",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars]
                ),
            ),
            (
                "council_reference",
                models.CharField(
                    blank=True,
                    help_text="As the council writes it, such as SR (25/26) 01 or Rec 3: shown beside the number.",
                    max_length=50,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="the council's reference",
                ),
            ),
        ],
        options={
            "ordering": ["review", "number"],
        },
    ),
    migrations.CreateModel(
        name="WorkerHeartbeat",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("worker_id", models.CharField(max_length=64, unique=True)),
            ("host", models.CharField(help_text="host name:process id", max_length=255)),
            ("started_at", models.DateTimeField()),
            ("seen_at", models.DateTimeField(db_index=True)),
        ],
        options={
            "ordering": ["-seen_at"],
        },
    ),
    migrations.CreateModel(
        name="ApiToken",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    help_text="What the token is for.",
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "role",
                models.CharField(
                    choices=[
                        ("Officer", "Officer"),
                        ("Link officer", "Link officer"),
                        ("Committee member", "Committee member"),
                        ("Partner lead", "Partner lead"),
                        ("Clerk", "Clerk"),
                        ("Administrator", "Administrator"),
                    ],
                    help_text="The one role of the login the token acts with: it sees what that role may see.",
                    max_length=50,
                ),
            ),
            ("key_digest", models.CharField(editable=False, max_length=64, unique=True)),
            ("key_start", models.CharField(editable=False, max_length=12, verbose_name="key starts")),
            ("created_at", models.DateTimeField(verbose_name="issued")),
            ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
            ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="last used")),
            (
                "created_by",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="issued by",
                ),
            ),
            (
                "revoked_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    help_text="The login the token acts for.",
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="api_tokens",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="acts for",
                ),
            ),
        ],
        options={
            "verbose_name": "API token",
            "ordering": ["-created_at", "-pk"],
        },
    ),
    migrations.CreateModel(
        name="CalendarFeed",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("key", models.CharField(editable=False, max_length=64, unique=True)),
            ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="made")),
            (
                "user",
                models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="calendar_feed",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "calendar link",
        },
    ),
    migrations.CreateModel(
        name="Committee",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    max_length=200,
                    unique=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("slug", models.SlugField(max_length=100, unique=True)),
            (
                "members",
                models.ManyToManyField(
                    blank=True,
                    help_text="Councillors who sit on the committee.",
                    related_name="committees",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "committee",
            "ordering": ["name"],
        },
    ),
    migrations.CreateModel(
        name="Council",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    help_text="As its papers print it, for example Anyshire County Council.", max_length=200
                ),
            ),
            (
                "committee_name",
                models.CharField(
                    default="Select Committee",
                    help_text="What the council calls a scrutiny committee: Select Committee, Scrutiny Panel, Overview and Scrutiny Committee.",
                    max_length=100,
                ),
            ),
            (
                "committees_name",
                models.CharField(default="Select Committees", help_text="The same, for more than one.", max_length=100),
            ),
            (
                "update_title",
                models.CharField(
                    blank=True,
                    help_text="The title the agenda appendix prints (in capitals on the document).",
                    max_length=200,
                    verbose_name="Progress Update's title",
                ),
            ),
            (
                "introduction",
                models.TextField(
                    blank=True,
                    help_text="The paragraph under the review's details.",
                    verbose_name="introduction paragraph",
                ),
            ),
            (
                "impact_sentence",
                models.TextField(
                    blank=True,
                    help_text="Added to the introduction once a round carries evidence of impact. Leave blank for none.",
                    verbose_name="sentence on the evidence of impact",
                ),
            ),
            (
                "grading_key_heading",
                models.CharField(
                    default="Assessment of Progress Gradings", help_text="Above the grading key.", max_length=200
                ),
            ),
            (
                "escalation_days",
                models.PositiveSmallIntegerField(
                    blank=True,
                    help_text="An update this many days overdue is escalated to its owner's manager. Blank: never.",
                    null=True,
                    verbose_name="days overdue before escalation",
                ),
            ),
            ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "changed_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
    ),
    migrations.CreateModel(
        name="Assessment",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("assessed_on", models.DateField()),
            (
                "agenda_header",
                models.CharField(
                    blank=True,
                    help_text="As the agenda pack prints it, such as “Item No: 12 Appendix A”",
                    max_length=120,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "status",
                models.CharField(
                    choices=[("draft", "Draft"), ("published", "Published")], default="draft", max_length=20
                ),
            ),
            ("published_at", models.DateTimeField(blank=True, null=True)),
            (
                "illustrative",
                models.JSONField(
                    blank=True,
                    default=list,
                    help_text="Which of the assessment's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
                ),
            ),
            (
                "started_from",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to="actionplans.assessment",
                ),
            ),
            (
                "framework",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="assessments",
                    to="actionplans.framework",
                ),
            ),
            (
                "partnership",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="assessments",
                    to="actionplans.partnership",
                ),
            ),
        ],
        options={
            "ordering": ["framework", "-assessed_on", "-pk"],
        },
    ),
    migrations.CreateModel(
        name="GradingScale",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "kind",
                models.CharField(
                    choices=[("progress", "Assessment of Progress"), ("partnership", "Partnership plans' RAG")],
                    max_length=20,
                ),
            ),
            ("version", models.PositiveIntegerField()),
            ("compares", models.JSONField(blank=True, default=dict, editable=False)),
            ("made_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "made_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "ordering": ["kind", "version"],
        },
    ),
    migrations.CreateModel(
        name="HistoricalActivity",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "text",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="activity / output",
                ),
            ),
            (
                "leads",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="lead",
                ),
            ),
            (
                "target_text",
                models.CharField(
                    blank=True,
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="timeframe",
                ),
            ),
            ("target_month", models.DateField(blank=True, null=True)),
            (
                "repeats",
                models.CharField(
                    blank=True,
                    choices=[
                        ("", "Does not repeat"),
                        ("monthly", "Monthly"),
                        ("quarterly", "Quarterly"),
                        ("yearly", "Yearly"),
                        ("ongoing", "Ongoing"),
                    ],
                    max_length=10,
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical activity",
            "verbose_name_plural": "historical activities",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalApiToken",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    help_text="What the token is for.",
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "role",
                models.CharField(
                    choices=[
                        ("Officer", "Officer"),
                        ("Link officer", "Link officer"),
                        ("Committee member", "Committee member"),
                        ("Partner lead", "Partner lead"),
                        ("Clerk", "Clerk"),
                        ("Administrator", "Administrator"),
                    ],
                    help_text="The one role of the login the token acts with: it sees what that role may see.",
                    max_length=50,
                ),
            ),
            ("key_start", models.CharField(editable=False, max_length=12, verbose_name="key starts")),
            ("created_at", models.DateTimeField(verbose_name="issued")),
            ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "created_by",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="issued by",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "revoked_by",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    help_text="The login the token acts for.",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="acts for",
                ),
            ),
        ],
        options={
            "verbose_name": "historical API token",
            "verbose_name_plural": "historical API tokens",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalCalendarFeed",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="made")),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical calendar link",
            "verbose_name_plural": "historical calendar links",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalCommittee",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    db_index=True,
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("slug", models.SlugField(max_length=100)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical committee",
            "verbose_name_plural": "historical committees",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalCommittee_members",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
            (
                "committee",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    db_tablespace="",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.committee",
                ),
            ),
            (
                "history",
                models.ForeignKey(
                    db_constraint=False,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    to="actionplans.historicalcommittee",
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    db_tablespace="",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "HistoricalCommittee_members",
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalCouncil",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    help_text="As its papers print it, for example Anyshire County Council.", max_length=200
                ),
            ),
            (
                "committee_name",
                models.CharField(
                    default="Select Committee",
                    help_text="What the council calls a scrutiny committee: Select Committee, Scrutiny Panel, Overview and Scrutiny Committee.",
                    max_length=100,
                ),
            ),
            (
                "committees_name",
                models.CharField(default="Select Committees", help_text="The same, for more than one.", max_length=100),
            ),
            (
                "update_title",
                models.CharField(
                    blank=True,
                    help_text="The title the agenda appendix prints (in capitals on the document).",
                    max_length=200,
                    verbose_name="Progress Update's title",
                ),
            ),
            (
                "introduction",
                models.TextField(
                    blank=True,
                    help_text="The paragraph under the review's details.",
                    verbose_name="introduction paragraph",
                ),
            ),
            (
                "impact_sentence",
                models.TextField(
                    blank=True,
                    help_text="Added to the introduction once a round carries evidence of impact. Leave blank for none.",
                    verbose_name="sentence on the evidence of impact",
                ),
            ),
            (
                "grading_key_heading",
                models.CharField(
                    default="Assessment of Progress Gradings", help_text="Above the grading key.", max_length=200
                ),
            ),
            (
                "escalation_days",
                models.PositiveSmallIntegerField(
                    blank=True,
                    help_text="An update this many days overdue is escalated to its owner's manager. Blank: never.",
                    null=True,
                    verbose_name="days overdue before escalation",
                ),
            ),
            ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "changed_by",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical council",
            "verbose_name_plural": "historical councils",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalFramework",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "title",
                models.CharField(
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "short_title",
                models.CharField(
                    help_text="As pages and links name it, such as “North East hate incident standards”",
                    max_length=120,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("slug", models.SlugField(max_length=100)),
            (
                "issued_by",
                models.CharField(
                    blank=True,
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical framework",
            "verbose_name_plural": "historical frameworks",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalGradingScale",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "kind",
                models.CharField(
                    choices=[("progress", "Assessment of Progress"), ("partnership", "Partnership plans' RAG")],
                    max_length=20,
                ),
            ),
            ("version", models.PositiveIntegerField()),
            ("compares", models.JSONField(blank=True, default=dict, editable=False)),
            ("made_at", models.DateTimeField(default=django.utils.timezone.now)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "made_by",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical grading scale",
            "verbose_name_plural": "historical grading scales",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalIndicator",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "code",
                models.CharField(
                    db_index=True,
                    max_length=30,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "title",
                models.CharField(
                    blank=True,
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "reference",
                models.CharField(
                    blank=True,
                    help_text='The PSA or DSO it serves ("PSA 26", "HO DSO").',
                    max_length=60,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "retired",
                models.BooleanField(
                    default=False, help_text="Kept on the plans that use it; not offered for new ones."
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical indicator",
            "verbose_name_plural": "historical indicators",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalLevel",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    max_length=100,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "defined_as",
                models.CharField(
                    blank=True,
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "text",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("position", models.PositiveSmallIntegerField(default=0)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "framework",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.framework",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical level",
            "verbose_name_plural": "historical levels",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalLocalResponse",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "response",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="Local response",
                ),
            ),
            (
                "rating",
                models.CharField(
                    choices=[
                        ("met", "Met"),
                        ("partly_met", "Partly met"),
                        ("not_met", "Not met"),
                        ("not_assessed", "Not assessed"),
                    ],
                    default="not_assessed",
                    max_length=20,
                ),
            ),
            (
                "evidence",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            (
                "gap",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("version", models.PositiveIntegerField(default=1)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "assessment",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.assessment",
                ),
            ),
            (
                "characteristic",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.characteristic",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical local response",
            "verbose_name_plural": "historical local responses",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalNotificationPreference",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "kind",
                models.CharField(
                    choices=[
                        ("update_submitted", "An update is submitted for you to check (link officers)"),
                        ("update_returned", "Your update is returned to you, with the link officer's comment"),
                        ("update_approved", "Your update is approved"),
                        ("update_commented", "Someone comments on an update you work on"),
                        ("update_left_out", "A round is published without your update, not yet approved"),
                        ("round_published", "A progress update is published to a committee you sit on"),
                        ("response_due", "An executive response falls due (clerks)"),
                        ("followed", "A review or action you follow changes"),
                    ],
                    max_length=30,
                ),
            ),
            (
                "frequency",
                models.CharField(
                    choices=[("each_time", "Each time"), ("daily", "In a daily digest"), ("never", "Never")],
                    default="each_time",
                    max_length=20,
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical notification preference",
            "verbose_name_plural": "historical notification preferences",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalOrganisation",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "short_name",
                models.CharField(
                    help_text="As the plan prints it.",
                    max_length=100,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("position", models.PositiveSmallIntegerField(default=0)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "partnership",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.partnership",
                ),
            ),
        ],
        options={
            "verbose_name": "historical organisation",
            "verbose_name_plural": "historical organisations",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalPartnership",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    db_index=True,
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("slug", models.SlugField(max_length=100)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical partnership",
            "verbose_name_plural": "historical partnerships",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalPartnershipAction",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "number",
                models.CharField(
                    blank=True,
                    max_length=20,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "text",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="action",
                ),
            ),
            (
                "leads",
                models.TextField(
                    blank=True,
                    help_text="As the plan prints them.",
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="lead organisation / partner(s)",
                ),
            ),
            (
                "target_text",
                models.CharField(
                    blank=True,
                    help_text='As the plan words it ("Quarterly updates Starting in September 2018").',
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="target date",
                ),
            ),
            (
                "target_month",
                models.DateField(blank=True, help_text="The month it is due by, when there is one.", null=True),
            ),
            (
                "repeats",
                models.CharField(
                    blank=True,
                    choices=[
                        ("", "Does not repeat"),
                        ("monthly", "Monthly"),
                        ("quarterly", "Quarterly"),
                        ("yearly", "Yearly"),
                        ("ongoing", "Ongoing"),
                    ],
                    help_text="How the target recurs after its due month.",
                    max_length=10,
                ),
            ),
            (
                "outcome",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical partnership action",
            "verbose_name_plural": "historical partnership actions",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalReview",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "title",
                models.CharField(
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("slug", models.SlugField(max_length=100)),
            (
                "action_plan_agreed",
                models.DateField(blank=True, help_text="The month the committee agreed the action plan.", null=True),
            ),
            (
                "status",
                models.CharField(
                    choices=[
                        ("setting_up", "Being set up"),
                        ("monitoring", "Being monitored"),
                        ("completed", "Monitoring completed"),
                    ],
                    default="monitoring",
                    max_length=20,
                ),
            ),
            (
                "report_agreed",
                models.DateField(
                    blank=True,
                    help_text="The day the committee agreed its final report.",
                    null=True,
                    verbose_name="report agreed",
                ),
            ),
            (
                "report_to_executive",
                models.DateField(
                    blank=True,
                    help_text="The day the executive received the report: its response is due from this day.",
                    null=True,
                    verbose_name="report to the executive",
                ),
            ),
            (
                "decision_maker",
                models.CharField(
                    default="Cabinet",
                    help_text="Who responds for the executive: Cabinet, or the Cabinet Member named.",
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "responses_published_at",
                models.DateTimeField(
                    blank=True,
                    editable=False,
                    help_text="When a clerk published the executive's responses.",
                    null=True,
                ),
            ),
            (
                "illustrative",
                models.JSONField(
                    blank=True,
                    default=list,
                    help_text="Which of the review's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "committee",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.committee",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical review",
            "verbose_name_plural": "historical reviews",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalStandard",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("number", models.PositiveSmallIntegerField()),
            (
                "title",
                models.CharField(
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "definition",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("position", models.PositiveSmallIntegerField(default=0)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "framework",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.framework",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical standard",
            "verbose_name_plural": "historical standards",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalStatusMeaning",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "key",
                models.CharField(
                    db_index=True, help_text="The word as compared: case and punctuation aside.", max_length=200
                ),
            ),
            (
                "word",
                models.CharField(
                    help_text="The word as a file first wrote it.",
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "grade",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[(1, "Achieved"), (2, "On track"), (3, "At risk or slipped"), (4, "Not achieved")],
                    help_text="Blank: no grade, the update's progress only.",
                    null=True,
                ),
            ),
            ("confirmed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "confirmed_by",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical status meaning",
            "verbose_name_plural": "historical status meanings",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalUser",
        fields=[
            ("id", models.IntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "is_superuser",
                models.BooleanField(
                    default=False,
                    help_text="Designates that this user has all permissions without explicitly assigning them.",
                    verbose_name="superuser status",
                ),
            ),
            (
                "username",
                models.CharField(
                    db_index=True,
                    error_messages={"unique": "A user with that username already exists."},
                    help_text="Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
                    max_length=150,
                    validators=[django.contrib.auth.validators.UnicodeUsernameValidator()],
                    verbose_name="username",
                ),
            ),
            ("first_name", models.CharField(blank=True, max_length=150, verbose_name="first name")),
            ("last_name", models.CharField(blank=True, max_length=150, verbose_name="last name")),
            ("email", models.EmailField(blank=True, max_length=254, verbose_name="email address")),
            (
                "is_staff",
                models.BooleanField(
                    default=False,
                    help_text="Designates whether the user can log into this admin site.",
                    verbose_name="staff status",
                ),
            ),
            (
                "is_active",
                models.BooleanField(
                    default=True,
                    help_text="Designates whether this user should be treated as active. Unselect this instead of deleting accounts.",
                    verbose_name="active",
                ),
            ),
            ("date_joined", models.DateTimeField(default=django.utils.timezone.now, verbose_name="date joined")),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "historical user",
            "verbose_name_plural": "historical users",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalUser_groups",
        fields=[
            ("id", models.IntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
            (
                "group",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    db_tablespace="",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="auth.group",
                ),
            ),
            (
                "history",
                models.ForeignKey(
                    db_constraint=False,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    to="actionplans.historicaluser",
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    db_tablespace="",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "HistoricalUser_groups",
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="GlossaryEntry",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "indicator",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="+", to="actionplans.indicator"
                ),
            ),
        ],
        options={
            "verbose_name_plural": "glossary entries",
            "ordering": ["position", "pk"],
        },
    ),
    migrations.CreateModel(
        name="ActionIndicator",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "indicator",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="+", to="actionplans.indicator"
                ),
            ),
        ],
        options={
            "ordering": ["position", "pk"],
        },
    ),
    migrations.CreateModel(
        name="Level",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    max_length=100,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "defined_as",
                models.CharField(
                    blank=True,
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "text",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "framework",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="levels", to="actionplans.framework"
                ),
            ),
        ],
        options={
            "ordering": ["position", "pk"],
        },
    ),
    migrations.CreateModel(
        name="LocalResponse",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "response",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="Local response",
                ),
            ),
            (
                "rating",
                models.CharField(
                    choices=[
                        ("met", "Met"),
                        ("partly_met", "Partly met"),
                        ("not_met", "Not met"),
                        ("not_assessed", "Not assessed"),
                    ],
                    default="not_assessed",
                    max_length=20,
                ),
            ),
            (
                "evidence",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            (
                "gap",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("version", models.PositiveIntegerField(default=1)),
            (
                "assessment",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="responses",
                    to="actionplans.assessment",
                ),
            ),
            (
                "characteristic",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="responses",
                    to="actionplans.characteristic",
                ),
            ),
        ],
        options={
            "ordering": ["characteristic__standard__position", "characteristic__position", "pk"],
        },
    ),
    migrations.CreateModel(
        name="Notification",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "kind",
                models.CharField(
                    choices=[
                        ("update_submitted", "An update is submitted for you to check (link officers)"),
                        ("update_returned", "Your update is returned to you, with the link officer's comment"),
                        ("update_approved", "Your update is approved"),
                        ("update_commented", "Someone comments on an update you work on"),
                        ("update_left_out", "A round is published without your update, not yet approved"),
                        ("round_published", "A progress update is published to a committee you sit on"),
                        ("response_due", "An executive response falls due (clerks)"),
                        ("followed", "A review or action you follow changes"),
                        ("digest", "Your daily digest"),
                        ("update_due", "Your progress update is due or overdue (a reminder)"),
                        ("response_reminder", "An executive response is due within a week or overdue (a reminder)"),
                        (
                            "update_escalated",
                            "An update of someone you manage is overdue past escalation (a reminder)",
                        ),
                        ("set_password", "A link to choose your password (a new login, or a forgotten password)"),
                        ("email_changed", "Your login's e-mail address was changed (to the old address)"),
                    ],
                    max_length=30,
                ),
            ),
            (
                "event_key",
                models.CharField(help_text="What happened, the same for everyone told of it.", max_length=200),
            ),
            ("subject", models.CharField(max_length=255)),
            ("body", models.TextField()),
            ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ("sent_at", models.DateTimeField(blank=True, null=True)),
            ("attempts", models.PositiveSmallIntegerField(default=0)),
            ("not_before", models.DateTimeField(blank=True, editable=False, null=True)),
            ("last_error", models.TextField(blank=True)),
            ("address", models.EmailField(blank=True, editable=False, max_length=254)),
            ("digest", models.BooleanField(default=False)),
            (
                "included_in",
                models.ForeignKey(
                    blank=True,
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="items",
                    to="actionplans.notification",
                ),
            ),
            (
                "recipient",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="notifications",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "sent_by",
                models.ForeignKey(
                    blank=True,
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="notifications_caused",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "ordering": ["-created_at", "-pk"],
        },
    ),
    migrations.CreateModel(
        name="SentReminder",
        fields=[],
        options={
            "verbose_name": "reminder sent",
            "verbose_name_plural": "reminders sent",
            "proxy": True,
            "indexes": [],
            "constraints": [],
        },
        bases=("actionplans.notification",),
    ),
    migrations.CreateModel(
        name="NotificationPreference",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "kind",
                models.CharField(
                    choices=[
                        ("update_submitted", "An update is submitted for you to check (link officers)"),
                        ("update_returned", "Your update is returned to you, with the link officer's comment"),
                        ("update_approved", "Your update is approved"),
                        ("update_commented", "Someone comments on an update you work on"),
                        ("update_left_out", "A round is published without your update, not yet approved"),
                        ("round_published", "A progress update is published to a committee you sit on"),
                        ("response_due", "An executive response falls due (clerks)"),
                        ("followed", "A review or action you follow changes"),
                    ],
                    max_length=30,
                ),
            ),
            (
                "frequency",
                models.CharField(
                    choices=[("each_time", "Each time"), ("daily", "In a daily digest"), ("never", "Never")],
                    default="each_time",
                    max_length=20,
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="notification_choices",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
    ),
    migrations.CreateModel(
        name="Organisation",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "short_name",
                models.CharField(
                    help_text="As the plan prints it.",
                    max_length=100,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "members",
                models.ManyToManyField(
                    blank=True,
                    help_text="The logins of the organisation's leads, who write its actions' updates.",
                    related_name="partner_organisations",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "partnership",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="organisations",
                    to="actionplans.partnership",
                ),
            ),
        ],
        options={
            "ordering": ["partnership", "position", "pk"],
        },
    ),
    migrations.CreateModel(
        name="HistoricalOrganisation_members",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
            (
                "history",
                models.ForeignKey(
                    db_constraint=False,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    to="actionplans.historicalorganisation",
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    db_tablespace="",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "organisation",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    db_tablespace="",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.organisation",
                ),
            ),
        ],
        options={
            "verbose_name": "HistoricalOrganisation_members",
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalActivity_lead_organisations",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
            (
                "activity",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    db_tablespace="",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.activity",
                ),
            ),
            (
                "history",
                models.ForeignKey(
                    db_constraint=False,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    to="actionplans.historicalactivity",
                ),
            ),
            (
                "organisation",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    db_tablespace="",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.organisation",
                ),
            ),
        ],
        options={
            "verbose_name": "HistoricalActivity_lead_organisations",
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.AddField(
        model_name="activity",
        name="lead_organisations",
        field=models.ManyToManyField(blank=True, related_name="activities", to="actionplans.organisation"),
    ),
    migrations.CreateModel(
        name="Owner",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    max_length=200,
                    unique=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "kind",
                models.CharField(
                    choices=[("person", "Person"), ("role", "Role or group")], default="person", max_length=10
                ),
            ),
            (
                "manager",
                models.ForeignKey(
                    blank=True,
                    help_text="Told by e-mail when this person's update is overdue past the council's point of escalation.",
                    limit_choices_to={"kind": "person"},
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="reports",
                    to="actionplans.owner",
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    blank=True,
                    help_text="The login of this person, or of whoever holds this role.",
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="owner_records",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "responsible person or group",
            "verbose_name_plural": "responsible people and groups",
            "ordering": ["name"],
        },
    ),
    migrations.CreateModel(
        name="HistoricalResponsibility",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "joined_by",
                models.CharField(
                    blank=True,
                    default="",
                    help_text="As typed between this name and the one before: “ / ”, “ & ”, or a new line.",
                    max_length=10,
                    verbose_name="printed before the name",
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.action",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "owner",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.owner",
                ),
            ),
        ],
        options={
            "verbose_name": "historical responsibility",
            "verbose_name_plural": "historical responsibilities",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalOwner",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "name",
                models.CharField(
                    db_index=True,
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "kind",
                models.CharField(
                    choices=[("person", "Person"), ("role", "Role or group")], default="person", max_length=10
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    help_text="The login of this person, or of whoever holds this role.",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "manager",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    help_text="Told by e-mail when this person's update is overdue past the council's point of escalation.",
                    limit_choices_to={"kind": "person"},
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.owner",
                ),
            ),
        ],
        options={
            "verbose_name": "historical responsible person or group",
            "verbose_name_plural": "historical responsible people and groups",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="EntryResponsibility",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "joined_by",
                models.CharField(
                    blank=True,
                    default="",
                    help_text="As typed between this name and the one before: “ / ”, “ & ”, or a new line.",
                    max_length=10,
                    verbose_name="printed before the name",
                ),
            ),
            (
                "owner",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="entry_responsibilities",
                    to="actionplans.owner",
                ),
            ),
        ],
        options={
            "verbose_name": "responsibility in a round",
            "verbose_name_plural": "responsibilities in a round",
            "ordering": ["position", "pk"],
        },
    ),
    migrations.CreateModel(
        name="HistoricalPartnershipPlan",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "title",
                models.CharField(
                    help_text="As the plan is headed.",
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "short_title",
                models.CharField(
                    max_length=120,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("slug", models.SlugField(max_length=100)),
            ("starts", models.DateField(help_text="The plan's first month.")),
            ("ends", models.DateField(help_text="The plan's last month.")),
            (
                "agenda_header",
                models.CharField(
                    blank=True,
                    help_text='What its reports usually carry ("Agenda Item 8: Appendix 1").',
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "coordinator",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    help_text="Checks and approves the leads' quarterly updates, with the clerks.",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "partnership",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.partnership",
                ),
            ),
        ],
        options={
            "verbose_name": "historical partnership action plan",
            "verbose_name_plural": "historical partnership action plans",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalAssessment",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("assessed_on", models.DateField()),
            (
                "agenda_header",
                models.CharField(
                    blank=True,
                    help_text="As the agenda pack prints it, such as “Item No: 12 Appendix A”",
                    max_length=120,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "status",
                models.CharField(
                    choices=[("draft", "Draft"), ("published", "Published")], default="draft", max_length=20
                ),
            ),
            ("published_at", models.DateTimeField(blank=True, null=True)),
            (
                "illustrative",
                models.JSONField(
                    blank=True,
                    default=list,
                    help_text="Which of the assessment's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "framework",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.framework",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "started_from",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.assessment",
                ),
            ),
            (
                "partnership",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.partnership",
                ),
            ),
        ],
        options={
            "verbose_name": "historical assessment",
            "verbose_name_plural": "historical assessments",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="PartnershipAction",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "number",
                models.CharField(
                    blank=True,
                    max_length=20,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "text",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="action",
                ),
            ),
            (
                "leads",
                models.TextField(
                    blank=True,
                    help_text="As the plan prints them.",
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="lead organisation / partner(s)",
                ),
            ),
            (
                "target_text",
                models.CharField(
                    blank=True,
                    help_text='As the plan words it ("Quarterly updates Starting in September 2018").',
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="target date",
                ),
            ),
            (
                "target_month",
                models.DateField(blank=True, help_text="The month it is due by, when there is one.", null=True),
            ),
            (
                "repeats",
                models.CharField(
                    blank=True,
                    choices=[
                        ("", "Does not repeat"),
                        ("monthly", "Monthly"),
                        ("quarterly", "Quarterly"),
                        ("yearly", "Yearly"),
                        ("ongoing", "Ongoing"),
                    ],
                    help_text="How the target recurs after its due month.",
                    max_length=10,
                ),
            ),
            (
                "outcome",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            (
                "indicators",
                models.ManyToManyField(
                    blank=True,
                    related_name="actions",
                    through="actionplans.ActionIndicator",
                    to="actionplans.indicator",
                ),
            ),
            (
                "lead_organisations",
                models.ManyToManyField(blank=True, related_name="actions", to="actionplans.organisation"),
            ),
        ],
        options={
            "verbose_name": "partnership action",
            "ordering": ["theme", "position", "pk"],
        },
    ),
    migrations.CreateModel(
        name="HistoricalPartnershipAction_lead_organisations",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
            (
                "history",
                models.ForeignKey(
                    db_constraint=False,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    to="actionplans.historicalpartnershipaction",
                ),
            ),
            (
                "organisation",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    db_tablespace="",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.organisation",
                ),
            ),
            (
                "partnershipaction",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    db_tablespace="",
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.partnershipaction",
                ),
            ),
        ],
        options={
            "verbose_name": "HistoricalPartnershipAction_lead_organisations",
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalGapLink",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.action",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "local_response",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.localresponse",
                ),
            ),
            (
                "partnership_action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.partnershipaction",
                ),
            ),
        ],
        options={
            "verbose_name": "historical gap link",
            "verbose_name_plural": "historical gap links",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.AddField(
        model_name="historicalactivity",
        name="action",
        field=models.ForeignKey(
            blank=True,
            db_constraint=False,
            null=True,
            on_delete=django.db.models.deletion.DO_NOTHING,
            related_name="+",
            to="actionplans.partnershipaction",
        ),
    ),
    migrations.CreateModel(
        name="HistoricalActionIndicator",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "indicator",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.indicator",
                ),
            ),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.partnershipaction",
                ),
            ),
        ],
        options={
            "verbose_name": "historical action indicator",
            "verbose_name_plural": "historical action indicators",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="GapLink",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="gap_links",
                    to="actionplans.action",
                ),
            ),
            (
                "local_response",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="links",
                    to="actionplans.localresponse",
                ),
            ),
            (
                "partnership_action",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="gap_links",
                    to="actionplans.partnershipaction",
                ),
            ),
        ],
        options={
            "ordering": ["position", "pk"],
        },
    ),
    migrations.AddField(
        model_name="activity",
        name="action",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE,
            related_name="activities",
            to="actionplans.partnershipaction",
        ),
    ),
    migrations.AddField(
        model_name="actionindicator",
        name="action",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE,
            related_name="indicator_links",
            to="actionplans.partnershipaction",
        ),
    ),
    migrations.CreateModel(
        name="PartnershipPlan",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "title",
                models.CharField(
                    help_text="As the plan is headed.",
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "short_title",
                models.CharField(
                    max_length=120,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("slug", models.SlugField(max_length=100, unique=True)),
            ("starts", models.DateField(help_text="The plan's first month.")),
            ("ends", models.DateField(help_text="The plan's last month.")),
            (
                "agenda_header",
                models.CharField(
                    blank=True,
                    help_text='What its reports usually carry ("Agenda Item 8: Appendix 1").',
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "coordinator",
                models.ForeignKey(
                    blank=True,
                    help_text="Checks and approves the leads' quarterly updates, with the clerks.",
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="coordinated_plans",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "glossary",
                models.ManyToManyField(
                    blank=True, related_name="+", through="actionplans.GlossaryEntry", to="actionplans.indicator"
                ),
            ),
            (
                "partnership",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="plans", to="actionplans.partnership"
                ),
            ),
        ],
        options={
            "verbose_name": "partnership action plan",
            "ordering": ["-starts", "title"],
        },
    ),
    migrations.CreateModel(
        name="HistoricalTheme",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "kind",
                models.CharField(
                    choices=[("theme", "Theme"), ("objective", "Strategic objective")],
                    default="theme",
                    max_length=10,
                ),
            ),
            (
                "label",
                models.CharField(
                    blank=True,
                    max_length=20,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "title",
                models.CharField(
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "plan",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.partnershipplan",
                ),
            ),
        ],
        options={
            "verbose_name": "historical theme",
            "verbose_name_plural": "historical themes",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalQuarter",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("period", models.DateField(help_text="The quarter's first month.")),
            (
                "named",
                models.CharField(
                    blank=True,
                    help_text="The quarter as the plan's file named it (“Q1 2018/19”); blank: “Q1 2018”.",
                    max_length=40,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("deadline", models.DateField(help_text="The date the leads' updates are due.")),
            (
                "status",
                models.CharField(
                    choices=[("open", "Open for updates"), ("published", "Published")],
                    default="open",
                    max_length=20,
                ),
            ),
            ("published_at", models.DateTimeField(blank=True, null=True)),
            (
                "illustrative",
                models.JSONField(
                    blank=True,
                    default=list,
                    help_text="Which of the quarter's period and deadline are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "plan",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.partnershipplan",
                ),
            ),
        ],
        options={
            "verbose_name": "historical quarter",
            "verbose_name_plural": "historical quarters",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalGlossaryEntry",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "indicator",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.indicator",
                ),
            ),
            (
                "plan",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.partnershipplan",
                ),
            ),
        ],
        options={
            "verbose_name": "historical glossary entry",
            "verbose_name_plural": "historical glossary entries",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.AddField(
        model_name="glossaryentry",
        name="plan",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE,
            related_name="glossary_entries",
            to="actionplans.partnershipplan",
        ),
    ),
    migrations.CreateModel(
        name="PersonalDataEvent",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "kind",
                models.CharField(
                    choices=[
                        ("exported", "Subject access export"),
                        ("erased", "Erased as a leaver"),
                        ("pruned", "Logs past their retention period deleted"),
                    ],
                    max_length=20,
                ),
            ),
            ("at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "details",
                models.JSONField(blank=True, default=dict, help_text="What was exported, removed or deleted: counts."),
            ),
            (
                "by",
                models.ForeignKey(
                    blank=True,
                    help_text="Nobody for the retention command, run by cron.",
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "owner",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to="actionplans.owner",
                ),
            ),
            (
                "subject",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "personal data event",
            "ordering": ["-at", "-pk"],
        },
    ),
    migrations.CreateModel(
        name="ProgressEntry",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "status",
                models.CharField(
                    choices=[
                        ("not_started", "Not started"),
                        ("draft", "Draft"),
                        ("submitted", "Submitted"),
                        ("returned", "Returned"),
                        ("approved", "Approved"),
                    ],
                    default="not_started",
                    max_length=20,
                ),
            ),
            (
                "return_comment",
                models.TextField(
                    blank=True,
                    help_text="Why the link officer returned the update: the officer sees it.",
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("version", models.PositiveIntegerField(default=0)),
            (
                "exempt_paragraph",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[
                        (1, "Information relating to any individual"),
                        (2, "Information which is likely to reveal the identity of an individual"),
                        (
                            3,
                            "Information relating to the financial or business affairs of any particular person (including the authority holding that information)",
                        ),
                        (
                            4,
                            "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority",
                        ),
                        (
                            5,
                            "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings",
                        ),
                        (
                            6,
                            "Information which reveals that the authority proposes to give under any enactment a notice under or by virtue of which requirements are imposed on a person, or to make an order or direction under any enactment",
                        ),
                        (
                            7,
                            "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime",
                        ),
                    ],
                    help_text="The paragraph of Schedule 12A to the Local Government Act 1972 under which this is exempt information, kept out of the public pages and open data; blank if it is public.",
                    null=True,
                    verbose_name="exempt information",
                ),
            ),
            (
                "evidence_of_progress",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            (
                "grade",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[(1, "Achieved"), (2, "On track"), (3, "At risk or slipped"), (4, "Not achieved")],
                    null=True,
                    verbose_name="assessment of progress",
                ),
            ),
            (
                "grade_explanation",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="explanation",
                ),
            ),
            (
                "evidence_of_impact",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            (
                "action",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="entries", to="actionplans.action"
                ),
            ),
            (
                "owners",
                models.ManyToManyField(
                    blank=True,
                    related_name="entries",
                    through="actionplans.EntryResponsibility",
                    to="actionplans.owner",
                    verbose_name="responsibility in this round",
                ),
            ),
        ],
        options={
            "verbose_name": "progress entry",
            "verbose_name_plural": "progress entries",
            "ordering": ["round__period"],
            "permissions": [("approve_progressentry", "Can check and approve progress updates")],
        },
    ),
    migrations.AddField(
        model_name="notification",
        name="reply_entry",
        field=models.ForeignKey(
            blank=True,
            editable=False,
            null=True,
            on_delete=django.db.models.deletion.SET_NULL,
            related_name="+",
            to="actionplans.progressentry",
        ),
    ),
    migrations.CreateModel(
        name="HistoricalUpdateComment",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "text",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars]
                ),
            ),
            ("is_return", models.BooleanField(default=False)),
            ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "author",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.progressentry",
                ),
            ),
        ],
        options={
            "verbose_name": "historical comment on an update",
            "verbose_name_plural": "historical comment on an updates",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalTargetRevision",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("target_before", models.DateField(blank=True, null=True, verbose_name="target before")),
            (
                "target_before_text",
                models.CharField(
                    blank=True,
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="target before, as worded",
                ),
            ),
            ("target_month", models.DateField(verbose_name="new target month")),
            (
                "reason",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars]
                ),
            ),
            ("proposed_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "status",
                models.CharField(
                    choices=[("proposed", "Proposed"), ("accepted", "Accepted"), ("refused", "Refused")],
                    default="proposed",
                    max_length=20,
                ),
            ),
            ("decided_at", models.DateTimeField(blank=True, null=True)),
            (
                "refusal_comment",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("applies_from", models.DateField()),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.action",
                ),
            ),
            (
                "decided_by",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "proposed_by",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.progressentry",
                ),
            ),
        ],
        options={
            "verbose_name": "historical target revision",
            "verbose_name_plural": "historical target revisions",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalEvidenceFile",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "exempt_paragraph",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[
                        (1, "Information relating to any individual"),
                        (2, "Information which is likely to reveal the identity of an individual"),
                        (
                            3,
                            "Information relating to the financial or business affairs of any particular person (including the authority holding that information)",
                        ),
                        (
                            4,
                            "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority",
                        ),
                        (
                            5,
                            "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings",
                        ),
                        (
                            6,
                            "Information which reveals that the authority proposes to give under any enactment a notice under or by virtue of which requirements are imposed on a person, or to make an order or direction under any enactment",
                        ),
                        (
                            7,
                            "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime",
                        ),
                    ],
                    help_text="The paragraph of Schedule 12A to the Local Government Act 1972 under which this is exempt information, kept out of the public pages and open data; blank if it is public.",
                    null=True,
                    verbose_name="exempt information",
                ),
            ),
            ("title", models.CharField(max_length=200)),
            ("file_name", models.CharField(help_text="The file's name as it was attached.", max_length=255)),
            (
                "kind",
                models.CharField(
                    choices=[
                        ("pdf", "PDF"),
                        ("docx", "Word document"),
                        ("xlsx", "Excel workbook"),
                        ("pptx", "PowerPoint presentation"),
                        ("csv", "CSV file"),
                        ("txt", "Text file"),
                        ("png", "Picture (PNG)"),
                        ("jpeg", "Picture (JPEG)"),
                    ],
                    max_length=10,
                ),
            ),
            ("storage_name", models.CharField(blank=True, max_length=300)),
            ("size", models.PositiveBigIntegerField()),
            ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
            (
                "status",
                models.CharField(
                    choices=[
                        ("checking", "Being checked for viruses"),
                        ("clean", "Checked"),
                        ("refused", "Refused: a virus was found"),
                    ],
                    default="checking",
                    max_length=10,
                ),
            ),
            (
                "found",
                models.CharField(blank=True, help_text="The malware clamd found, if it found any.", max_length=200),
            ),
            ("checked_at", models.DateTimeField(blank=True, null=True)),
            ("added_at", models.DateTimeField(default=django.utils.timezone.now)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "added_by",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.progressentry",
                ),
            ),
        ],
        options={
            "verbose_name": "historical evidence file",
            "verbose_name_plural": "historical evidence files",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalEscalation",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("escalated_at", models.DateTimeField(default=django.utils.timezone.now)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "escalated_by",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "manager",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.owner",
                ),
            ),
            (
                "owner",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.owner",
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.progressentry",
                ),
            ),
        ],
        options={
            "verbose_name": "historical escalation",
            "verbose_name_plural": "historical escalations",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalEntryResponsibility",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "joined_by",
                models.CharField(
                    blank=True,
                    default="",
                    help_text="As typed between this name and the one before: “ / ”, “ & ”, or a new line.",
                    max_length=10,
                    verbose_name="printed before the name",
                ),
            ),
            ("history_change_reason", models.TextField(null=True)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "owner",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.owner",
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.progressentry",
                ),
            ),
        ],
        options={
            "verbose_name": "historical responsibility in a round",
            "verbose_name_plural": "historical responsibilities in a round",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="EvidenceFile",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "exempt_paragraph",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[
                        (1, "Information relating to any individual"),
                        (2, "Information which is likely to reveal the identity of an individual"),
                        (
                            3,
                            "Information relating to the financial or business affairs of any particular person (including the authority holding that information)",
                        ),
                        (
                            4,
                            "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority",
                        ),
                        (
                            5,
                            "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings",
                        ),
                        (
                            6,
                            "Information which reveals that the authority proposes to give under any enactment a notice under or by virtue of which requirements are imposed on a person, or to make an order or direction under any enactment",
                        ),
                        (
                            7,
                            "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime",
                        ),
                    ],
                    help_text="The paragraph of Schedule 12A to the Local Government Act 1972 under which this is exempt information, kept out of the public pages and open data; blank if it is public.",
                    null=True,
                    verbose_name="exempt information",
                ),
            ),
            ("title", models.CharField(max_length=200)),
            ("file_name", models.CharField(help_text="The file's name as it was attached.", max_length=255)),
            (
                "kind",
                models.CharField(
                    choices=[
                        ("pdf", "PDF"),
                        ("docx", "Word document"),
                        ("xlsx", "Excel workbook"),
                        ("pptx", "PowerPoint presentation"),
                        ("csv", "CSV file"),
                        ("txt", "Text file"),
                        ("png", "Picture (PNG)"),
                        ("jpeg", "Picture (JPEG)"),
                    ],
                    max_length=10,
                ),
            ),
            ("storage_name", models.CharField(blank=True, max_length=300)),
            ("size", models.PositiveBigIntegerField()),
            ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
            (
                "status",
                models.CharField(
                    choices=[
                        ("checking", "Being checked for viruses"),
                        ("clean", "Checked"),
                        ("refused", "Refused: a virus was found"),
                    ],
                    default="checking",
                    max_length=10,
                ),
            ),
            (
                "found",
                models.CharField(blank=True, help_text="The malware clamd found, if it found any.", max_length=200),
            ),
            ("checked_at", models.DateTimeField(blank=True, null=True)),
            ("added_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "added_by",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="files",
                    to="actionplans.progressentry",
                ),
            ),
        ],
        options={
            "verbose_name": "evidence file",
            "ordering": ["entry", "added_at", "pk"],
        },
    ),
    migrations.CreateModel(
        name="Escalation",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("escalated_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "escalated_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "manager",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to="actionplans.owner",
                ),
            ),
            (
                "owner",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="+", to="actionplans.owner"
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="escalations",
                    to="actionplans.progressentry",
                ),
            ),
        ],
        options={
            "ordering": ["escalated_at", "pk"],
        },
    ),
    migrations.AddField(
        model_name="entryresponsibility",
        name="entry",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE,
            related_name="responsibilities",
            to="actionplans.progressentry",
        ),
    ),
    migrations.CreateModel(
        name="EmailedReply",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("key", models.CharField(editable=False, max_length=64, unique=True)),
            ("message_id", models.TextField(blank=True, verbose_name="Message-ID")),
            ("from_address", models.CharField(blank=True, max_length=254, verbose_name="from")),
            ("received_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "outcome",
                models.CharField(
                    choices=[
                        ("receiving", "Being read"),
                        ("saved", "Saved as the draft update"),
                        ("submitted", "Submitted to the link officer"),
                        ("commented", "Added to the update's conversation"),
                        ("refused", "Refused: nothing saved"),
                        ("ignored", "An automatic reply: ignored"),
                    ],
                    default="receiving",
                    max_length=20,
                ),
            ),
            ("said", models.TextField(blank=True)),
            ("message", models.BinaryField()),
            ("answer_to", models.CharField(blank=True, max_length=254)),
            ("answer_subject", models.CharField(blank=True, max_length=255)),
            ("answer_body", models.TextField(blank=True)),
            ("answer_in_reply_to", models.TextField(blank=True)),
            ("answer_sent_at", models.DateTimeField(blank=True, null=True)),
            ("answer_attempts", models.PositiveSmallIntegerField(default=0)),
            ("answer_error", models.TextField(blank=True)),
            (
                "officer",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="emailed_replies",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="emailed_replies",
                    to="actionplans.progressentry",
                ),
            ),
        ],
        options={
            "verbose_name": "update by e-mail",
            "verbose_name_plural": "updates by e-mail",
            "ordering": ["-received_at", "-pk"],
        },
    ),
    migrations.CreateModel(
        name="Quarter",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("period", models.DateField(help_text="The quarter's first month.")),
            (
                "named",
                models.CharField(
                    blank=True,
                    help_text="The quarter as the plan's file named it (“Q1 2018/19”); blank: “Q1 2018”.",
                    max_length=40,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("deadline", models.DateField(help_text="The date the leads' updates are due.")),
            (
                "status",
                models.CharField(
                    choices=[("open", "Open for updates"), ("published", "Published")],
                    default="open",
                    max_length=20,
                ),
            ),
            ("published_at", models.DateTimeField(blank=True, null=True)),
            (
                "illustrative",
                models.JSONField(
                    blank=True,
                    default=list,
                    help_text="Which of the quarter's period and deadline are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
                ),
            ),
            (
                "plan",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="quarters",
                    to="actionplans.partnershipplan",
                ),
            ),
        ],
        options={
            "ordering": ["plan", "period"],
        },
    ),
    migrations.CreateModel(
        name="HistoricalSubAction",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "letter",
                models.CharField(
                    help_text="a, b, c …",
                    max_length=3,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "text",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "recommendation",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.recommendation",
                ),
            ),
        ],
        options={
            "verbose_name": "historical lettered sub-action",
            "verbose_name_plural": "historical lettered sub-actions",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalExecutiveResponse",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "response",
                models.CharField(
                    choices=[
                        ("accepted", "Accepted"),
                        ("partially", "Partially accepted"),
                        ("in_principle", "Accepted in principle"),
                        ("rejected", "Rejected"),
                    ],
                    max_length=20,
                ),
            ),
            (
                "reasons",
                models.TextField(
                    blank=True,
                    help_text="Required unless Accepted.",
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("responded_on", models.DateField(verbose_name="date of the response")),
            (
                "accepted_part",
                models.TextField(
                    blank=True,
                    help_text="For a recommendation partially accepted or accepted in principle: what the action plan follows.",
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="the part accepted",
                ),
            ),
            ("history_change_reason", models.TextField(null=True)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "recommendation",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.recommendation",
                ),
            ),
        ],
        options={
            "verbose_name": "historical executive response",
            "verbose_name_plural": "historical executive responses",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalDelivery",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.action",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "partnership_action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.partnershipaction",
                ),
            ),
            (
                "recommendation",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.recommendation",
                ),
            ),
        ],
        options={
            "verbose_name": "historical delivery",
            "verbose_name_plural": "historical deliveries",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="ExecutiveResponse",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "response",
                models.CharField(
                    choices=[
                        ("accepted", "Accepted"),
                        ("partially", "Partially accepted"),
                        ("in_principle", "Accepted in principle"),
                        ("rejected", "Rejected"),
                    ],
                    max_length=20,
                ),
            ),
            (
                "reasons",
                models.TextField(
                    blank=True,
                    help_text="Required unless Accepted.",
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("responded_on", models.DateField(verbose_name="date of the response")),
            (
                "accepted_part",
                models.TextField(
                    blank=True,
                    help_text="For a recommendation partially accepted or accepted in principle: what the action plan follows.",
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="the part accepted",
                ),
            ),
            (
                "recommendation",
                models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="executive_response",
                    to="actionplans.recommendation",
                ),
            ),
        ],
        options={
            "ordering": ["recommendation"],
        },
    ),
    migrations.CreateModel(
        name="Delivery",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="deliveries",
                    to="actionplans.action",
                ),
            ),
            (
                "partnership_action",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="deliveries",
                    to="actionplans.partnershipaction",
                ),
            ),
            (
                "recommendation",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="deliveries",
                    to="actionplans.recommendation",
                ),
            ),
        ],
        options={
            "verbose_name_plural": "deliveries",
            "ordering": ["position", "pk"],
        },
    ),
    migrations.AddField(
        model_name="action",
        name="recommendation",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE, related_name="actions", to="actionplans.recommendation"
        ),
    ),
    migrations.CreateModel(
        name="RequestCount",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("key", models.CharField(max_length=120, unique=True)),
            ("window_started", models.DateTimeField()),
            ("count", models.PositiveIntegerField(default=0)),
        ],
        options={
            "indexes": [models.Index(fields=["window_started"], name="actionplans_window__bb85d2_idx")],
        },
    ),
    migrations.CreateModel(
        name="Responsibility",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "joined_by",
                models.CharField(
                    blank=True,
                    default="",
                    help_text="As typed between this name and the one before: “ / ”, “ & ”, or a new line.",
                    max_length=10,
                    verbose_name="printed before the name",
                ),
            ),
            (
                "action",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="responsibilities",
                    to="actionplans.action",
                ),
            ),
            (
                "owner",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="responsibilities",
                    to="actionplans.owner",
                ),
            ),
        ],
        options={
            "verbose_name_plural": "responsibilities",
            "ordering": ["position", "pk"],
        },
    ),
    migrations.AddField(
        model_name="action",
        name="owners",
        field=models.ManyToManyField(
            related_name="actions",
            through="actionplans.Responsibility",
            to="actionplans.owner",
            verbose_name="responsibility",
        ),
    ),
    migrations.CreateModel(
        name="Review",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "title",
                models.CharField(
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("slug", models.SlugField(max_length=100, unique=True)),
            (
                "action_plan_agreed",
                models.DateField(blank=True, help_text="The month the committee agreed the action plan.", null=True),
            ),
            (
                "status",
                models.CharField(
                    choices=[
                        ("setting_up", "Being set up"),
                        ("monitoring", "Being monitored"),
                        ("completed", "Monitoring completed"),
                    ],
                    default="monitoring",
                    max_length=20,
                ),
            ),
            (
                "report_agreed",
                models.DateField(
                    blank=True,
                    help_text="The day the committee agreed its final report.",
                    null=True,
                    verbose_name="report agreed",
                ),
            ),
            (
                "report_to_executive",
                models.DateField(
                    blank=True,
                    help_text="The day the executive received the report: its response is due from this day.",
                    null=True,
                    verbose_name="report to the executive",
                ),
            ),
            (
                "decision_maker",
                models.CharField(
                    default="Cabinet",
                    help_text="Who responds for the executive: Cabinet, or the Cabinet Member named.",
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "responses_published_at",
                models.DateTimeField(
                    blank=True,
                    editable=False,
                    help_text="When a clerk published the executive's responses.",
                    null=True,
                ),
            ),
            (
                "illustrative",
                models.JSONField(
                    blank=True,
                    default=list,
                    help_text="Which of the review's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
                ),
            ),
            ("version", models.PositiveIntegerField(default=0)),
            (
                "committee",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="reviews", to="actionplans.committee"
                ),
            ),
        ],
        options={
            "ordering": ["title"],
        },
    ),
    migrations.AddField(
        model_name="recommendation",
        name="review",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE, related_name="recommendations", to="actionplans.review"
        ),
    ),
    migrations.CreateModel(
        name="PlanImport",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("file_name", models.CharField(max_length=255)),
            ("imported_at", models.DateTimeField(default=django.utils.timezone.now)),
            ("actions_created", models.PositiveIntegerField(default=0)),
            ("actions_changed", models.PositiveIntegerField(default=0)),
            ("rounds_created", models.PositiveIntegerField(default=0)),
            ("entries_created", models.PositiveIntegerField(default=0)),
            ("people_created", models.PositiveIntegerField(default=0)),
            (
                "imported_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="plan_imports",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "review",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="imports", to="actionplans.review"
                ),
            ),
        ],
        options={
            "ordering": ["-imported_at"],
        },
    ),
    migrations.CreateModel(
        name="ImportUpload",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("details", models.JSONField(blank=True, default=dict)),
            ("file_name", models.CharField(max_length=255)),
            ("data", models.BinaryField()),
            (
                "period",
                models.DateField(blank=True, help_text="The month the file's progress is for, if given.", null=True),
            ),
            ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "uploaded_by",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                ),
            ),
            (
                "review",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="+",
                    to="actionplans.review",
                ),
            ),
        ],
    ),
    migrations.CreateModel(
        name="HistoricalRound",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("period", models.DateField(help_text="The month the progress update is dated.")),
            ("deadline", models.DateField(help_text="The date officers' updates are due.")),
            ("meeting_date", models.DateField(help_text="The committee meeting that receives it.")),
            (
                "status",
                models.CharField(
                    choices=[("open", "Open for updates"), ("published", "Published")],
                    default="open",
                    max_length=20,
                ),
            ),
            ("decisions_published_at", models.DateTimeField(blank=True, null=True)),
            ("decisions_version", models.PositiveIntegerField(default=0)),
            (
                "imported",
                models.BooleanField(
                    default=False, help_text="Brought in by an import as the record of a past committee meeting."
                ),
            ),
            ("published_wording", models.JSONField(blank=True, editable=False, null=True)),
            (
                "illustrative",
                models.JSONField(
                    blank=True,
                    default=list,
                    help_text="Which of the round's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "decisions_published_by",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "published_scale",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.gradingscale",
                ),
            ),
            (
                "review",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.review",
                ),
            ),
        ],
        options={
            "verbose_name": "historical monitoring round",
            "verbose_name_plural": "historical monitoring rounds",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalReviewLinkOfficer",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
            (
                "history",
                models.ForeignKey(
                    db_constraint=False,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    to="actionplans.historicalreview",
                ),
            ),
            (
                "owner",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.owner",
                ),
            ),
            (
                "review",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.review",
                ),
            ),
        ],
        options={
            "verbose_name": "HistoricalReviewLinkOfficer",
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalRecommendation",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "exempt_paragraph",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[
                        (1, "Information relating to any individual"),
                        (2, "Information which is likely to reveal the identity of an individual"),
                        (
                            3,
                            "Information relating to the financial or business affairs of any particular person (including the authority holding that information)",
                        ),
                        (
                            4,
                            "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority",
                        ),
                        (
                            5,
                            "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings",
                        ),
                        (
                            6,
                            "Information which reveals that the authority proposes to give under any enactment a notice under or by virtue of which requirements are imposed on a person, or to make an order or direction under any enactment",
                        ),
                        (
                            7,
                            "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime",
                        ),
                    ],
                    help_text="The paragraph of Schedule 12A to the Local Government Act 1972 under which this is exempt information, kept out of the public pages and open data; blank if it is public.",
                    null=True,
                    verbose_name="exempt information",
                ),
            ),
            ("number", models.PositiveSmallIntegerField()),
            (
                "text",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars]
                ),
            ),
            (
                "council_reference",
                models.CharField(
                    blank=True,
                    help_text="As the council writes it, such as SR (25/26) 01 or Rec 3: shown beside the number.",
                    max_length=50,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="the council's reference",
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "review",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.review",
                ),
            ),
        ],
        options={
            "verbose_name": "historical recommendation",
            "verbose_name_plural": "historical recommendations",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalFollow",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.action",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "review",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.review",
                ),
            ),
        ],
        options={
            "verbose_name": "historical follow",
            "verbose_name_plural": "historical follows",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="Follow",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="follows",
                    to="actionplans.action",
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="follows", to=settings.AUTH_USER_MODEL
                ),
            ),
            (
                "review",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="follows",
                    to="actionplans.review",
                ),
            ),
        ],
    ),
    migrations.CreateModel(
        name="ReviewLinkOfficer",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "owner",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="link_officer_places",
                    to="actionplans.owner",
                ),
            ),
            (
                "review",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="link_officer_places",
                    to="actionplans.review",
                ),
            ),
        ],
        options={
            "db_table": "actionplans_review_link_officers",
            "ordering": ["position", "pk"],
        },
    ),
    migrations.AddField(
        model_name="review",
        name="link_officers",
        field=models.ManyToManyField(
            blank=True,
            limit_choices_to={"kind": "person"},
            related_name="linked_reviews",
            through="actionplans.ReviewLinkOfficer",
            to="actionplans.owner",
            verbose_name="link officer/s",
        ),
    ),
    migrations.CreateModel(
        name="Round",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("period", models.DateField(help_text="The month the progress update is dated.")),
            ("deadline", models.DateField(help_text="The date officers' updates are due.")),
            ("meeting_date", models.DateField(help_text="The committee meeting that receives it.")),
            (
                "status",
                models.CharField(
                    choices=[("open", "Open for updates"), ("published", "Published")],
                    default="open",
                    max_length=20,
                ),
            ),
            ("decisions_published_at", models.DateTimeField(blank=True, null=True)),
            ("decisions_version", models.PositiveIntegerField(default=0)),
            (
                "imported",
                models.BooleanField(
                    default=False, help_text="Brought in by an import as the record of a past committee meeting."
                ),
            ),
            ("published_wording", models.JSONField(blank=True, editable=False, null=True)),
            (
                "illustrative",
                models.JSONField(
                    blank=True,
                    default=list,
                    help_text="Which of the round's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
                ),
            ),
            (
                "decisions_published_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "published_scale",
                models.ForeignKey(
                    blank=True,
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="actionplans.gradingscale",
                ),
            ),
            (
                "review",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="rounds", to="actionplans.review"
                ),
            ),
        ],
        options={
            "verbose_name": "monitoring round",
            "ordering": ["review", "period"],
        },
    ),
    migrations.CreateModel(
        name="PublishedEvidence",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("version", models.PositiveSmallIntegerField()),
            ("title", models.CharField(max_length=200)),
            (
                "kind",
                models.CharField(
                    choices=[
                        ("pdf", "PDF"),
                        ("docx", "Word document"),
                        ("xlsx", "Excel workbook"),
                        ("pptx", "PowerPoint presentation"),
                        ("csv", "CSV file"),
                        ("txt", "Text file"),
                        ("png", "Picture (PNG)"),
                        ("jpeg", "Picture (JPEG)"),
                    ],
                    max_length=10,
                ),
            ),
            ("storage_name", models.CharField(max_length=300)),
            ("size", models.PositiveBigIntegerField()),
            ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
            ("stored_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "evidence",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="published_copies",
                    to="actionplans.evidencefile",
                ),
            ),
            (
                "round",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="published_files",
                    to="actionplans.round",
                ),
            ),
        ],
        options={
            "verbose_name": "published evidence file",
            "ordering": ["round", "-version", "pk"],
        },
    ),
    migrations.CreateModel(
        name="PublishedDocument",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("version", models.PositiveSmallIntegerField()),
            ("format", models.CharField(max_length=10)),
            ("options", models.JSONField(blank=True, default=dict)),
            ("reason", models.TextField(blank=True, help_text="Why this version was made: a correction's reason.")),
            ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ("storage_name", models.CharField(blank=True, max_length=300)),
            ("size", models.PositiveBigIntegerField(blank=True, null=True)),
            ("sha256", models.CharField(blank=True, max_length=64)),
            ("stored_at", models.DateTimeField(blank=True, null=True)),
            ("error", models.TextField(blank=True, help_text="Why rendering failed, if it did.")),
            ("public", models.BooleanField(default=False)),
            (
                "copy_of",
                models.ForeignKey(
                    blank=True,
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="copies",
                    to="actionplans.publisheddocument",
                ),
            ),
            (
                "created_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "round",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="published_documents",
                    to="actionplans.round",
                ),
            ),
        ],
        options={
            "ordering": ["round", "public", "-version", "pk"],
        },
    ),
    migrations.AddField(
        model_name="progressentry",
        name="round",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE, related_name="entries", to="actionplans.round"
        ),
    ),
    migrations.CreateModel(
        name="HistoricalCommitteeDecision",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "decision",
                models.CharField(
                    choices=[
                        ("signed_off", "Signed off"),
                        ("kept_open", "Kept open"),
                        ("closed", "Closed, not achieved"),
                        ("carried", "Carried forward"),
                    ],
                    max_length=20,
                ),
            ),
            (
                "reason",
                models.CharField(
                    blank=True,
                    help_text="Why the committee closed the action: 'transferred to the Hate Crime Group's action plan'.",
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "meeting_date",
                models.DateField(
                    blank=True,
                    help_text="The committee meeting that decided it; blank where it is read from imported papers.",
                    null=True,
                ),
            ),
            ("history_change_reason", models.TextField(null=True)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.action",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "round",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.round",
                ),
            ),
        ],
        options={
            "verbose_name": "historical committee decision",
            "verbose_name_plural": "historical committee decisions",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="CommitteeDecision",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "decision",
                models.CharField(
                    choices=[
                        ("signed_off", "Signed off"),
                        ("kept_open", "Kept open"),
                        ("closed", "Closed, not achieved"),
                        ("carried", "Carried forward"),
                    ],
                    max_length=20,
                ),
            ),
            (
                "reason",
                models.CharField(
                    blank=True,
                    help_text="Why the committee closed the action: 'transferred to the Hate Crime Group's action plan'.",
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "meeting_date",
                models.DateField(
                    blank=True,
                    help_text="The committee meeting that decided it; blank where it is read from imported papers.",
                    null=True,
                ),
            ),
            (
                "action",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="decisions", to="actionplans.action"
                ),
            ),
            (
                "round",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="decisions", to="actionplans.round"
                ),
            ),
        ],
        options={
            "verbose_name": "committee decision",
            "ordering": ["round", "action"],
        },
    ),
    migrations.CreateModel(
        name="ScaleGrade",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(help_text="1 is the best.")),
            (
                "code",
                models.CharField(blank=True, help_text='Printed before the label: "2 (On-Track)".', max_length=10),
            ),
            ("label", models.CharField(max_length=60)),
            (
                "description",
                models.CharField(
                    blank=True,
                    help_text="What the grading key prints under the grade (blank: the label).",
                    max_length=300,
                ),
            ),
            (
                "colour",
                models.CharField(
                    choices=[
                        ("green", "Green"),
                        ("blue", "Blue"),
                        ("turquoise", "Turquoise"),
                        ("yellow", "Yellow"),
                        ("amber", "Amber"),
                        ("orange", "Orange"),
                        ("red", "Red"),
                        ("pink", "Pink"),
                        ("purple", "Purple"),
                        ("grey", "Grey"),
                    ],
                    max_length=20,
                ),
            ),
            (
                "role",
                models.CharField(
                    choices=[
                        (
                            "achieved",
                            "Achieved: done, the officer proposes it for sign-off (as Fully Achieved, or Complete)",
                        ),
                        ("on_track", "On track: still going as planned (as On-Track, or Green)"),
                        (
                            "at_risk",
                            "At risk: still going, with some delay; the committee's attention is drawn to it (as Amber)",
                        ),
                        (
                            "off_track",
                            "Off track: still going but slipped, not finished; the committee's attention is drawn to it (as Slipped, or a Red that means off track)",
                        ),
                        (
                            "not_achieved",
                            "Not achieved: it will not be achieved as agreed; the committee's attention is drawn to it (as Not Achieved)",
                        ),
                        (
                            "not_graded",
                            "Not graded: the rules count it as no grade (as Not started, or Not yet due)",
                        ),
                    ],
                    help_text="Its role in the rules: only an achieved grade proposes sign-off.",
                    max_length=20,
                ),
            ),
            ("needs_explanation", models.BooleanField(default=False)),
            ("proposes_new_target", models.BooleanField(default=False)),
            (
                "prints",
                models.CharField(
                    choices=[
                        ("code_and_label", "The number or code and the label, as in 2 (On-Track)"),
                        ("code", "The number or code alone, as in 2"),
                        ("label", "The label alone, as in On-Track"),
                    ],
                    default="code_and_label",
                    max_length=20,
                ),
            ),
            (
                "scale",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="grades",
                    to="actionplans.gradingscale",
                ),
            ),
        ],
        options={
            "ordering": ["scale", "position"],
        },
    ),
    migrations.AddField(
        model_name="progressentry",
        name="level",
        field=models.ForeignKey(
            blank=True,
            null=True,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="+",
            to="actionplans.scalegrade",
            verbose_name="assessment of progress",
        ),
    ),
    migrations.CreateModel(
        name="PartnershipUpdate",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "status",
                models.CharField(
                    choices=[
                        ("not_started", "Not started"),
                        ("draft", "Draft"),
                        ("submitted", "Submitted"),
                        ("returned", "Returned"),
                        ("approved", "Approved"),
                    ],
                    default="not_started",
                    max_length=20,
                ),
            ),
            (
                "return_comment",
                models.TextField(
                    blank=True,
                    help_text="Why the link officer returned the update: the officer sees it.",
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("version", models.PositiveIntegerField(default=0)),
            (
                "progress",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            (
                "rag",
                models.CharField(
                    blank=True,
                    choices=[("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("complete", "Complete")],
                    max_length=10,
                    verbose_name="RAG",
                ),
            ),
            (
                "action",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="updates",
                    to="actionplans.partnershipaction",
                ),
            ),
            (
                "quarter",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="updates", to="actionplans.quarter"
                ),
            ),
            (
                "level",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="actionplans.scalegrade",
                ),
            ),
        ],
        options={
            "ordering": ["quarter__period"],
        },
    ),
    migrations.CreateModel(
        name="HistoricalStanding",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "movement",
                models.CharField(
                    choices=[
                        ("improved", "Improved"),
                        ("unchanged", "Unchanged"),
                        ("worse", "Worse"),
                        ("first", "First assessment"),
                        ("not_graded", "Not graded"),
                        ("no_update", "No update received"),
                    ],
                    max_length=20,
                ),
            ),
            (
                "decision",
                models.CharField(
                    blank=True,
                    choices=[
                        ("signed_off", "Signed off"),
                        ("kept_open", "Kept open"),
                        ("closed", "Closed, not achieved"),
                        ("carried", "Carried forward"),
                    ],
                    max_length=20,
                ),
            ),
            ("target", models.CharField(blank=True, help_text="As the round's paper prints it.", max_length=300)),
            ("target_month", models.DateField(blank=True, null=True)),
            ("history_change_reason", models.TextField(null=True)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.action",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.progressentry",
                ),
            ),
            (
                "round",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.round",
                ),
            ),
            (
                "grade",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.scalegrade",
                ),
            ),
            (
                "grade_before",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.scalegrade",
                ),
            ),
        ],
        options={
            "verbose_name": "historical standing in a published round",
            "verbose_name_plural": "historical standing in a published rounds",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalProgressEntry",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "status",
                models.CharField(
                    choices=[
                        ("not_started", "Not started"),
                        ("draft", "Draft"),
                        ("submitted", "Submitted"),
                        ("returned", "Returned"),
                        ("approved", "Approved"),
                    ],
                    default="not_started",
                    max_length=20,
                ),
            ),
            (
                "return_comment",
                models.TextField(
                    blank=True,
                    help_text="Why the link officer returned the update: the officer sees it.",
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            (
                "exempt_paragraph",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[
                        (1, "Information relating to any individual"),
                        (2, "Information which is likely to reveal the identity of an individual"),
                        (
                            3,
                            "Information relating to the financial or business affairs of any particular person (including the authority holding that information)",
                        ),
                        (
                            4,
                            "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority",
                        ),
                        (
                            5,
                            "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings",
                        ),
                        (
                            6,
                            "Information which reveals that the authority proposes to give under any enactment a notice under or by virtue of which requirements are imposed on a person, or to make an order or direction under any enactment",
                        ),
                        (
                            7,
                            "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime",
                        ),
                    ],
                    help_text="The paragraph of Schedule 12A to the Local Government Act 1972 under which this is exempt information, kept out of the public pages and open data; blank if it is public.",
                    null=True,
                    verbose_name="exempt information",
                ),
            ),
            (
                "evidence_of_progress",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            (
                "grade",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[(1, "Achieved"), (2, "On track"), (3, "At risk or slipped"), (4, "Not achieved")],
                    null=True,
                    verbose_name="assessment of progress",
                ),
            ),
            (
                "grade_explanation",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="explanation",
                ),
            ),
            (
                "evidence_of_impact",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("history_change_reason", models.TextField(null=True)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.action",
                ),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "round",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.round",
                ),
            ),
            (
                "level",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.scalegrade",
                    verbose_name="assessment of progress",
                ),
            ),
        ],
        options={
            "verbose_name": "historical progress entry",
            "verbose_name_plural": "historical progress entries",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="HistoricalPartnershipUpdate",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "status",
                models.CharField(
                    choices=[
                        ("not_started", "Not started"),
                        ("draft", "Draft"),
                        ("submitted", "Submitted"),
                        ("returned", "Returned"),
                        ("approved", "Approved"),
                    ],
                    default="not_started",
                    max_length=20,
                ),
            ),
            (
                "return_comment",
                models.TextField(
                    blank=True,
                    help_text="Why the link officer returned the update: the officer sees it.",
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            (
                "progress",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            (
                "rag",
                models.CharField(
                    blank=True,
                    choices=[("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("complete", "Complete")],
                    max_length=10,
                    verbose_name="RAG",
                ),
            ),
            ("history_change_reason", models.TextField(null=True)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.partnershipaction",
                ),
            ),
            (
                "quarter",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.quarter",
                ),
            ),
            (
                "level",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.scalegrade",
                ),
            ),
        ],
        options={
            "verbose_name": "historical partnership update",
            "verbose_name_plural": "historical partnership updates",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="Standard",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("number", models.PositiveSmallIntegerField()),
            (
                "title",
                models.CharField(
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "definition",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "framework",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="standards",
                    to="actionplans.framework",
                ),
            ),
        ],
        options={
            "ordering": ["position", "number"],
        },
    ),
    migrations.CreateModel(
        name="HistoricalCharacteristic",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "letter",
                models.CharField(
                    max_length=3, validators=[actionplans.text.no_control_characters, actionplans.text.single_line]
                ),
            ),
            (
                "text",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars]
                ),
            ),
            (
                "function",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("position", models.PositiveSmallIntegerField(default=0)),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "standard",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.standard",
                ),
            ),
        ],
        options={
            "verbose_name": "historical characteristic",
            "verbose_name_plural": "historical characteristics",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.AddField(
        model_name="characteristic",
        name="standard",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE, related_name="characteristics", to="actionplans.standard"
        ),
    ),
    migrations.CreateModel(
        name="Standing",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "movement",
                models.CharField(
                    choices=[
                        ("improved", "Improved"),
                        ("unchanged", "Unchanged"),
                        ("worse", "Worse"),
                        ("first", "First assessment"),
                        ("not_graded", "Not graded"),
                        ("no_update", "No update received"),
                    ],
                    max_length=20,
                ),
            ),
            (
                "decision",
                models.CharField(
                    blank=True,
                    choices=[
                        ("signed_off", "Signed off"),
                        ("kept_open", "Kept open"),
                        ("closed", "Closed, not achieved"),
                        ("carried", "Carried forward"),
                    ],
                    max_length=20,
                ),
            ),
            ("target", models.CharField(blank=True, help_text="As the round's paper prints it.", max_length=300)),
            ("target_month", models.DateField(blank=True, null=True)),
            (
                "action",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="standings", to="actionplans.action"
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to="actionplans.progressentry",
                ),
            ),
            (
                "grade",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="actionplans.scalegrade",
                ),
            ),
            (
                "grade_before",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="actionplans.scalegrade",
                ),
            ),
            (
                "round",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="standings", to="actionplans.round"
                ),
            ),
        ],
        options={
            "verbose_name": "standing in a published round",
            "ordering": ["round_id", "action_id"],
        },
    ),
    migrations.CreateModel(
        name="StatusMeaning",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "key",
                models.CharField(
                    help_text="The word as compared: case and punctuation aside.", max_length=200, unique=True
                ),
            ),
            (
                "word",
                models.CharField(
                    help_text="The word as a file first wrote it.",
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "grade",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[(1, "Achieved"), (2, "On track"), (3, "At risk or slipped"), (4, "Not achieved")],
                    help_text="Blank: no grade, the update's progress only.",
                    null=True,
                ),
            ),
            ("confirmed_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "confirmed_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "ordering": ["key"],
        },
    ),
    migrations.CreateModel(
        name="SubAction",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "letter",
                models.CharField(
                    help_text="a, b, c …",
                    max_length=3,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "text",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            (
                "recommendation",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="sub_actions",
                    to="actionplans.recommendation",
                ),
            ),
        ],
        options={
            "verbose_name": "lettered sub-action",
            "ordering": ["recommendation", "letter"],
        },
    ),
    migrations.CreateModel(
        name="HistoricalAction",
        fields=[
            ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
            (
                "exempt_paragraph",
                models.PositiveSmallIntegerField(
                    blank=True,
                    choices=[
                        (1, "Information relating to any individual"),
                        (2, "Information which is likely to reveal the identity of an individual"),
                        (
                            3,
                            "Information relating to the financial or business affairs of any particular person (including the authority holding that information)",
                        ),
                        (
                            4,
                            "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority",
                        ),
                        (
                            5,
                            "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings",
                        ),
                        (
                            6,
                            "Information which reveals that the authority proposes to give under any enactment a notice under or by virtue of which requirements are imposed on a person, or to make an order or direction under any enactment",
                        ),
                        (
                            7,
                            "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime",
                        ),
                    ],
                    help_text="The paragraph of Schedule 12A to the Local Government Act 1972 under which this is exempt information, kept out of the public pages and open data; blank if it is public.",
                    null=True,
                    verbose_name="exempt information",
                ),
            ),
            (
                "strand",
                models.CharField(
                    blank=True,
                    help_text="The heading of a parallel strand ('Frontline staff'); blank for the record of the recommendation or lettered sub-action itself.",
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            ("position", models.PositiveSmallIntegerField(default=0, help_text="Order among the strands.")),
            (
                "target_month",
                models.DateField(blank=True, help_text="The target month.", null=True, verbose_name="date"),
            ),
            (
                "target_text",
                models.CharField(
                    blank=True,
                    help_text="Only where the target is not a month: 'Reviewed throughout the year 2019'.",
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="date as worded",
                ),
            ),
            (
                "agreed_action",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars]
                ),
            ),
            (
                "success_measure",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                    verbose_name="agreed success measure",
                ),
            ),
            (
                "council_reference",
                models.CharField(
                    blank=True,
                    help_text="As the council's tracker writes it, such as 3.2: shown beside the reference.",
                    max_length=50,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="the council's reference",
                ),
            ),
            ("history_id", models.AutoField(primary_key=True, serialize=False)),
            ("history_date", models.DateTimeField(db_index=True)),
            ("history_change_reason", models.CharField(max_length=100, null=True)),
            (
                "history_type",
                models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
            ),
            (
                "history_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "recommendation",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.recommendation",
                ),
            ),
            (
                "sub_action",
                models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to="actionplans.subaction",
                    verbose_name="lettered sub-action",
                ),
            ),
        ],
        options={
            "verbose_name": "historical action",
            "verbose_name_plural": "historical actions",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.AddField(
        model_name="action",
        name="sub_action",
        field=models.ForeignKey(
            blank=True,
            null=True,
            on_delete=django.db.models.deletion.CASCADE,
            related_name="actions",
            to="actionplans.subaction",
            verbose_name="lettered sub-action",
        ),
    ),
    migrations.CreateModel(
        name="TargetRevision",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("target_before", models.DateField(blank=True, null=True, verbose_name="target before")),
            (
                "target_before_text",
                models.CharField(
                    blank=True,
                    max_length=200,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                    verbose_name="target before, as worded",
                ),
            ),
            ("target_month", models.DateField(verbose_name="new target month")),
            (
                "reason",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars]
                ),
            ),
            ("proposed_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "status",
                models.CharField(
                    choices=[("proposed", "Proposed"), ("accepted", "Accepted"), ("refused", "Refused")],
                    default="proposed",
                    max_length=20,
                ),
            ),
            ("decided_at", models.DateTimeField(blank=True, null=True)),
            (
                "refusal_comment",
                models.TextField(
                    blank=True,
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars],
                ),
            ),
            ("applies_from", models.DateField()),
            (
                "action",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="target_revisions",
                    to="actionplans.action",
                ),
            ),
            (
                "decided_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="target_revisions_decided",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="target_revisions",
                    to="actionplans.progressentry",
                ),
            ),
            (
                "proposed_by",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="target_revisions_proposed",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "ordering": ["applies_from", "proposed_at", "pk"],
        },
    ),
    migrations.CreateModel(
        name="Theme",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveSmallIntegerField(default=0)),
            (
                "kind",
                models.CharField(
                    choices=[("theme", "Theme"), ("objective", "Strategic objective")],
                    default="theme",
                    max_length=10,
                ),
            ),
            (
                "label",
                models.CharField(
                    blank=True,
                    max_length=20,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "title",
                models.CharField(
                    max_length=300,
                    validators=[actionplans.text.no_control_characters, actionplans.text.single_line],
                ),
            ),
            (
                "plan",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="themes",
                    to="actionplans.partnershipplan",
                ),
            ),
        ],
        options={
            "ordering": ["plan", "position", "pk"],
        },
    ),
    migrations.AddField(
        model_name="partnershipaction",
        name="theme",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE, related_name="actions", to="actionplans.theme"
        ),
    ),
    migrations.AddField(
        model_name="historicalpartnershipaction",
        name="theme",
        field=models.ForeignKey(
            blank=True,
            db_constraint=False,
            null=True,
            on_delete=django.db.models.deletion.DO_NOTHING,
            related_name="+",
            to="actionplans.theme",
        ),
    ),
    migrations.CreateModel(
        name="UpdateComment",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "text",
                models.TextField(
                    validators=[actionplans.text.no_control_characters, actionplans.text.within_max_chars]
                ),
            ),
            ("is_return", models.BooleanField(default=False)),
            ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            (
                "author",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "entry",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="comments",
                    to="actionplans.progressentry",
                ),
            ),
        ],
        options={
            "verbose_name": "comment on an update",
            "ordering": ["created_at", "pk"],
        },
    ),
    migrations.CreateModel(
        name="ApiRequest",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("method", models.CharField(max_length=10)),
            ("path", models.CharField(max_length=500)),
            ("status", models.PositiveSmallIntegerField()),
            ("duration_ms", models.PositiveIntegerField(verbose_name="duration (ms)")),
            ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            (
                "token",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="requests",
                    to="actionplans.apitoken",
                ),
            ),
        ],
        options={
            "verbose_name": "API request",
            "ordering": ["-at", "-pk"],
            "indexes": [models.Index(fields=["token", "at"], name="actionplans_token_i_9b68ed_idx")],
        },
    ),
    migrations.AddConstraint(
        model_name="gradingscale",
        constraint=models.UniqueConstraint(fields=("kind", "version"), name="one_scale_version_per_kind"),
    ),
    migrations.AddConstraint(
        model_name="localresponse",
        constraint=models.UniqueConstraint(fields=("assessment", "characteristic"), name="local_response_once"),
    ),
    migrations.AddConstraint(
        model_name="notificationpreference",
        constraint=models.UniqueConstraint(fields=("user", "kind"), name="one_choice_per_person_per_kind"),
    ),
    migrations.AddConstraint(
        model_name="organisation",
        constraint=models.UniqueConstraint(fields=("partnership", "short_name"), name="organisation_short_name_unique"),
    ),
    migrations.AddConstraint(
        model_name="gaplink",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("action__isnull", True), ("partnership_action__isnull", False)),
                models.Q(("action__isnull", False), ("partnership_action__isnull", True)),
                _connector="OR",
            ),
            name="gap_link_to_one_action",
        ),
    ),
    migrations.AddConstraint(
        model_name="gaplink",
        constraint=models.UniqueConstraint(fields=("local_response", "action"), name="gap_link_action_once"),
    ),
    migrations.AddConstraint(
        model_name="gaplink",
        constraint=models.UniqueConstraint(
            fields=("local_response", "partnership_action"), name="gap_link_partnership_action_once"
        ),
    ),
    migrations.AddIndex(
        model_name="notification",
        index=models.Index(fields=["sent_at", "digest"], name="notification_outbox"),
    ),
    migrations.AddConstraint(
        model_name="notification",
        constraint=models.UniqueConstraint(
            fields=("recipient", "event_key"), name="one_notification_per_event_per_person"
        ),
    ),
    migrations.AddIndex(
        model_name="historicalentryresponsibility",
        index=models.Index(fields=["id", "history_date", "history_id"], name="actionplans_id_4ab5ee_idx"),
    ),
    migrations.AddConstraint(
        model_name="escalation",
        constraint=models.UniqueConstraint(fields=("entry", "owner"), name="escalate_an_update_once_per_owner"),
    ),
    migrations.AddConstraint(
        model_name="entryresponsibility",
        constraint=models.UniqueConstraint(fields=("entry", "owner"), name="owner_named_once_per_entry"),
    ),
    migrations.AddConstraint(
        model_name="quarter",
        constraint=models.UniqueConstraint(fields=("plan", "period"), name="one_quarter_per_period_per_plan"),
    ),
    migrations.AddConstraint(
        model_name="delivery",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("action__isnull", False), ("recommendation__isnull", True)),
                models.Q(("action__isnull", True), ("recommendation__isnull", False)),
                _connector="OR",
            ),
            name="delivery_of_recommendation_or_action",
        ),
    ),
    migrations.AddConstraint(
        model_name="delivery",
        constraint=models.UniqueConstraint(
            fields=("recommendation", "partnership_action"), name="delivery_once_per_recommendation"
        ),
    ),
    migrations.AddConstraint(
        model_name="delivery",
        constraint=models.UniqueConstraint(fields=("action", "partnership_action"), name="delivery_once_per_action"),
    ),
    migrations.AddConstraint(
        model_name="responsibility",
        constraint=models.UniqueConstraint(fields=("action", "owner"), name="owner_named_once_per_action"),
    ),
    migrations.AddConstraint(
        model_name="recommendation",
        constraint=models.UniqueConstraint(fields=("review", "number"), name="recommendation_number_unique_in_review"),
    ),
    migrations.AddConstraint(
        model_name="follow",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("action__isnull", True), ("review__isnull", False)),
                models.Q(("action__isnull", False), ("review__isnull", True)),
                _connector="OR",
            ),
            name="follow_a_review_or_an_action",
        ),
    ),
    migrations.AddConstraint(
        model_name="follow",
        constraint=models.UniqueConstraint(fields=("user", "review"), name="follow_a_review_once"),
    ),
    migrations.AddConstraint(
        model_name="follow",
        constraint=models.UniqueConstraint(fields=("user", "action"), name="follow_an_action_once"),
    ),
    migrations.AlterUniqueTogether(
        name="reviewlinkofficer",
        unique_together={("review", "owner")},
    ),
    migrations.AddConstraint(
        model_name="round",
        constraint=models.UniqueConstraint(fields=("review", "period"), name="one_round_per_month_per_review"),
    ),
    migrations.AddConstraint(
        model_name="publishedevidence",
        constraint=models.UniqueConstraint(
            fields=("round", "version", "evidence"), name="one_copy_per_file_per_version"
        ),
    ),
    migrations.AddConstraint(
        model_name="publisheddocument",
        constraint=models.UniqueConstraint(
            fields=("round", "public", "version", "format"), name="one_file_per_format_per_version_of_each"
        ),
    ),
    migrations.AddIndex(
        model_name="committeedecision",
        index=models.Index(fields=["round", "decision", "action"], name="decision_by_round_and_kind"),
    ),
    migrations.AddConstraint(
        model_name="committeedecision",
        constraint=models.UniqueConstraint(fields=("action", "round"), name="one_decision_per_action_per_round"),
    ),
    migrations.AddConstraint(
        model_name="committeedecision",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("decision", "closed"), _negated=True),
                models.Q(("reason", ""), _negated=True),
                _connector="OR",
            ),
            name="closed_decision_gives_its_reason",
        ),
    ),
    migrations.AddConstraint(
        model_name="scalegrade",
        constraint=models.UniqueConstraint(fields=("scale", "position"), name="one_grade_per_position"),
    ),
    migrations.AddIndex(
        model_name="progressentry",
        index=models.Index(fields=["round", "status", "grade"], name="entry_round_status_grade"),
    ),
    migrations.AddConstraint(
        model_name="progressentry",
        constraint=models.UniqueConstraint(fields=("action", "round"), name="one_entry_per_action_per_round"),
    ),
    migrations.AddConstraint(
        model_name="progressentry",
        constraint=models.CheckConstraint(
            condition=models.Q(
                ("grade__isnull", True), models.Q(("grade__gte", 1), ("grade__lte", 4)), _connector="OR"
            ),
            name="grade_is_one_to_four",
        ),
    ),
    migrations.AddIndex(
        model_name="partnershipupdate",
        index=models.Index(fields=["quarter", "status", "rag"], name="update_quarter_status_rag"),
    ),
    migrations.AddConstraint(
        model_name="partnershipupdate",
        constraint=models.UniqueConstraint(fields=("action", "quarter"), name="one_update_per_action_per_quarter"),
    ),
    migrations.AddIndex(
        model_name="historicalstanding",
        index=models.Index(fields=["id", "history_date", "history_id"], name="actionplans_id_6cce08_idx"),
    ),
    migrations.AddIndex(
        model_name="historicalprogressentry",
        index=models.Index(fields=["id", "history_date", "history_id"], name="actionplans_id_5ff85d_idx"),
    ),
    migrations.AddIndex(
        model_name="historicalpartnershipupdate",
        index=models.Index(fields=["id", "history_date", "history_id"], name="actionplans_id_25ed99_idx"),
    ),
    migrations.AddConstraint(
        model_name="standard",
        constraint=models.UniqueConstraint(fields=("framework", "number"), name="standard_number_once"),
    ),
    migrations.AddConstraint(
        model_name="characteristic",
        constraint=models.UniqueConstraint(fields=("standard", "letter"), name="characteristic_letter_once"),
    ),
    migrations.AddIndex(
        model_name="standing",
        index=models.Index(fields=["round", "grade"], name="standing_by_round_and_grade"),
    ),
    migrations.AddConstraint(
        model_name="standing",
        constraint=models.UniqueConstraint(fields=("round", "action"), name="one_standing_per_action_per_round"),
    ),
    migrations.AddConstraint(
        model_name="subaction",
        constraint=models.UniqueConstraint(fields=("recommendation", "letter"), name="sub_action_letter_unique"),
    ),
    migrations.AddConstraint(
        model_name="action",
        constraint=models.UniqueConstraint(
            condition=models.Q(("sub_action__isnull", True)),
            fields=("recommendation", "strand"),
            name="action_unique_under_recommendation",
        ),
    ),
    migrations.AddConstraint(
        model_name="action",
        constraint=models.UniqueConstraint(
            condition=models.Q(("sub_action__isnull", False)),
            fields=("sub_action", "strand"),
            name="action_unique_under_sub_action",
        ),
    ),
    migrations.AddConstraint(
        model_name="targetrevision",
        constraint=models.UniqueConstraint(
            condition=models.Q(("entry__isnull", False)), fields=("entry",), name="one_target_proposal_per_update"
        ),
    ),
    migrations.AddConstraint(
        model_name="targetrevision",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("status", "refused"), _negated=True),
                models.Q(("refusal_comment", ""), _negated=True),
                _connector="OR",
            ),
            name="refused_revision_says_why",
        ),
    ),
    migrations.AddIndex(
        model_name="updatecomment",
        index=models.Index(fields=["entry", "created_at"], name="comment_entry_created"),
    ),
]


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("actionplans", "0001_initial_domain"),
        ("actionplans", "0002_monitoring_workflow"),
        ("actionplans", "0003_committee_verbose_name"),
        ("actionplans", "0004_reminders_sent_per_person"),
        ("actionplans", "0005_progress_entry_grade_count_index"),
        ("actionplans", "0006_text_validators"),
        ("actionplans", "0007_longer_correction_reasons"),
        ("actionplans", "0008_keep_actions_with_updates"),
        ("actionplans", "0009_plan_imports"),
        ("actionplans", "0010_review_setup"),
        ("actionplans", "0011_login_history"),
        ("actionplans", "0012_forgot_password_limit"),
        ("actionplans", "0013_link_officers_in_order"),
        ("actionplans", "0014_success_measure_can_wait"),
        ("actionplans", "0015_action_closed_reason"),
        ("actionplans", "0016_published_record"),
        ("actionplans", "0017_target_revisions"),
        ("actionplans", "0018_executive_response"),
        ("actionplans", "0019_committee_decisions"),
        ("actionplans", "0020_decisions_from_earlier_rule"),
        ("actionplans", "0021_remove_action_monitoring"),
        ("actionplans", "0022_action_plan_agreed_while_set_up"),
        ("actionplans", "0023_history_read_as_at_indexes"),
        ("actionplans", "0024_partnership_plans"),
        ("actionplans", "0025_import_upload_any_plan"),
        ("actionplans", "0026_standards_self_assessment"),
        ("actionplans", "0027_exempt_information"),
        ("actionplans", "0028_api_tokens"),
        ("actionplans", "0029_notifications"),
        ("actionplans", "0030_notification_back_off"),
        ("actionplans", "0031_worker_heartbeats"),
        ("actionplans", "0032_personal_data_events"),
        ("actionplans", "0033_notification_reminder_kinds"),
        ("actionplans", "0034_reminders_are_notifications"),
        ("actionplans", "0035_remove_reminder_models"),
        ("actionplans", "0036_sent_reminders_in_the_back_office"),
        ("actionplans", "0037_council_references_and_status_meanings"),
        ("actionplans", "0038_round_imported"),
        ("actionplans", "0039_partnership_repeats_and_retired_indicators"),
        ("actionplans", "0040_council_settings"),
        ("actionplans", "0041_grade_meanings_and_committee_words"),
        ("actionplans", "0042_illustrative_notes"),
        ("actionplans", "0043_partnership_illustrative_note"),
        ("actionplans", "0044_update_left_out_notification"),
        ("actionplans", "0045_calendar_feed"),
        ("actionplans", "0046_escalation_to_managers"),
        ("actionplans", "0047_update_comments"),
        ("actionplans", "0048_return_comments_into_the_conversation"),
        ("actionplans", "0049_evidence_files"),
        ("actionplans", "0050_index_decisions_by_round_and_kind"),
        ("actionplans", "0051_grades_print_as_the_scale_says"),
        ("actionplans", "0052_names_printed_as_typed"),
        ("actionplans", "0053_published_terms_and_public_copies"),
        ("actionplans", "0054_public_copies_of_rounds_published_before"),
        ("actionplans", "0055_illustrative_values_marked_where_shown"),
        ("actionplans", "0056_amber_grade_colour"),
        ("actionplans", "0057_published_standing"),
        ("actionplans", "0058_grades_have_roles"),
        ("actionplans", "0060_standing_of_published_rounds"),
        ("actionplans", "0061_link_officers_approve"),
        ("actionplans", "0062_account_emails_in_the_outbox"),
        ("actionplans", "0063_quarter_period_illustrative"),
        ("actionplans", "0064_quarter_named_as_the_file_named_it"),
        ("actionplans", "0065_sub_action_heading_may_be_blank"),
        ("actionplans", "0066_decisions_read_from_papers_have_no_meeting"),
        ("actionplans", "0067_council_title_and_introduction_may_be_blank"),
        ("actionplans", "0068_imported_decisions_forget_their_invented_meeting"),
        ("actionplans", "0069_emailed_replies"),
    ]

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [CreateTables(MODELS)]
