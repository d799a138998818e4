from django.urls import path

from tramites.views import consulta_nup
from tramites.views.painel import PainelView

app_name = "tramites"

urlpatterns = [
    path("consulta/nup/", consulta_nup.pagina, name="consulta_nup"),
    path("painel/", PainelView.as_view(), name="painel"),
]
