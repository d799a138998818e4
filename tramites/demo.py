"""Demo data for ``make run`` (idempotent): trâmites in every outcome between the two demo órgãos.

The demo gestor's SIORG ministry (its system comes from the comites demo) sends to the Governo do Estado de
Minas Gerais (given a system "GOVMG - SEI" here); each side gets one unit mapped "Enviar e Receber" through
the mapping service. Every trâmite is created and moved through ``tramites.services`` (the one door), so the
history rows, NREs and the audit record of the Portal cancellation are the real ones. Runs after the
comites demo (``INSTALLED_APPS`` order).

Each trâmite then has its whole journey moved back a few days (``DIAS_ATRAS``: timestamps only, statuses
untouched), so the Painel shows a spread of dates and two open trâmites have been stuck longer than the
default ``dias_tramite_parado`` (3) — the Alertas, the "parados" filter and the diagnosis have something to
show — while staying short of the default automatic cancellation (8 days) and within the Painel's default
30 days.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

from django.db.models import F

from comites import demo as comites_demo
from comites.mapeamento.services import salvar_mapeamento
from comites.models import Comite, Sistema, VinculoSistemaComite
from estrutura.models import ModoDeTramitacao, Unidade
from portal.models import Pessoa
from tramites import services
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, Recibo, RegistroEletronico, Tramite
from tramites.services import Agente, contadores

E, A = sm.Evento, sm.Ator

# Valid NUPs (check digits by spec nup-cpf §B.2) and the walk each trâmite takes from status 1.
RECUSA = {"motivo": "01", "justificativa": "O formato docx não é permitido pelo sistema de destino. OBS: A recusa "
                                           "é uma das três formas de conclusão de trâmite. Portanto, não é um erro."}
_ATE_3 = [(E.COMPONENTES_ARMAZENADOS, A.BARRAMENTO), (E.METADADOS_OBTIDOS, A.DESTINATARIO)]
_ATE_6 = [*_ATE_3, (E.COMPONENTES_BAIXADOS, A.BARRAMENTO), (E.RECIBO_ENVIADO, A.DESTINATARIO),
          (E.RECIBO_OBTIDO, A.REMETENTE)]
TRAMITES = [
    # (protocolo, descrição, sent by B (the answer) instead of A, walk)
    ("19975.000101/2026-39", "Aquisição de mobiliário", False, []),
    ("19975.000102/2026-83", "Acordo de cooperação técnica", False, _ATE_3[:1]),
    ("19975.000103/2026-28", "Pedido de informação (LAI)", False, [*_ATE_3, (E.COMPONENTES_BAIXADOS, A.BARRAMENTO)]),
    ("19975.000104/2026-72", "Cessão de servidor", False, _ATE_6),
    ("19975.000104/2026-72", "Cessão de servidor (devolução)", True, _ATE_6),
    ("19975.000105/2026-17", "Convênio enviado ao destino errado", False, [(E.CANCELAMENTO, A.ADMINISTRADOR)]),
    ("19975.000106/2026-61", "Prestação de contas", False, [*_ATE_3, (E.RECUSA, A.DESTINATARIO)]),
    ("19975.000107/2026-14", "Relatório anual", False,
     [*_ATE_3, (E.RECUSA, A.DESTINATARIO), (E.CIENCIA_DA_RECUSA, A.REMETENTE)]),
    ("19975.000108/2026-51", "Consulta jurídica", False, [*_ATE_3[:1], (E.PRAZO_EXPIRADO, A.BARRAMENTO)]),
]

# Days before now at which each trâmite of TRAMITES (same order) was sent and walked. Stuck beyond 3 days:
# the one in 2 (the destination must act) and the one in 8 (the origin must acknowledge the refusal).
DIAS_ATRAS = [0, 5, 1, 20, 12, 9, 4, 15, 10]


def _recuar(tramite: Tramite, dias: int) -> None:
    """Moves a demo trâmite's journey ``dias`` days back (its timestamps only; demo data, not a transition)."""
    if not dias:
        return
    antes = timedelta(days=dias)
    Tramite.objects.filter(pk=tramite.pk).update(
        criado_em=F("criado_em") - antes, atualizado_em=F("atualizado_em") - antes,
        status_desde=F("status_desde") - antes)
    contadores.redatado(Tramite.objects.get(pk=tramite.pk), tramite.criado_em)  # the Painel's counters follow
    HistoricoDeStatus.objects.filter(tramite=tramite).update(momento=F("momento") - antes)
    Recibo.objects.filter(tramite=tramite).update(momento=F("momento") - antes)
    Recibo.objects.filter(tramite=tramite, data_de_recebimento__isnull=False).update(
        data_de_recebimento=F("data_de_recebimento") - antes)
    RegistroEletronico.objects.filter(pk=tramite.registro_id, criado_em__gt=tramite.criado_em - antes).update(
        criado_em=tramite.criado_em - antes)


def _hash(conteudo: bytes) -> str:
    return base64.b64encode(hashlib.sha256(conteudo).digest()).decode()


def _sistema(comite: Comite) -> Sistema:
    sistema = Sistema.objects.filter(vinculos__comite=comite, ativo=True).order_by("pk").first()
    if sistema is not None:
        return sistema
    from comites.sistemas import services as sistemas

    _interno, sei = comites_demo._catalogos()
    sistema = sistemas.cadastrar({
        "nome": f"{comite.unidade.sigla or 'ORG'} - {sei.sigla or 'SEI'}", "descricao": comite.unidade.nome,
        "sistema_de_governo": sei, "orgao_responsavel": comite, "publico_alvo": False,
    }, None)
    if not VinculoSistemaComite.objects.filter(comite=comite, sistema=sistema).exists():
        sistemas.vincular(comite, sistema, None)
    return sistema


def _unidade_de_protocolo(comite: Comite, sistema: Sistema) -> Unidade:
    """A unit of the órgão that sends and receives through ``sistema`` (the first child, else the root)."""
    ja = Unidade.objects.filter(sistema=sistema, permite_envio=True, permite_recebimento=True).order_by("pk").first()
    if ja is not None:
        return ja
    unidade = (Unidade.objects.filter(parent=comite.unidade, ativo=True, sistema__isnull=True).order_by("pk").first()
               or comite.unidade)
    salvar_mapeamento(comite, sistema, {unidade.pk}, {unidade.pk: ModoDeTramitacao.ENVIAR_E_RECEBER.value})
    unidade.refresh_from_db()
    return unidade


def carregar() -> dict:
    comites_demo.carregar()  # idempotent: makes sure both demo comitês exist
    gestor = Pessoa.objects.get(email=comites_demo.GESTOR_EMAIL)
    a = Comite.objects.filter(gestores__pessoa=gestor, unidade__repositorio__is_siorg=True).order_by("pk").first()
    b = Comite.objects.filter(gestores__pessoa=gestor, unidade__repositorio__is_siorg=False).order_by("pk").first()
    protocolos = {p for p, *_ in TRAMITES}
    if Tramite.objects.filter(protocolo__in=protocolos).exists():
        return {"tramites": Tramite.objects.filter(protocolo__in=protocolos).count()}
    lados = {}
    for chave, comite in (("a", a), ("b", b)):
        sistema = _sistema(comite)
        lados[chave] = (_unidade_de_protocolo(comite, sistema), sistema)
    for (protocolo, descricao, resposta, caminho), dias in zip(TRAMITES, DIAS_ATRAS, strict=True):
        (de, sistema_de), (para, sistema_para) = (lados["b"], lados["a"]) if resposta else (lados["a"], lados["b"])
        remetente = Agente.do_sistema(sistema_de, A.REMETENTE)
        tramite = services.criar_tramite(
            ator=remetente, remetente=de, destinatario=para, protocolo=protocolo, descricao=descricao,
            metadados={"processo": {"protocolo": protocolo, "descricao": descricao, "nivelDeSigilo": 1}},
            documentos=[{"ordem": 1, "descricao": "Ofício de encaminhamento", "especie_nome_no_produtor": "Ofício",
                         "componentes": [{"ordem": 1, "nome": "oficio.pdf", "tamanho": len(comites_demo.PDF_DEMO),
                                          "hash": _hash(comites_demo.PDF_DEMO),
                                          "mime_type": "application/pdf", "tipo_de_conteudo": "txt"}]}],
        )
        agentes = {A.REMETENTE: remetente, A.DESTINATARIO: Agente.do_sistema(sistema_para, A.DESTINATARIO),
                   A.BARRAMENTO: Agente.barramento("Demonstração"), A.ADMINISTRADOR: Agente.administrador(gestor)}
        for evento, ator in caminho:
            services.aplicar(tramite, evento, agentes[ator], dados=RECUSA if evento is E.RECUSA else None,
                             motivo="Enviado ao órgão errado." if evento is E.CANCELAMENTO else None)
        _recuar(tramite, dias)
    return {"tramites": len(TRAMITES)}
