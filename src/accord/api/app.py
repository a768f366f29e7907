"""The Ninja API object: routers of every interface module are mounted here."""

from typing import Any

from ninja import NinjaAPI

from accord.api import (
    accountability,
    consents,
    contacts,
    conversations,
    customers,
    identities,
    imports,
    interactions,
    orders,
    subscriptions,
    surveys,
)
from accord.api import incidents as incidents_api
from accord.api import insight as insight_api
from accord.api import mentions as mentions_api
from accord.api import partner as partner_api
from accord.api import promises as promises_api
from accord.api import webhooks as webhooks_api
from accord.api.auth import staff_auth
from accord.api.errors import document_refusals, install_error_handlers


class AccordAPI(NinjaAPI):
    """Ninja with the refusals (400-429, one shape) documented on every operation."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_refusals(super().get_openapi_schema(**kwargs))


# Staff auth (bearer token or session + CSRF) is the default for every router; a router
# for other callers (partners, the portal) passes its own `auth=` when it is added.
api = AccordAPI(
    title="Accord API",
    version="1",
    urls_namespace="api",
    auth=staff_auth,
    description="Accord's REST API. Authenticate with `Authorization: Bearer <token>` "
    "(`accord token create --scope read|write|admin`) or a staff session (send the CSRF "
    'token on writes). Every 4xx answers `{"detail": [{"type", "loc", "msg"}]}`; '
    "lists page with `cursor` (see docs/api.md).",
)
install_error_handlers(api)
api.add_router("/", customers.router)
api.add_router("/", contacts.router)
api.add_router("/", identities.router)
api.add_router("/", interactions.router)
api.add_router("/", conversations.router)
api.add_router("/", orders.router)
api.add_router("/", subscriptions.router)
api.add_router("/", surveys.router)
api.add_router("/", consents.router)
api.add_router("/", promises_api.router)
api.add_router("/", accountability.router)
api.add_router("/", insight_api.router)
api.add_router("/", webhooks_api.router)
api.add_router("/", mentions_api.router)
api.add_router("/", imports.router)
api.add_router("/", incidents_api.router)
# Partners call with their own token scheme (PartnerTokenAuth), never a staff one.
api.add_router("/", partner_api.router)
