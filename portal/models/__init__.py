from .auditoria import RegistroDeAuditoria
from .catalogos import GestorTecnologico, SistemaDeGoverno
from .parametros import Batimento, Parametro
from .pessoas import PerfilAtribuido, Pessoa

__all__ = [
    "Batimento",
    "GestorTecnologico",
    "Parametro",
    "PerfilAtribuido",
    "Pessoa",
    "RegistroDeAuditoria",
    "SistemaDeGoverno",
]
