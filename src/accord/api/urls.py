from django.urls import path

from accord.api.app import api

urlpatterns = [path("", api.urls)]
