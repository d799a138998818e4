"""The trâmite engine's data: the NRE registry, trâmites, their documents and components, the status history
(one row per transition) and the receipts. Written only by ``tramites.services``."""

from tramites.models.contador import ContadorDeSituacao
from tramites.models.conteudo import ComponenteDigital, Documento, NivelDeSigilo
from tramites.models.historico import HistoricoDeStatus, Recibo
from tramites.models.pendencias import EntregaDePendencia
from tramites.models.resumo import ResumoDeParados
from tramites.models.tramite import MotivoDeRecusa, RegistroEletronico, Tipo, Tramite

__all__ = [
    "ComponenteDigital",
    "ContadorDeSituacao",
    "Documento",
    "EntregaDePendencia",
    "HistoricoDeStatus",
    "MotivoDeRecusa",
    "NivelDeSigilo",
    "Recibo",
    "ResumoDeParados",
    "RegistroEletronico",
    "Tipo",
    "Tramite",
]
