from django.urls import path  # noqa: F401

from tramites.views import consulta_nup

app_name = "tramites"

urlpatterns = [
    path("consulta/nup/", consulta_nup.pagina, name="consulta_nup"),
]
