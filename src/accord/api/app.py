"""The Ninja API object: routers of every interface module are mounted here."""

from ninja import NinjaAPI

from accord.api import accountability, customers
from accord.api import insight as insight_api
from accord.api import promises as promises_api
from accord.api import webhooks as webhooks_api
from accord.api.auth import staff_auth

# Staff auth (bearer token or session + CSRF) is the default for every router; a router
# for other callers (partners, the portal) passes its own `auth=` when it is added.
api = NinjaAPI(
    title="Accord API",
    version="1",
    urls_namespace="api",
    auth=staff_auth,
    description="Accord's REST API. Authenticate with `Authorization: Bearer <token>` "
    "(`accord token create`) or a staff session (send the CSRF token on writes).",
)
api.add_router("/", customers.router)
api.add_router("/", promises_api.router)
api.add_router("/", accountability.router)
api.add_router("/", insight_api.router)
api.add_router("/", webhooks_api.router)
