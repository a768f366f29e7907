"""Refusals of the relationship rules, shared by the ownership and ending services."""

from __future__ import annotations


class OwnershipError(Exception):
    """A transfer, assignment or stage change that the rules refuse; the message says why."""


class EndingError(OwnershipError):
    """The relationship cannot end (unknown customer, already departed, no reason)."""
