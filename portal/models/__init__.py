from .auditoria import RegistroDeAuditoria
from .catalogos import GestorTecnologico, SistemaDeGoverno
from .exportacoes import ExportacaoAgendada
from .parametros import Batimento, Parametro
from .pessoas import PerfilAtribuido, Pessoa

__all__ = [
    "Batimento",
    "ExportacaoAgendada",
    "GestorTecnologico",
    "Parametro",
    "PerfilAtribuido",
    "Pessoa",
    "RegistroDeAuditoria",
    "SistemaDeGoverno",
]
