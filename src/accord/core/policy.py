"""Least privilege, declared once: for every route and every actor, the expected outcome.

Each route (staff page, API operation, portal page) names one rule; a rule gives the
outcome for each kind of actor. The accessors next to the views (accord.*.access, the
API's auth) enforce it; tests/policy walks the URL configuration and the OpenAPI document
and fails when a route has no row here or any actor gets something else, so this table
and the code cannot drift apart. docs/security.md explains the rules in prose.

Refusals follow one convention: a staff member who may not touch a record gets 404 (it
might as well not exist); a manager refused by rank gets 403 with the reason; nobody
signed in is sent to the right sign-in (pages) or gets 401 (API).
"""

from __future__ import annotations

from enum import StrEnum


class Actor(StrEnum):
    """Who knocks, relative to one customer (the customer's team, owner, ...)."""

    ANONYMOUS = "anonymous"
    CUSTOMER = "customer"  # signed in to the portal as the customer
    CONTACT = "contact"  # signed in to the portal as an organization's contact
    PARTNER = "partner"  # a partner's API token
    TEAM = "team"  # a member on the customer's team
    OUTSIDER = "outsider"  # a member not on it
    OWNER = "owner"  # the accountable owner (a member)
    MANAGER = "manager"
    ADMIN = "admin"
    DEACTIVATED = "deactivated"  # staff who left: their session and their tokens
    REVOKED = "revoked"  # a revoked API token (of an admin)


class Outcome(StrEnum):
    ALLOWED = "allowed"  # the route does its work (or answers about the input: 400/409/422)
    PURPOSE = "purpose"  # the page first asks why (reading outside one's team)
    NOT_FOUND = "404"
    FORBIDDEN = "403"
    UNAUTHENTICATED = "401"
    STAFF_LOGIN = "staff login"  # redirect to /login/
    PORTAL_SIGN_IN = "portal sign-in"  # redirect to /portal/sign-in/
    ADMIN_LOGIN = "admin login"  # redirect to /admin/login/


class Surface(StrEnum):
    PAGE = "page"
    API = "api"
    PORTAL = "portal"


class Rule(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    SIGN_OUT = "sign out"  # anyone; ends on the surface's sign-in page
    PURPOSE_PAGE = "the purpose-of-access question"  # staff: the question itself
    STAFF = "staff"  # every working staff member
    STAFF_PURPOSE = "staff, purpose outside the team"  # anyone not on the team says why
    TEAM = "owner, team and managers"
    OWNER = "owner and managers"
    MANAGER = "managers and admins"
    ADMIN = "admins"
    PORTAL = "the customer and their contacts"
    SUPERUSER = "Django admin site (superusers)"
    PARTNER = "partner API (a partner's own token, never a staff one)"


A = Actor
Out = Outcome
STAFF_ACTORS = (A.TEAM, A.OUTSIDER, A.OWNER, A.MANAGER, A.ADMIN)
PORTAL_ACTORS = (A.CUSTOMER, A.CONTACT)

# Who a rule lets in among the staff; the others among them get 404.
_STAFF_ALLOWED: dict[Rule, tuple[Actor, ...]] = {
    Rule.STAFF: STAFF_ACTORS,
    Rule.STAFF_PURPOSE: STAFF_ACTORS,
    Rule.PURPOSE_PAGE: STAFF_ACTORS,
    Rule.TEAM: (A.TEAM, A.OWNER, A.MANAGER, A.ADMIN),
    Rule.OWNER: (A.OWNER, A.MANAGER, A.ADMIN),
    Rule.MANAGER: (A.MANAGER, A.ADMIN),
    Rule.ADMIN: (A.ADMIN,),
}
_SIGN_IN = {Surface.PAGE: Out.STAFF_LOGIN, Surface.API: Out.UNAUTHENTICATED}


def expected(surface: Surface, rule: Rule) -> dict[Actor, Outcome]:
    """The outcome of every actor on a route of this surface under this rule."""
    if rule is Rule.PUBLIC:
        return dict.fromkeys(Actor, Out.ALLOWED)
    if rule is Rule.SIGN_OUT:
        landing = Out.PORTAL_SIGN_IN if surface is Surface.PORTAL else Out.STAFF_LOGIN
        return dict.fromkeys(Actor, landing)
    if rule is Rule.SUPERUSER:
        return {a: Out.ALLOWED if a is A.ADMIN else Out.ADMIN_LOGIN for a in Actor}
    if rule is Rule.PARTNER:
        return {a: Out.ALLOWED if a is A.PARTNER else Out.UNAUTHENTICATED for a in Actor}
    if rule is Rule.PORTAL:
        return {a: Out.ALLOWED if a in PORTAL_ACTORS else Out.PORTAL_SIGN_IN for a in Actor}
    outcomes = dict.fromkeys(Actor, _SIGN_IN[surface])
    allowed = _STAFF_ALLOWED[rule]
    for actor in STAFF_ACTORS:
        outcomes[actor] = Out.ALLOWED if actor in allowed else Out.NOT_FOUND
    if rule is Rule.STAFF_PURPOSE:
        # Managers are not on the team by role alone: they say why too.
        for actor in (A.OUTSIDER, A.MANAGER, A.ADMIN):
            outcomes[actor] = Out.PURPOSE
    if rule is Rule.PURPOSE_PAGE:
        outcomes.update(dict.fromkeys(STAFF_ACTORS, Out.PURPOSE))
    return outcomes


R = Rule
# Staff pages: "METHOD path" with Django's converters written {name}.
PAGES: dict[str, Rule] = {
    "GET /": R.STAFF,
    "GET /login/": R.PUBLIC,
    "POST /login/": R.PUBLIC,
    "POST /logout/": R.SIGN_OUT,
    "GET /login/verify/": R.STAFF,
    "POST /login/verify/": R.STAFF,
    "GET /account/second-factor/": R.STAFF,
    "POST /account/second-factor/": R.STAFF,
    "GET /healthz": R.PUBLIC,
    "GET /dashboard/": R.STAFF,
    "GET /staff/": R.MANAGER,
    "GET /staff/new/": R.ADMIN,
    "POST /staff/new/": R.ADMIN,
    "GET /staff/{staff_id}/": R.MANAGER,
    "POST /staff/{staff_id}/": R.ADMIN,
    "POST /staff/{staff_id}/deactivate/": R.MANAGER,
    "GET /insight/": R.STAFF,
    "GET /insight/exits/": R.MANAGER,
    "GET /book/": R.STAFF,
    "GET /board/": R.MANAGER,
    "POST /board/transfer/": R.MANAGER,
    "GET /customers/new/": R.STAFF,
    "POST /customers/new/": R.STAFF,
    "GET /customers/{customer_id}/": R.STAFF_PURPOSE,
    "GET /customers/{customer_id}/purpose/": R.PURPOSE_PAGE,
    "POST /customers/{customer_id}/purpose/": R.STAFF,
    "POST /customers/{customer_id}/transfer/": R.OWNER,
    "GET /customers/{customer_id}/edit/": R.TEAM,
    "POST /customers/{customer_id}/edit/": R.TEAM,
    "POST /customers/{customer_id}/identities/": R.TEAM,
    "POST /customers/{customer_id}/identities/{identity_id}/remove/": R.TEAM,
    "GET /customers/{customer_id}/stage/": R.TEAM,
    "POST /customers/{customer_id}/stage/": R.TEAM,
    "GET /customers/{customer_id}/team/": R.TEAM,
    "POST /customers/{customer_id}/team/": R.TEAM,
    "POST /customers/{customer_id}/team/{membership_id}/remove/": R.TEAM,
    "GET /customers/{customer_id}/log/": R.TEAM,
    "POST /customers/{customer_id}/log/": R.TEAM,
    "GET /customers/{customer_id}/promises/": R.TEAM,
    "POST /customers/{customer_id}/promises/": R.TEAM,
    "POST /promises/{promise_id}/keep/": R.TEAM,
    "GET /promises/{promise_id}/break/": R.TEAM,
    "POST /promises/{promise_id}/break/": R.TEAM,
    "GET /promises/{promise_id}/renegotiate/": R.TEAM,
    "POST /promises/{promise_id}/renegotiate/": R.TEAM,
    "GET /promises/{promise_id}/cancel/": R.TEAM,
    "POST /promises/{promise_id}/cancel/": R.TEAM,
    "POST /customers/{customer_id}/requests/": R.STAFF,
    "GET /conversations/{conversation_id}/": R.STAFF_PURPOSE,
    "POST /conversations/{conversation_id}/reply/": R.TEAM,
    "POST /conversations/{conversation_id}/note/": R.TEAM,
    "POST /conversations/{conversation_id}/reassign/": R.TEAM,
    "POST /conversations/{conversation_id}/resolve/": R.TEAM,
    "GET /mail/": R.MANAGER,
    "GET /mail/{message_id}/": R.MANAGER,
    "POST /mail/{message_id}/link/": R.MANAGER,
    "GET /imports/": R.MANAGER,
    "POST /imports/upload/": R.MANAGER,
    "GET /imports/{token}/": R.MANAGER,
    "POST /imports/{token}/start/": R.MANAGER,
    "GET /imports/{token}/runs/{run_id}/": R.MANAGER,
    "GET /imports/{token}/runs/{run_id}/progress/": R.MANAGER,
    "GET /imports/{token}/runs/{run_id}/errors.csv": R.MANAGER,
    "GET /admin/": R.SUPERUSER,
    "GET /voice/mentions/": R.STAFF,
    "POST /voice/mentions/{mention_id}/link/": R.STAFF,
    "GET /voice/escalations/": R.STAFF,
    "POST /voice/escalations/{escalation_id}/resolve/": R.OWNER,
    "GET /incidents/": R.STAFF,
    "GET /incidents/{incident_id}/": R.STAFF,
    "POST /incidents/{incident_id}/attribute/": R.STAFF,
    "POST /incidents/{incident_id}/{action}/": R.STAFF,
    "GET /customers/{customer_id}/incidents/new/": R.STAFF,
    "POST /customers/{customer_id}/incidents/new/": R.STAFF,
    "GET /partners/": R.MANAGER,
    "GET /partners/new/": R.MANAGER,
    "POST /partners/new/": R.MANAGER,
    "GET /partners/scorecards/": R.STAFF,
    "GET /partners/{partner_id}/": R.MANAGER,
    "POST /partners/{partner_id}/": R.MANAGER,
    "POST /partners/{partner_id}/tokens/": R.MANAGER,
    "POST /partners/{partner_id}/tokens/{token_id}/revoke/": R.MANAGER,
}

# API operations as the OpenAPI document names them (plus the document itself).
API: dict[str, Rule] = {
    "GET /api/v1/": R.PUBLIC,
    "GET /api/v1/openapi.json": R.PUBLIC,
    "GET /api/v1/docs": R.PUBLIC,
    "GET /api/v1/customers": R.STAFF,
    "POST /api/v1/customers": R.STAFF,
    "GET /api/v1/customers/{customer_id}": R.STAFF,
    "PATCH /api/v1/customers/{customer_id}": R.TEAM,
    "GET /api/v1/customers/{customer_id}/contacts": R.STAFF,
    "POST /api/v1/customers/{customer_id}/contacts": R.TEAM,
    "GET /api/v1/contacts/{contact_id}": R.STAFF,
    "PATCH /api/v1/contacts/{contact_id}": R.TEAM,
    "DELETE /api/v1/contacts/{contact_id}": R.TEAM,
    "GET /api/v1/customers/{customer_id}/identities": R.STAFF,
    "POST /api/v1/customers/{customer_id}/identities": R.TEAM,
    "GET /api/v1/identities/{identity_id}": R.STAFF,
    "PATCH /api/v1/identities/{identity_id}": R.TEAM,
    "DELETE /api/v1/identities/{identity_id}": R.TEAM,
    "GET /api/v1/interactions": R.STAFF,
    "POST /api/v1/interactions": R.STAFF,
    "GET /api/v1/interactions/{interaction_id}": R.STAFF,
    "PATCH /api/v1/interactions/{interaction_id}": R.TEAM,
    "GET /api/v1/conversations": R.STAFF,
    "GET /api/v1/conversations/{conversation_id}": R.STAFF,
    "POST /api/v1/conversations/{conversation_id}/reply": R.TEAM,
    "POST /api/v1/conversations/{conversation_id}/resolve": R.TEAM,
    "POST /api/v1/conversations/{conversation_id}/reassign": R.TEAM,
    "GET /api/v1/conversations/{conversation_id}/notes": R.STAFF,
    "POST /api/v1/conversations/{conversation_id}/notes": R.TEAM,
    "GET /api/v1/orders": R.STAFF,
    "POST /api/v1/orders": R.TEAM,
    "GET /api/v1/orders/{order_id}": R.STAFF,
    "PATCH /api/v1/orders/{order_id}": R.TEAM,
    "GET /api/v1/subscriptions": R.STAFF,
    "POST /api/v1/subscriptions": R.TEAM,
    "GET /api/v1/subscriptions/{subscription_id}": R.STAFF,
    "PATCH /api/v1/subscriptions/{subscription_id}": R.TEAM,
    "POST /api/v1/subscriptions/{subscription_id}/end": R.TEAM,
    "GET /api/v1/surveys": R.STAFF,
    "POST /api/v1/surveys": R.TEAM,
    "GET /api/v1/surveys/{response_id}": R.STAFF,
    "PATCH /api/v1/surveys/{response_id}": R.TEAM,
    "GET /api/v1/consents": R.STAFF,
    "POST /api/v1/consents": R.TEAM,
    "GET /api/v1/consents/{consent_id}": R.STAFF,
    "GET /api/v1/customers/{customer_id}/promises": R.STAFF,
    "POST /api/v1/customers/{customer_id}/promises": R.TEAM,
    "POST /api/v1/promises/{promise_id}/keep": R.TEAM,
    "POST /api/v1/promises/{promise_id}/break": R.TEAM,
    "POST /api/v1/promises/{promise_id}/cancel": R.TEAM,
    "POST /api/v1/promises/{promise_id}/renegotiate": R.TEAM,
    "GET /api/v1/customers/{customer_id}/promise-record": R.STAFF,
    "GET /api/v1/promise-record": R.STAFF,
    "GET /api/v1/customers/{customer_id}/assignments": R.STAFF,
    "GET /api/v1/customers/{customer_id}/handoffs": R.STAFF,
    "POST /api/v1/customers/{customer_id}/transfer": R.OWNER,
    "GET /api/v1/customers/{customer_id}/team": R.STAFF,
    "POST /api/v1/customers/{customer_id}/team": R.TEAM,
    "DELETE /api/v1/customers/{customer_id}/team/{staff_id}/{function}": R.TEAM,
    "POST /api/v1/customers/{customer_id}/stage": R.TEAM,
    "POST /api/v1/requests": R.STAFF,
    "GET /api/v1/customers/{customer_id}/conversations": R.STAFF,
    "POST /api/v1/staff/{staff_id}/deactivate": R.MANAGER,
    "GET /api/v1/gaps": R.STAFF,
    "GET /api/v1/customers/{customer_id}/insight": R.STAFF,
    "GET /api/v1/customers/{customer_id}/insight/history": R.STAFF,
    "GET /api/v1/insight/customers": R.STAFF,
    "GET /api/v1/insight/summary": R.STAFF,
    "GET /api/v1/alerts": R.STAFF,
    "POST /api/v1/alerts/{alert_id}/resolve": R.TEAM,
    "GET /api/v1/webhooks": R.MANAGER,
    "POST /api/v1/webhooks": R.MANAGER,
    "GET /api/v1/webhooks/{endpoint_id}": R.MANAGER,
    "POST /api/v1/webhooks/{endpoint_id}/deactivate": R.MANAGER,
    "GET /api/v1/webhooks/{endpoint_id}/deliveries": R.MANAGER,
    "POST /api/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}/resend": R.MANAGER,
    "GET /api/v1/imports": R.MANAGER,
    "POST /api/v1/imports": R.MANAGER,
    "GET /api/v1/imports/{run_id}": R.MANAGER,
    "GET /api/v1/imports/{run_id}/errors": R.MANAGER,
    "GET /api/v1/mentions": R.STAFF,
    "POST /api/v1/mentions": R.STAFF,
    "POST /api/v1/mentions/{mention_id}/link": R.STAFF,
    "GET /api/v1/escalations": R.STAFF,
    "POST /api/v1/escalations/{escalation_id}/resolve": R.OWNER,
    "GET /api/v1/incidents": R.STAFF,
    "POST /api/v1/incidents": R.STAFF,
    "GET /api/v1/incidents/{incident_id}": R.STAFF,
    "POST /api/v1/incidents/{incident_id}/acknowledge": R.STAFF,
    "POST /api/v1/incidents/{incident_id}/attribute": R.STAFF,
    "POST /api/v1/incidents/{incident_id}/comment": R.STAFF,
    "POST /api/v1/incidents/{incident_id}/reopen": R.STAFF,
    "POST /api/v1/incidents/{incident_id}/resolve": R.STAFF,
    "POST /api/v1/incidents/{incident_id}/share": R.MANAGER,
    "POST /api/v1/partner/inbox": R.PARTNER,
    "GET /api/v1/partner/incidents": R.PARTNER,
    "POST /api/v1/partner/incidents": R.PARTNER,
    "GET /api/v1/partner/incidents/{incident_id}": R.PARTNER,
    "POST /api/v1/partner/incidents/{incident_id}/acknowledge": R.PARTNER,
    "POST /api/v1/partner/incidents/{incident_id}/comment": R.PARTNER,
    "POST /api/v1/partner/incidents/{incident_id}/resolve": R.PARTNER,
    "GET /api/v1/partner/incidents/{incident_id}/customers/{customer_id}": R.PARTNER,
    "GET /api/v1/partner/incidents/{incident_id}/customers/{customer_id}/{field}": R.PARTNER,
}

PORTAL: dict[str, Rule] = {
    "GET /portal/": R.PORTAL,
    "GET /portal/sign-in/": R.PUBLIC,
    "POST /portal/sign-in/": R.PUBLIC,
    "GET /portal/sign-in/{token}/": R.PUBLIC,
    "POST /portal/sign-in/{token}/": R.PUBLIC,
    "POST /portal/sign-out/": R.SIGN_OUT,
    "GET /portal/timeline/": R.PORTAL,
    "GET /portal/requests/": R.PORTAL,
    "POST /portal/requests/": R.PORTAL,
    "GET /portal/requests/{request_id}/": R.PORTAL,
    "GET /portal/promises/": R.PORTAL,
    "GET /portal/promises/{promise_id}/": R.PORTAL,
    "GET /portal/data/": R.PORTAL,
    "POST /portal/data/rectify/": R.PORTAL,
    "GET /portal/record-views/": R.PORTAL,
    "GET /portal/privacy/": R.PUBLIC,
    "GET /portal/consents/": R.PORTAL,
    "POST /portal/consents/": R.PORTAL,
    "GET /portal/consents/receipts/{receipt_id}/": R.PORTAL,
    "POST /portal/export/": R.PORTAL,
    "GET /portal/exports/{export_id}/": R.PORTAL,
    "POST /portal/erasure/": R.PORTAL,
    "GET /portal/leave/": R.PORTAL,
    "POST /portal/leave/": R.PORTAL,
    "POST /portal/rejoin/": R.PORTAL,
    "GET /portal/problems/": R.PORTAL,
    "POST /portal/problems/": R.PORTAL,
}

SURFACES: dict[Surface, dict[str, Rule]] = {
    Surface.PAGE: PAGES,
    Surface.API: API,
    Surface.PORTAL: PORTAL,
}


def policy_rows() -> dict[str, dict[Actor, Outcome]]:
    """Every route's expected outcome for every actor ("METHOD path" -> actor -> outcome)."""
    return {
        route: expected(surface, rule)
        for surface, routes in SURFACES.items()
        for route, rule in routes.items()
    }
