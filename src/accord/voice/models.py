"""Voice of the customer: survey responses and social mentions."""

from __future__ import annotations

from django.db import models


class SurveyResponse(models.Model):
    """One answered survey. Blank items were not asked. Items are 1-5 unless noted."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="survey_responses"
    )
    responded_at = models.DateTimeField()
    nps = models.PositiveSmallIntegerField(null=True, blank=True, help_text="0-10")
    csat = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1-5")
    ces = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1-7, 7 = easy")
    value_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    value_price = models.PositiveSmallIntegerField(null=True, blank=True)
    value_convenience = models.PositiveSmallIntegerField(null=True, blank=True)
    brand_awareness = models.PositiveSmallIntegerField(null=True, blank=True)
    brand_attitude = models.PositiveSmallIntegerField(null=True, blank=True)
    brand_ethics = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    comment_sentiment = models.FloatField(null=True, blank=True, help_text="-1..+1")

    class Meta:
        db_table = "voice_survey_response"
        indexes = [models.Index(fields=["customer", "responded_at"], name="survey_customer_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nps__isnull=True) | models.Q(nps__lte=10), name="nps_0_10"
            ),
            models.CheckConstraint(
                condition=models.Q(csat__isnull=True) | models.Q(csat__gte=1, csat__lte=5),
                name="csat_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(ces__isnull=True) | models.Q(ces__gte=1, ces__lte=7),
                name="ces_1_7",
            ),
        ]


class SocialMention(models.Model):
    """A public post about the company. `customer` is set once matched to an identity."""

    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
    )
    platform = models.CharField(max_length=30)
    post_id = models.CharField(max_length=100)
    author_handle = models.CharField(max_length=100)
    text = models.TextField()
    url = models.URLField(max_length=500, blank=True)
    reach = models.PositiveIntegerField(default=0, help_text="estimated audience (voice.reach)")
    posted_at = models.DateTimeField()
    sentiment = models.FloatField(null=True, blank=True, help_text="-1..+1")
    # What the author told the platform about themselves (for matching), and the post's
    # spread (for reach); all optional, as feeds differ.
    author_name = models.CharField(max_length=200, blank=True, default="", db_default="")
    author_email = models.CharField(max_length=254, blank=True, default="", db_default="")
    followers = models.PositiveIntegerField(default=0, db_default=0)
    reshares = models.PositiveIntegerField(default=0, db_default=0)
    # Read at ingest: the label of the sentiment, exit intent (its kind, "" none),
    # a complaint and its topic.
    sentiment_label = models.CharField(max_length=8, blank=True, default="", db_default="")
    exit_intent = models.CharField(max_length=16, blank=True, default="", db_default="")
    complaint = models.BooleanField(default=False, db_default=False)
    topic = models.CharField(max_length=12, blank=True, default="", db_default="")
    # How the customer was found: "handle", "email", "name" or "staff" (linked in the
    # inbox), with a confidence 0..1; blank while unmatched.
    matched_by = models.CharField(max_length=8, blank=True, default="", db_default="")
    match_confidence = models.FloatField(null=True, blank=True)
    # A weak match (a name alone) is only suggested: staff confirm it in the inbox.
    suggested_customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True, help_text="when Accord took it in")

    class Meta:
        db_table = "voice_social_mention"
        constraints = [
            models.UniqueConstraint(fields=["platform", "post_id"], name="mention_unique_post")
        ]
        indexes = [
            models.Index(fields=["customer", "posted_at"], name="mention_customer_time"),
            # The staff inbox: unmatched mentions, newest first.
            models.Index(
                fields=["-posted_at"],
                condition=models.Q(customer__isnull=True),
                name="mention_unmatched",
            ),
            # Burst baselines: negative mentions per topic over the last hours, book-wide.
            models.Index(fields=["topic", "posted_at"], name="mention_topic_time"),
        ]


class TextSource(models.TextChoices):
    INTERACTION = "interaction", "Message"
    SURVEY = "survey", "Survey comment"
    MENTION = "mention", "Public mention"


class TextSignal(models.Model):
    """What one text by the customer says beyond its words' sentiment: a row only for
    texts that ask to leave or complain, so scoring reads a small table with one
    GROUP BY (features SQL) instead of reading every message again."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="text_signals"
    )
    source = models.CharField(max_length=12, choices=TextSource.choices)
    source_id = models.BigIntegerField()
    occurred_at = models.DateTimeField()
    exit_intent = models.CharField(max_length=16, blank=True, help_text="kind, blank: none")
    complaint = models.BooleanField(default=False)
    topic = models.CharField(max_length=12, blank=True)
    sentiment = models.FloatField(null=True, blank=True)
    excerpt = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "voice_text_signal"
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "source", "source_id"], name="one_signal_per_text"
            )
        ]
        indexes = [models.Index(fields=["customer", "occurred_at"], name="signal_customer_time")]


class ReadMark(models.Model):
    """The highest id read for signals per source table: texts written by any path
    (services, imports, mail, demo) are read once, in id order (voice.reading)."""

    source = models.CharField(max_length=12, primary_key=True)
    last_id = models.BigIntegerField(default=0)

    class Meta:
        db_table = "voice_read_mark"


class EscalationKind(models.TextChoices):
    REACH = "reach", "Negative mention with a large reach"
    BURST = "burst", "Burst of negative mentions on one topic"


class Escalation(models.Model):
    """A public complaint the accountable owner must act on now. `customer` is blank for
    a book-wide burst (strangers' posts): it goes to the managers' list."""

    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    owner = models.ForeignKey(
        "members.StaffMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalations",
    )
    kind = models.CharField(max_length=8, choices=EscalationKind.choices)
    topic = models.CharField(max_length=12, blank=True)
    mention = models.ForeignKey(
        SocialMention, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mentions = models.PositiveIntegerField(default=1, help_text="negative mentions counted")
    reach = models.PositiveBigIntegerField(default=0, help_text="estimated audience")
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        "members.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "voice_escalation"
        indexes = [
            models.Index(fields=["customer", "created_at"], name="escalation_customer"),
            models.Index(fields=["owner", "resolved_at"], name="escalation_owner_open"),
            models.Index(fields=["kind", "topic", "created_at"], name="escalation_kind_topic"),
        ]
