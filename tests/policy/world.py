"""One customer with everything a route can point at, and every actor of the policy table
signed in (a client each). Built once per test by tests/policy/test_policy_table.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone

from accord.commerce.models import Order, Subscription
from accord.consents.services import set_consent
from accord.core.models import Function
from accord.core.policy import Actor
from accord.customers.models import Contact, CustomerKind, Identity
from accord.customers.services import create_customer
from accord.handovers.departures import deactivate_staff
from accord.imports.models import ImportRun
from accord.imports.uploads import record_run, save_upload
from accord.incidents.services import Actor as IncidentActor
from accord.incidents.services import attribute_incident, open_incident
from accord.interactions.models import Conversation, Interaction, Request
from accord.mail.models import CapturedMessage
from accord.members.models import Role, StaffMember
from accord.members.services import issue_api_token, revoke_api_token
from accord.partners.services import issue_partner_token, save_partner
from accord.portal.models import ExportJob
from accord.promises.models import Promise
from accord.relationships.models import Stage, TeamMembership
from accord.scoring.incremental import rescore_customer
from accord.scoring.models import Alert
from accord.voice.models import Escalation, SocialMention, SurveyResponse
from accord.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.conftest import make_staff
from tests.portal.conftest import sign_in


@dataclass
class World:
    params: dict[str, str]  # path parameter name -> a value of this world
    pages: dict[Actor, Client] = field(default_factory=dict)  # session clients
    api: dict[Actor, dict[str, str]] = field(default_factory=dict)  # request headers


def _now() -> Any:
    return timezone.now()


def build_world() -> World:
    staff = {
        Actor.OWNER: make_staff("olive"),
        Actor.TEAM: make_staff("tess", function=Function.SUPPORT),
        Actor.OUTSIDER: make_staff("otto"),
        Actor.MANAGER: make_staff("max", function=Function.MANAGEMENT, role=Role.MANAGER),
        Actor.ADMIN: make_staff("root", function=Function.MANAGEMENT, role=Role.ADMIN),
        Actor.DEACTIVATED: make_staff("dora", function=Function.SUPPORT),
    }
    staff[Actor.ADMIN].is_staff = staff[Actor.ADMIN].is_superuser = True
    staff[Actor.ADMIN].save()
    helper = make_staff("hal", function=Function.SALES)  # the one routes act on
    owner = staff[Actor.OWNER]
    customer = create_customer(
        name="Engines Ltd",
        owner=owner,
        kind=CustomerKind.ORGANIZATION,
        email="office@engines.example",
        stage=Stage.ACTIVE,
    )
    contact = Contact.objects.create(
        customer=customer, name="Charles Babbage", email="cb@engines.example"
    )
    now = _now()
    for member, function in (
        (staff[Actor.TEAM], Function.SUPPORT),
        (staff[Actor.DEACTIVATED], Function.SUPPORT),
        (helper, Function.SALES),
    ):
        TeamMembership.objects.create(
            customer=customer, staff=member, function=function, added_at=now
        )
    membership = TeamMembership.objects.get(customer=customer, staff=helper)
    identity = Identity.objects.create(customer=customer, kind="phone", value="+441234567890")
    interaction = Interaction.objects.create(
        customer=customer, channel="phone", direction="inbound", occurred_at=now, kind="call"
    )
    conversation = Conversation.objects.create(
        customer=customer, kind="request", subject="Router", opened_at=now, last_activity_at=now
    )
    request = Request.objects.create(
        customer=customer,
        conversation=conversation,
        channel="email",
        kind="request",
        subject="Router keeps rebooting",
        assigned_to=owner,
        received_at=now,
        due_at=now + timedelta(days=2),
    )
    promise = Promise.objects.create(
        customer=customer,
        made_by_side="company",
        staff=owner,
        kind="callback",
        description="Call back about the router",
        made_at=now,
        due_at=now + timedelta(days=3),
    )
    order = Order.objects.create(customer=customer, occurred_at=now, amount=Decimal("10.00"))
    subscription = Subscription.objects.create(
        customer=customer,
        product="Fibre",
        monthly_price=Decimal("39"),
        list_monthly_price=Decimal("45"),
        start_date=date(2025, 1, 1),
        term_end_date=date(2027, 12, 31),
    )
    survey = SurveyResponse.objects.create(customer=customer, responded_at=now)
    receipt = set_consent(
        customer_id=customer.pk, purpose="analytics", is_granted=True, method="portal"
    )
    alert = Alert.objects.create(
        customer=customer, owner=owner, kind="health_drop", message="Health fell", created_at=now
    )
    endpoint = WebhookEndpoint.objects.create(
        url="https://hooks.example/accord", secret="s" * 32, created_at=now
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        customer=customer,
        alert=alert,
        event="alert.created",
        status="failed",
        payload={},
        created_at=now,
    )
    message = CapturedMessage.objects.create(
        message_id="<m1@engines.example>",
        status="unmatched",
        direction="inbound",
        sent_at=now,
        captured_at=now,
    )
    export = ExportJob.objects.create(customer=customer, reason="requested", created_at=now)
    upload = save_upload([("people.csv", [b"name,email\nAda,ada@example.com\n"])], 30, None)
    run = ImportRun.objects.create(
        kind="customers", source="csv", file_name="people.csv", file_hash="0" * 64, started_at=now
    )
    record_run(upload, run.pk)
    mention = SocialMention.objects.create(
        platform="x", post_id="p1", author_handle="stranger", text="Awful", posted_at=now
    )
    escalation = Escalation.objects.create(
        customer=customer,
        owner=owner,
        kind="reach",
        message="A loud post",
        created_at=now,
        due_at=now + timedelta(hours=4),
    )
    # A partner the customer shares with, and an incident attributed (so shared) to it.
    partner = save_partner(
        {"name": "Orbit Mobile", "role": "network", "shared_fields": ["name"]}, by=None
    )
    set_consent(
        customer_id=customer.pk,
        purpose="partner_sharing",
        is_granted=True,
        method="portal",
        partner_id=partner.pk,
    )
    partner_token = issue_partner_token(partner=partner, name="policy")
    incident = open_incident(
        {"title": "No signal", "customer_ids": [customer.pk]}, actor=IncidentActor(label="policy")
    )
    attribute_incident(
        incident,
        {"vendor": "partner", "partner_id": partner.pk, "evidence": "tower log"},
        actor=IncidentActor(label="policy"),
    )
    rescore_customer(customer.pk)
    params = {
        "customer_id": customer.pk,
        "staff_id": helper.pk,
        "function": Function.SALES,
        "membership_id": membership.pk,
        "identity_id": identity.pk,
        "contact_id": contact.pk,
        "interaction_id": interaction.pk,
        "conversation_id": conversation.pk,
        "request_id": request.pk,
        "promise_id": promise.pk,
        "order_id": order.pk,
        "subscription_id": subscription.pk,
        "response_id": survey.pk,
        "consent_id": receipt.consent_id,
        "receipt_id": receipt.receipt_id,
        "alert_id": alert.pk,
        "endpoint_id": endpoint.pk,
        "delivery_id": delivery.pk,
        "message_id": message.pk,
        "export_id": export.pk,
        "token": upload.token,
        "run_id": run.pk,
        "mention_id": mention.pk,
        "escalation_id": escalation.pk,
        "partner_id": partner.pk,
        "token_id": partner_token.token.pk,
        "incident_id": incident.pk,
        "action": "resolve",
        "field": "name",
    }
    world = World(params={k: str(v) for k, v in params.items()})
    _sign_everyone_in(world, staff)
    world.api[Actor.PARTNER] = {"HTTP_AUTHORIZATION": f"Bearer {partner_token.plaintext}"}
    return world


def _sign_everyone_in(world: World, staff: dict[Actor, StaffMember]) -> None:
    for actor, member in staff.items():
        client = Client()
        client.force_login(member)
        world.pages[actor] = client
        token = issue_api_token(staff=member, name="policy", scope="admin").plaintext
        world.api[actor] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    deactivate_staff(staff[Actor.DEACTIVATED], by=None)
    revoked = issue_api_token(staff=staff[Actor.ADMIN], name="revoked", scope="admin")
    revoke_api_token(prefix=revoked.token.prefix)
    world.api[Actor.REVOKED] = {"HTTP_AUTHORIZATION": f"Bearer {revoked.plaintext}"}
    world.pages[Actor.REVOKED] = Client(HTTP_AUTHORIZATION=f"Bearer {revoked.plaintext}")
    world.pages[Actor.ANONYMOUS] = Client()
    world.api[Actor.ANONYMOUS] = {}
    # On pages a partner's token is a stranger's: a well-formed bearer token that is nobody's
    # (build_world gives the partner its real token on the API).
    partner = f"Bearer {uuid.uuid4().hex[:8]}.{uuid.uuid4().hex}"
    world.pages[Actor.PARTNER] = Client(HTTP_AUTHORIZATION=partner)
    world.pages[Actor.CUSTOMER] = sign_in(Client(), "office@engines.example")
    world.pages[Actor.CONTACT] = sign_in(Client(), "cb@engines.example")
    # On the API, portal visitors present their portal session cookie.
    for actor in (Actor.CUSTOMER, Actor.CONTACT):
        cookie = world.pages[actor].cookies["sessionid"].value
        world.api[actor] = {"HTTP_COOKIE": f"sessionid={cookie}"}
