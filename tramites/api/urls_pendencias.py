"""The long poll of pendências (spec tramita-api §3 #16). The real bus serves it at the root of a separate
host (``pendencias.…processoeletronico.gov.br/?idTramiteDaPendenciaRecebida=N``); here it is
``interoperabilidade/rest/v3/pendencias`` (with or without the trailing slash), and nginx maps that host's
``/`` onto it (``deploy/nginx/tramita.conf``)."""

from tramites.api import pendencias
from tramites.api.entrada.consulta import caminho

urlpatterns = [
    caminho("pendencias", pendencias.pendencias, name="api-pendencias"),
]
