from django.urls import path

from portal.views import publico

app_name = "portal"

urlpatterns = [
    path("", publico.home, name="home"),
    path("principal/", publico.principal, name="principal"),
]
