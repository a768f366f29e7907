"""The customer list at /: owner and stage per row, search, filters, pages, query count."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from accord.core.bulk import insert_columns
from accord.customers.models import Customer, Identity, IdentityKind
from accord.customers.services import create_customer, update_customer
from accord.relationships.models import Stage


def row_names(response) -> list[str]:
    return re.findall(r'<a href="/customers/\d+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def book(bob, carol):
    """Three customers of bob's, one of carol's."""
    return {
        "acme": create_customer(
            name="Acme Corp", owner=bob, kind="organization", email="buy@acme.test", city="Lyon"
        ),
        "zoe": create_customer(name="Zoë Adler", owner=bob, email="zoe@mail.test"),
        "ben": create_customer(name="Ben Okafor", owner=bob, stage=Stage.AT_RISK),
        "cid": create_customer(
            name="Cid Moreau", owner=carol, email="cid@acme.test", phone="06 99 88 77 66"
        ),
    }


@pytest.mark.django_db
def test_list_shows_customers_with_owner_and_stage_ordered_by_name(client: Client, bob, book):
    bob.last_name = "Builder"
    bob.save(update_fields=["last_name"])
    client.force_login(bob)
    response = client.get("/")
    assert response.status_code == 200
    assert row_names(response) == ["Acme Corp", "Ben Okafor", "Cid Moreau", "Zoë Adler"]
    html = response.content.decode()
    assert f'<a href="/customers/{book["acme"].pk}/">Acme Corp</a>' in html
    assert "<td>Bob Builder</td>" in html and "<td>Carol</td>" in html
    assert '<span class="badge badge--at_risk">At risk</span>' in html
    assert "<td>Organization</td>" in html and "<td>Lyon</td>" in html
    assert "4 customers" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("acme", ["Acme Corp", "Cid Moreau"]),  # a word of the name or the email starts so
        ("ADLER", ["Zoë Adler"]),  # any case
        ("ZOË", ["Zoë Adler"]),  # any case, beyond ASCII too
        ("zoe adl", ["Zoë Adler"]),  # accents ignored; every word typed starts a word
        ("ben zoe", []),
        ("cme", []),  # the start of a word, not the middle
        ("zoe@mail.test", ["Zoë Adler"]),
        ("06 99", ["Cid Moreau"]),  # the customer's phone, word by word
        ("+33 6 12 34 56 78", ["Ben Okafor"]),  # exact identity value (a phone)
        ("+33 6 12", []),  # identities match exactly, not by prefix
        ("nobody", []),
    ],
)
def test_search_by_name_email_or_identity(client: Client, bob, book, q, expected):
    Identity.objects.create(
        customer=book["ben"], kind=IdentityKind.PHONE, value="+33 6 12 34 56 78"
    )
    client.force_login(bob)
    response = client.get("/", {"q": q})
    assert row_names(response) == expected
    assert f'value="{q}"' in response.content.decode()


@pytest.mark.django_db
def test_filters_by_owner_me_owner_id_and_stage(client: Client, bob, carol, book):
    client.force_login(carol)
    assert row_names(client.get("/", {"owner": "me"})) == ["Cid Moreau"]
    assert row_names(client.get("/", {"owner": bob.pk})) == ["Acme Corp", "Ben Okafor", "Zoë Adler"]
    assert row_names(client.get("/", {"owner": bob.pk, "stage": "at_risk"})) == ["Ben Okafor"]
    assert row_names(client.get("/", {"owner": bob.pk, "q": "acme"})) == ["Acme Corp"]


@pytest.mark.django_db
def test_junk_filter_values_are_ignored_not_fatal(client: Client, bob, book):
    client.force_login(bob)
    response = client.get("/", {"owner": "x';--", "stage": "nope", "page": "zzz"})
    assert response.status_code == 200
    assert len(row_names(response)) == 4


@pytest.mark.django_db
def test_pages_of_one_hundred_with_links(client: Client, bob, settings):
    for number in range(230):
        create_customer(name=f"Customer {number:03d}", owner=bob)
    client.force_login(bob)
    first = client.get("/", {"owner": "me"})
    assert row_names(first)[:2] == ["Customer 000", "Customer 001"]
    assert len(row_names(first)) == 100
    html = first.content.decode()
    assert '<span aria-current="page">1</span>' in html
    assert 'href="?owner=me&amp;page=3"' in html and 'rel="next"' in html
    last = client.get("/", {"owner": "me", "page": 3})
    assert row_names(last) == [f"Customer {number:03d}" for number in range(200, 230)]
    assert 'rel="prev"' in last.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("customers", [3, 120])
def test_query_count_does_not_grow_with_rows(
    client: Client, bob, customers, django_assert_num_queries
):
    for number in range(customers):
        create_customer(name=f"Customer {number:03d}", owner=bob, email=f"c{number}@x.test")
    client.force_login(bob)
    # session, user, count, page of customers with relationship and owner, owner options,
    # and (for a member) whether they have a mailbox, for the nav's mail inbox link
    with django_assert_num_queries(6):
        response = client.get("/", {"owner": "me"})
    assert len(row_names(response)) == min(customers, 100)
    with django_assert_num_queries(6):
        client.get("/", {"q": "x.test"})


@pytest.mark.django_db
def test_values_are_html_escaped(client: Client, bob):
    create_customer(name='<script>alert("x")</script>', owner=bob, city="A&B")
    client.force_login(bob)
    html = client.get("/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<td>A&amp;B</td>" in html


@pytest.mark.django_db
def test_empty_result_says_so(client: Client, bob):
    client.force_login(bob)
    assert "No customers match." in client.get("/", {"q": "nothing"}).content.decode()


@pytest.mark.django_db
def test_search_follows_renames_bulk_loads_and_deletions(client: Client, bob, book):
    """The word index is kept by the database: every way a customer is written shows."""
    update_customer(customer_id=book["acme"].pk, by=bob, name="Zenith Works")
    insert_columns(
        Customer,
        {
            "id": [900_000],
            "kind": ["person"],
            "name": ["Bulk Loaded"],
            "email": ["bulk@load.test"],
            "phone": [""],
            "city": [""],
            "country": [""],
            "created_at": [book["zoe"].created_at],
        },
    )
    book["ben"].delete()
    client.force_login(bob)
    assert row_names(client.get("/", {"q": "zen"})) == ["Zenith Works"]
    assert row_names(client.get("/", {"q": "corp"})) == []  # the old name is gone
    assert row_names(client.get("/", {"q": "acme"})) == ["Cid Moreau", "Zenith Works"]  # emails
    assert row_names(client.get("/", {"q": "bulk"})) == ["Bulk Loaded"]
    assert row_names(client.get("/", {"q": "okafor"})) == []
