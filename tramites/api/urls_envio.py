"""The sender's paths (with or without the trailing slash, as clients send them). ``tramites/<int:IDT>`` takes
digits only, so ``tramites/pendentes`` and other named paths of the receiver's side never reach these views."""

from tramites.api.entrada.consulta import caminho
from tramites.api.envio import componentes, tramites

_TICKET = "tickets-de-envio-de-componente/<ticket>/protocolos/componentes-a-enviar"

urlpatterns = [
    caminho("tramites/processo", tramites.EnvioDeProcessoView.as_view(), name="api-envio-processo"),
    caminho("tramites/documento", tramites.EnvioDeDocumentoView.as_view(), name="api-envio-documento"),
    caminho("tramites/<int:IDT>/recibo-de-envio", tramites.ReciboDeEnvioView.as_view(), name="api-envio-recibo"),
    caminho("tramites/<int:idt>", tramites.TramiteView.as_view(), name="api-tramite"),
    caminho(_TICKET, componentes.ComponenteView.as_view(), name="api-envio-componente"),
    caminho(f"{_TICKET}/partes/sinalizacao-termino-envio", componentes.TerminoView.as_view(),
            name="api-envio-termino"),
    caminho(f"{_TICKET}/partes/<intervalo>", componentes.ParteView.as_view(), name="api-envio-parte"),
    caminho("NREs/<NRE>/destinatarios/<id_repositorio>/<id_estrutura>/reproducoes-de-tramite",
            tramites.ReproducaoView.as_view(), name="api-envio-reproducao"),
]
