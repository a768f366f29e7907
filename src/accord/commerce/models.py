"""Commerce: orders, subscriptions (contracts with their lock-in terms), loyalty, cost to serve."""

from __future__ import annotations

from django.db import models


class Order(models.Model):
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="orders"
    )
    occurred_at = models.DateTimeField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    # What the same basket costs at list price: the gap is the discount (fair value).
    list_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    description = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=40, default="accord")
    external_id = models.CharField(max_length=100, null=True, blank=True)

    class Meta:
        db_table = "commerce_order"
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "source", "external_id"], name="order_external_id"
            )
        ]
        indexes = [models.Index(fields=["customer", "occurred_at"], name="order_customer_time")]


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CANCELLED = "cancelled", "Cancelled (ends at term)"
    ENDED = "ended", "Ended"


class Subscription(models.Model):
    """A subscription or contract, with every term that makes leaving hard spelled out."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="subscriptions"
    )
    product = models.CharField(max_length=120)
    monthly_price = models.DecimalField(max_digits=10, decimal_places=2)
    list_monthly_price = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default="EUR")
    start_date = models.DateField()
    term_end_date = models.DateField()
    auto_renew = models.BooleanField(default=True)
    renewal_term_months = models.PositiveSmallIntegerField(default=12)
    early_termination_fee = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    notice_period_days = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=SubscriptionStatus.choices, default="active")
    ended_at = models.DateTimeField(null=True, blank=True)
    # A number-porting / transfer key the customer needs to move elsewhere.
    transfer_code = models.CharField(max_length=40, blank=True)
    transfer_code_released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "commerce_subscription"
        indexes = [models.Index(fields=["customer", "status"], name="subscription_customer")]


class LoyaltyBalance(models.Model):
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="loyalty_balances"
    )
    programme = models.CharField(max_length=80)
    points = models.PositiveIntegerField(default=0)
    value = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="EUR")
    expires_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "commerce_loyalty_balance"
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "programme"], name="one_balance_per_programme"
            )
        ]


class CostToServe(models.Model):
    """What serving the customer cost in a month (support time, logistics, discounts)."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="costs_to_serve"
    )
    month_date = models.DateField(help_text="First day of the month")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default="EUR")

    class Meta:
        db_table = "commerce_cost_to_serve"
        constraints = [
            models.UniqueConstraint(fields=["customer", "month_date"], name="one_cost_per_month")
        ]
