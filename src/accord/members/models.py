"""Staff members: the people inside the company, their function, role and delegate."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from accord.core.models import Function


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Admin"


class StaffQuerySet(models.QuerySet["StaffMember"]):
    def working(self) -> StaffQuerySet:
        """Staff who still work here: see StaffMember.is_working."""
        return self.filter(is_active=True, left_at__isnull=True)


class StaffManager(UserManager["StaffMember"]):
    def get_queryset(self) -> StaffQuerySet:
        return StaffQuerySet(self.model, using=self._db)

    def working(self) -> StaffQuerySet:
        return self.get_queryset().working()


class StaffMember(AbstractUser):
    """A Django user who works for the company. `is_active` False means they left."""

    objects: ClassVar[StaffManager] = StaffManager()

    function = models.CharField(max_length=20, choices=Function.choices, default=Function.SUCCESS)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Out of office: while away_until is in the future, requests route to the delegate.
    delegate = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="delegating_for"
    )
    away_until = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "members_staff_member"
        indexes = [models.Index(fields=["function", "is_active"], name="staff_function_active")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(delegate=models.F("id")), name="staff_not_own_delegate"
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_working(self) -> bool:
        """Active and no leaving date: the one rule for "may own, act, be assigned".
        A leaving date can be recorded (admin) before the account is switched off."""
        return self.is_active and self.left_at is None

    @property
    def is_manager(self) -> bool:
        return self.role in (Role.MANAGER, Role.ADMIN)


class TokenScope(models.TextChoices):
    """What a token may do, each including the one before; the holder's role still limits
    it (an admin-scoped token of a member cannot reach manager-only endpoints)."""

    READ = "read", "Read (GET only)"
    WRITE = "write", "Read and write"
    ADMIN = "admin", "Read, write and administer (webhooks, staff, imports)"


SCOPE_RANK: dict[str, int] = {TokenScope.READ: 0, TokenScope.WRITE: 1, TokenScope.ADMIN: 2}


class ApiToken(models.Model):
    """A bearer token for the REST API. Only the SHA-256 of the secret is stored."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=5, choices=TokenScope.choices, default=TokenScope.WRITE)
    # None: never expires (only for tokens made before expiry existed or asked for so).
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "members_api_token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class FailureKind(models.TextChoices):
    PASSWORD = "password", "Staff password"
    TOKEN = "token", "API token"


class SignInFailure(models.Model):
    """One refused staff password or API token: `account` is the username (lowercased)
    or the token's prefix, `client` the client address (accord.core.clients). Counted
    over the lock window by accord.members.signin_guard; older rows are noise."""

    kind = models.CharField(max_length=8, choices=FailureKind.choices)
    account = models.CharField(max_length=150)
    client = models.CharField(max_length=45)
    failed_at = models.DateTimeField()

    class Meta:
        db_table = "members_signin_failure"
        indexes = [
            models.Index(fields=["kind", "account", "failed_at"], name="signin_failure_account"),
            models.Index(fields=["kind", "client", "failed_at"], name="signin_failure_client"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.account} from {self.client}"
