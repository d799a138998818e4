"""Trâmites for the tests, built through the services (the real path): two órgãos with their systems and a
send from one to the other, walked to any status by the events of the state machine."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from comites.models import VinculoSistemaComite
from estrutura.models import Unidade
from tramites import services
from tramites import state_machine as sm
from tramites.services import Agente

from .comites import ComiteFactory, SistemaFactory
from .estrutura import OrgaoFactory, RepositorioFactory, UnidadeFactory

E, A = sm.Evento, sm.Ator

# The shortest walk from status 1 to each status: (event, actor) pairs.
CAMINHOS: dict[sm.Status, list[tuple[sm.Evento, sm.Ator]]] = {}
_ida = [(E.COMPONENTES_ARMAZENADOS, A.BARRAMENTO), (E.METADADOS_OBTIDOS, A.DESTINATARIO),
        (E.COMPONENTES_BAIXADOS, A.BARRAMENTO), (E.RECIBO_ENVIADO, A.DESTINATARIO), (E.RECIBO_OBTIDO, A.REMETENTE)]
for _n in range(6):
    CAMINHOS[sm.Status(_n + 1)] = _ida[:_n]
CAMINHOS[sm.Status.CANCELADO] = [(E.CANCELAMENTO, A.REMETENTE)]
CAMINHOS[sm.Status.RECUSADO] = _ida[:2] + [(E.RECUSA, A.DESTINATARIO)]
CAMINHOS[sm.Status.CIENCIA_RECUSA] = CAMINHOS[sm.Status.RECUSADO] + [(E.CIENCIA_DA_RECUSA, A.REMETENTE)]
CAMINHOS[sm.Status.CANCELADO_AUTOMATICAMENTE] = [(E.PRAZO_EXPIRADO, A.BARRAMENTO)]

RECUSA = {"motivo": "04", "justificativa": "Espécie documental não mapeada no destinatário."}


def hash_de(conteudo: bytes) -> str:
    return base64.b64encode(hashlib.sha256(conteudo).digest()).decode()


@dataclass
class Orgao:
    sigla: str
    comite: object
    orgao: object
    protocolo: object  # the unit that sends and receives through the system
    sistema: object

    def agente(self, tipo: sm.Ator) -> Agente:
        return Agente.do_sistema(self.sistema, tipo)


def orgao(sigla: str, repositorio=None, gestor_tecnologico=None) -> Orgao:
    repositorio = repositorio or RepositorioFactory()
    raiz = OrgaoFactory(repositorio=repositorio, nome=f"Órgão {sigla}", sigla=sigla)
    comite = ComiteFactory(unidade=raiz, **({"gestor_tecnologico": gestor_tecnologico} if gestor_tecnologico else {}))
    sistema = SistemaFactory(orgao_responsavel=comite, nome=f"{sigla} - SEI")
    VinculoSistemaComite.objects.create(sistema=sistema, comite=comite)
    unidade = UnidadeFactory(parent=raiz, nome=f"Protocolo de {sigla}", sigla=f"PROT-{sigla}")
    Unidade.objects.filter(pk=unidade.pk).update(sistema=sistema, permite_envio=True, permite_recebimento=True)
    unidade.refresh_from_db()
    return Orgao(sigla=sigla, comite=comite, orgao=raiz, protocolo=unidade, sistema=sistema)


_numero = iter(range(1, 10**6))


def protocolo_novo() -> str:
    return f"99999.{next(_numero):06d}/2026-00"


def documentos(n: int = 1) -> list[dict]:
    return [{
        "ordem": i, "descricao": f"Documento {i}", "especie_nome_no_produtor": "Despacho",
        "componentes": [{"ordem": 1, "nome": f"doc{i}.pdf", "hash": hash_de(f"conteúdo {i}".encode()),
                         "tamanho": 11, "mime_type": "application/pdf", "tipo_de_conteudo": "txt"}],
    } for i in range(1, n + 1)]


def enviar(de: Orgao, para: Orgao, *, protocolo: str | None = None, **extra):
    """A new trâmite from ``de``'s protocol unit to ``para``'s, started by ``de``'s system."""
    return services.criar_tramite(
        ator=de.agente(A.REMETENTE), remetente=de.protocolo, destinatario=extra.pop("destinatario", para.protocolo),
        protocolo=protocolo or protocolo_novo(), documentos=extra.pop("documentos", documentos()), **extra,
    )


def agente_para(tramite, de: Orgao, para: Orgao, ator: sm.Ator) -> Agente:
    if ator is A.REMETENTE:
        return de.agente(A.REMETENTE)
    if ator is A.DESTINATARIO:
        return para.agente(A.DESTINATARIO)
    return Agente.barramento("teste")


def levar_a(tramite, status: sm.Status, de: Orgao, para: Orgao):
    """Walks ``tramite`` (in status 1) to ``status`` through ``services.aplicar``."""
    for evento, ator in CAMINHOS[sm.Status(status)]:
        services.aplicar(tramite, evento, agente_para(tramite, de, para, ator),
                         dados=RECUSA if evento is E.RECUSA else None)
    return tramite
