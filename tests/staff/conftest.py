"""Fixtures for the staff pages: the desk book (tests/staff/desk_world.py) and the
incident world of partners and customers (tests/incidents/conftest.py)."""

from tests.incidents.conftest import partners  # noqa: F401
from tests.staff.desk_world import desk  # noqa: F401
