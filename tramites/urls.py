from django.urls import path

from tramites.views import cancelar, detalhe

app_name = "tramites"

urlpatterns = [
    path("painel/tramites/<int:idt>/", detalhe.tramite_detalhe, name="tramite"),
    path("painel/tramites/<int:idt>/cancelar/", cancelar.cancelar, name="cancelar"),
    path("painel/nre/<str:nre>/", detalhe.nre_detalhe, name="nre"),
]
