"""Admin for survey responses and social mentions."""

from django.contrib import admin

from accord.voice.models import SocialMention, SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ("responded_at", "customer", "nps", "csat", "ces", "comment_sentiment")
    list_select_related = ("customer",)
    raw_id_fields = ("customer",)
    show_full_result_count = False


@admin.register(SocialMention)
class SocialMentionAdmin(admin.ModelAdmin):
    list_display = ("posted_at", "platform", "author_handle", "customer", "reach", "sentiment")
    list_filter = ("platform",)
    list_select_related = ("customer",)
    search_fields = ("author_handle", "post_id")
    raw_id_fields = ("customer",)
    show_full_result_count = False
