"""Fixtures for the staff pages: the desk book (tests/staff/desk_world.py)."""

from tests.staff.desk_world import desk  # noqa: F401
