"""Warning before the auto-cancel: one e-mail per sending órgão (comitê) per run to its active gestores de
protocolo, listing its trâmites that the deadline will cancel within the Parâmetro "Qtd. de dias de
antecedência do aviso de cancelamento automático" (default 1): IDT, protocolo, destino, status, since when,
when it will be cancelled, "onde está o processo" and "o que pode ser feito" (from the state machine).

Each trâmite is warned once per stale period: ``Tramite.cancelamento_avisado_em`` records it, and a trâmite
is warned again only if it moved after that (a new status restarts the deadline, so a later warning is about
a different deadline). The mark and the e-mail share one transaction per órgão: if the e-mail cannot be sent,
nothing is marked and the next run tries again; a second run the same day sends nothing.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from comites.models import Comite
from comites.services import gestores_ativos, url_absoluta
from portal.services import auditoria, email, parametros
from tramites import state_machine as sm
from tramites.models import Tramite
from tramites.services.autocancelamento import PARAMETRO_DIAS

log = logging.getLogger(__name__)

PARAMETRO_ANTECEDENCIA = "dias_aviso_cancelamento"
MODELO = "cancelamento_proximo"
LISTADOS_NO_EMAIL = 200  # more than this: the e-mail lists the first ones and the count of the rest


@dataclass(frozen=True)
class Resultado:
    orgaos: int  # e-mails sent (one per órgão)
    tramites: int  # trâmites warned


def a_avisar(agora: datetime.datetime, prazo: int, antecedencia: int):
    """Trâmites whose auto-cancel falls in ``(agora, agora + antecedencia]`` and not yet warned about it."""
    ja_vencidos = agora - datetime.timedelta(days=prazo)
    ate = agora - datetime.timedelta(days=max(prazo - antecedencia, 0))
    return (Tramite.objects
            .filter(status__in=[s.value for s in sm.AUTOCANCELAVEIS], status_desde__gte=ja_vencidos,
                    status_desde__lt=ate, comite_remetente__isnull=False)
            .filter(Q(cancelamento_avisado_em__isnull=True) | Q(cancelamento_avisado_em__lt=F("status_desde"))))


def avisar(agora: datetime.datetime | None = None) -> Resultado:
    agora = agora or timezone.now()
    prazo = parametros.inteiro(PARAMETRO_DIAS)
    antecedencia = parametros.inteiro(PARAMETRO_ANTECEDENCIA)
    por_orgao: dict[int, list[int]] = defaultdict(list)
    for idt, comite_id in a_avisar(agora, prazo, antecedencia).order_by("idt").values_list("idt", "comite_remetente"):
        por_orgao[comite_id].append(idt)
    comites = Comite.objects.select_related("unidade").in_bulk(list(por_orgao))
    orgaos = tramites = 0
    for comite_id, idts in por_orgao.items():
        comite = comites[comite_id]
        destinatarios = sorted({g.pessoa.email_unidade or g.pessoa.email for g in gestores_ativos(comite)} - {""})
        if not destinatarios:
            log.warning("aviso de cancelamento: órgão %s sem gestor ativo; %d trâmite(s) sem aviso",
                        comite_id, len(idts))
            continue
        avisados = _avisar_orgao(comite, idts, destinatarios, agora, prazo, antecedencia)
        orgaos += bool(avisados)
        tramites += avisados
    return Resultado(orgaos, tramites)


def _avisar_orgao(comite, idts, destinatarios, agora, prazo: int, antecedencia: int) -> int:
    with transaction.atomic():
        # Lock and re-read: a trâmite that moved (or was warned by a concurrent run) since the query drops out.
        travados = list(a_avisar(agora, prazo, antecedencia).filter(idt__in=idts).select_for_update(of=("self",))
                        .order_by("idt").values_list("idt", flat=True))
        if not travados:
            return 0
        linhas = list(Tramite.objects.filter(idt__in=travados).order_by("status_desde", "idt")
                      .select_related("unidade_destinatario", "comite_destinatario__unidade"))
        Tramite.objects.filter(idt__in=travados).update(cancelamento_avisado_em=agora)
        auditoria.registrar(
            "tramite.aviso_de_cancelamento", comite, comite_id=comite.pk,
            depois={"quantidade": len(travados), "idts": travados[:LISTADOS_NO_EMAIL],
                    "destinatarios": destinatarios},
            detalhes=f"Aviso de cancelamento automático de {len(travados)} trâmite(s) enviado aos gestores.",
        )
        email.enviar(MODELO, destinatarios, {
            "orgao": _nome(comite.unidade), "quantidade": len(travados), "dias": antecedencia, "prazo": prazo,
            "tramites": _lista(linhas, prazo), "link": url_absoluta("/"),
        }, apos_commit=False)  # inside the transaction: a failed send marks nothing and is retried next run
    return len(travados)


def _nome(unidade) -> str:
    return f"{unidade.nome} ({unidade.sigla})" if unidade.sigla else unidade.nome


def _quando(momento: datetime.datetime) -> str:
    return timezone.localtime(momento).strftime("%d/%m/%Y %H:%M")


def _lista(tramites: list[Tramite], prazo: int) -> str:
    blocos = []
    for t in tramites[:LISTADOS_NO_EMAIL]:
        status = sm.como_status(t.status)
        destino = t.unidade_destinatario.nome
        if t.comite_destinatario_id:
            destino = f"{destino}, {_nome(t.comite_destinatario.unidade)}"
        linhas = [
            f"- IDT {t.idt} · protocolo {t.protocolo} · para {destino}",
            f"  Situação: {status.rotulo_com_numero}, desde {_quando(t.status_desde)}",
            f"  Cancelamento automático a partir de: {_quando(t.status_desde + datetime.timedelta(days=prazo))}",
            f"  Onde está o processo: {status.onde_esta}",
        ]
        if status.o_que_fazer:
            linhas.append(f"  O que pode ser feito: {status.o_que_fazer}")
        blocos.append("\n".join(linhas))
    if len(tramites) > LISTADOS_NO_EMAIL:
        blocos.append(f"… e mais {len(tramites) - LISTADOS_NO_EMAIL} trâmite(s).")
    return "\n\n".join(blocos)
