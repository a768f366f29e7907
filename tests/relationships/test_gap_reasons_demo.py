"""The board's reason for every planted orphan is the generator's ground truth: "owner
left" where the owner left the company, "assignment ended" where the owner still works
here (the old board called that owner "no longer active"). Page and API agree."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from accord.demo.generate import generate_company
from accord.demo.models import DemoBook, PlantedSituation
from accord.members.models import StaffMember
from accord.members.services import issue_api_token
from tests.conftest import make_staff

# accord.demo.truth writes "<variant>: <detail>" for orphans.
TRUTH_TO_REASON = {"owner left": "owner_left", "unassigned": "assignment_ended"}
ROW = re.compile(
    r'<tr data-customer="(\d+)">.*?data-reason="([a-z_]+)">.*?</span></td>\s*<td>([^<]*)</td>',
    re.S,
)


@pytest.fixture
def demo_book(transactional_db) -> DemoBook:
    # Transactional: the generator commits per chunk (see test_gaps_demo).
    generate_company(customers=400, seed=7)
    return DemoBook.objects.get()


def test_every_planted_orphan_has_its_true_reason_on_the_board_and_in_the_api(demo_book):
    truth = {
        customer_id: TRUTH_TO_REASON[detail.split(":", 1)[0]]
        for customer_id, detail in PlantedSituation.objects.filter(
            situation="orphaned"
        ).values_list("customer_id", "detail")
    }
    assert set(truth.values()) == {"owner_left", "assignment_ended"}
    manager = make_staff("auditor", function="management", role="manager")
    token = issue_api_token(staff=manager, name="tests").plaintext
    as_of = demo_book.as_of.isoformat().replace("+00:00", "Z")
    api = Client().get(
        f"/api/v1/gaps?kind=orphaned&as_of={as_of}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert api.status_code == 200
    from_api = {gap["customer_id"]: gap["reason"] for gap in api.json()}
    assert from_api == truth

    client = Client()
    client.force_login(manager)
    page = client.get(f"/board/?kind=orphaned&as_of={demo_book.as_of.isoformat()}")
    rows = ROW.findall(page.content.decode())
    from_page = {int(customer): reason for customer, reason, _owner in rows}
    # The page shows the first 100 rows; each shown one says what the API says.
    assert from_page and all(from_api[customer] == r for customer, r in from_page.items())

    for gap in api.json():
        owner = StaffMember.objects.get(pk=gap["owner_id"])
        if gap["reason"] == "assignment_ended":
            assert owner.is_active and owner.left_at is None
            assert f"{gap['owner_name']} still works here" in gap["explanation"]
            assert "no longer active" not in gap["explanation"]
        else:
            assert owner.left_at is not None
            assert gap["explanation"].startswith(f"Owner {gap['owner_name']} left on ")
