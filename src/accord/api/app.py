"""The Ninja API object: routers of every interface module are mounted here."""

from ninja import NinjaAPI

api = NinjaAPI(title="Accord API", version="1", urls_namespace="api")
