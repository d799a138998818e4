from django.urls import path

from tramites.views import cancelar, consulta_nup, detalhe
from tramites.views.painel import PainelView

app_name = "tramites"

urlpatterns = [
    path("consulta/nup/", consulta_nup.pagina, name="consulta_nup"),
    path("painel/", PainelView.as_view(), name="painel"),
    path("painel/tramites/<int:idt>/", detalhe.tramite_detalhe, name="tramite"),
    path("painel/tramites/<int:idt>/cancelar/", cancelar.cancelar, name="cancelar"),
    path("painel/nre/<str:nre>/", detalhe.nre_detalhe, name="nre"),
]
