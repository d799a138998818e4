"""Paths of the receiver's side and the queries (spec tramita-api §3 #15, #17–#22, #24, #25), with or without
the trailing slash. ``<int:idt>`` keeps ``tramites/pendentes`` (and the envio's ``tramites/processo``) apart."""

from tramites.api.entrada.consulta import caminho
from tramites.api.recebimento import views

urlpatterns = [
    caminho("tramites/pendentes", views.PendenciasView.as_view(), name="api-tramites-pendentes"),
    caminho("tramites", views.ConsultaView.as_view(), name="api-tramites"),
    caminho("tramites/<int:idt>/protocolos/componentes-digitais", views.ComponenteView.as_view(),
            name="api-tramite-componente"),
    caminho("tramites/<int:idt>/protocolos/componentes-digitais/partes/<str:intervalo>",
            views.ParteDeComponenteView.as_view(), name="api-tramite-componente-parte"),
    caminho("tramites/<int:idt>/recibo", views.ReciboView.as_view(), name="api-tramite-recibo"),
    caminho("tramites/<int:idt>/recusa", views.RecusaView.as_view(), name="api-tramite-recusa"),
    caminho("tramites/<int:idt>/ciencia", views.CienciaView.as_view(), name="api-tramite-ciencia"),
]
