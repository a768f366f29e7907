"""Partner vendors: the other companies in the customer's journey."""

from __future__ import annotations

from django.db import models


class Partner(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True)
    contact_email = models.CharField(max_length=254, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "partners_partner"

    def __str__(self) -> str:
        return self.name
