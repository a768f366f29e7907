"""Admin for customers, contacts and identities; raw-id widgets keep it fast on a big book."""

from django.contrib import admin

from accord.customers.models import Contact, Customer, Identity


class IdentityInline(admin.TabularInline):
    model = Identity
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "email", "city", "country", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "email")
    inlines = (IdentityInline, ContactInline)
    # COUNT(*) over the whole book on every change-list page is wasted work.
    show_full_result_count = False


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "customer", "is_primary")
    list_select_related = ("customer",)
    search_fields = ("name", "email")
    raw_id_fields = ("customer",)
    show_full_result_count = False


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    list_display = ("kind", "source", "value", "customer")
    list_filter = ("kind",)
    list_select_related = ("customer",)
    search_fields = ("=value",)
    raw_id_fields = ("customer",)
    show_full_result_count = False
