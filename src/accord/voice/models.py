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
    reach = models.PositiveIntegerField(default=0, help_text="followers or estimated reach")
    posted_at = models.DateTimeField()
    sentiment = models.FloatField(null=True, blank=True, help_text="-1..+1")

    class Meta:
        db_table = "voice_social_mention"
        constraints = [
            models.UniqueConstraint(fields=["platform", "post_id"], name="mention_unique_post")
        ]
        indexes = [models.Index(fields=["customer", "posted_at"], name="mention_customer_time")]
