"""Consent tests reuse the portal's two-customer world (ada, ben, a partner)."""

from tests.portal.conftest import world  # noqa: F401
