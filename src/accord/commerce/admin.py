"""Admin for orders, subscriptions, loyalty balances and cost to serve."""

from django.contrib import admin

from accord.commerce.models import CostToServe, LoyaltyBalance, Order, Subscription


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "customer", "amount", "currency", "description")
    list_select_related = ("customer",)
    search_fields = ("external_id", "description")
    raw_id_fields = ("customer",)
    show_full_result_count = False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("product", "customer", "monthly_price", "term_end_date", "status")
    list_filter = ("status", "auto_renew")
    list_select_related = ("customer",)
    search_fields = ("product",)
    raw_id_fields = ("customer",)
    show_full_result_count = False


@admin.register(LoyaltyBalance)
class LoyaltyBalanceAdmin(admin.ModelAdmin):
    list_display = ("customer", "programme", "points", "value", "expires_at")
    list_select_related = ("customer",)
    raw_id_fields = ("customer",)
    show_full_result_count = False


@admin.register(CostToServe)
class CostToServeAdmin(admin.ModelAdmin):
    list_display = ("customer", "month_date", "amount", "currency")
    list_select_related = ("customer",)
    raw_id_fields = ("customer",)
    show_full_result_count = False
