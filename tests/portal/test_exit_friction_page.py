"""Managers see exit friction over time on /insight/exits/; members get a 404."""

from __future__ import annotations

from django.test import Client


def test_manager_sees_exit_friction_after_a_leave(world, ada_client, alice):
    ada_client.post("/portal/leave/")
    staff = Client()
    staff.force_login(alice)
    response = staff.get("/insight/exits/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and 'id="exit-table"' in body
    assert '<div class="stat" id="forced-total">0</div>' in body
    row = body.split("<tbody>")[1].split("</tr>")[0]
    assert "<td>1</td>" in row and "<td>2.0</td>" in row  # one exit, two steps


def test_member_gets_404_and_anonymous_is_sent_to_login(world, bob):
    staff = Client()
    staff.force_login(bob)
    assert staff.get("/insight/exits/").status_code == 404
    response = Client().get("/insight/exits/")
    assert response.status_code == 302 and "/login/" in response["Location"]
