"""The daily digest of stuck trâmites: one e-mail per órgão to its active gestores de protocolo, listing the
trâmites that wait for that órgão (``state_machine.lado_que_deve_agir``: the receiver in 2, 3, 4; the sender
in 1, 5, 8) for longer than the Parâmetro ``dias_tramite_parado``, each with how long, where the process is,
what can be done and — for a refused trâmite stuck in 8 — whether its origin unit was inactivated.

Set-based: one query for the stuck trâmites of every órgão (the acting órgão computed in the database), one
for the órgãos already served today, one for the gestores, one for the órgãos; then one transaction per
órgão writes ``ResumoDeParados`` (unique per órgão and day: at most one e-mail a day, even with two runs at
once), the audit record and sends the e-mail (a failed send rolls the row back; the next run retries).
The e-mail's subject and body are the Parâmetros ``email_tramites_parados_*``.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Case, F, IntegerField, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from comites.models import Comite
from comites.services import url_absoluta
from portal.services import auditoria, email, parametros
from tramites import state_machine as sm
from tramites.models import ResumoDeParados, Tramite
from tramites.services.diagnostico import PARAMETRO_DIAS_PARADO, aviso_de_unidade_inativa, contatos_de, duracao

log = logging.getLogger(__name__)

MODELO = "tramites_parados"
LISTADOS_NO_EMAIL = 200  # more than this: the e-mail lists the oldest ones and the count of the rest


@dataclass(frozen=True)
class Resultado:
    orgaos: int  # e-mails sent
    tramites: int  # trâmites listed in them (the ones past LISTADOS_NO_EMAIL counted too)


def _valores(lado) -> list[int]:
    return sorted(s.value for s in sm.status_em_que_age(lado))


def parados(agora: datetime.datetime, dias: int):
    """Stuck trâmites annotated with ``orgao_que_age`` (the comitê whose system must act)."""
    do_destinatario, do_remetente = _valores(sm.Ator.DESTINATARIO), _valores(sm.Ator.REMETENTE)
    return (Tramite.objects
            .filter(status__in=do_destinatario + do_remetente, status_desde__lt=agora - datetime.timedelta(days=dias))
            .annotate(orgao_que_age=Case(
                When(status__in=do_destinatario, then=F("comite_destinatario_id")),
                When(status__in=do_remetente, then=F("comite_remetente_id")),
                output_field=IntegerField()))
            .filter(orgao_que_age__isnull=False))


def enviar(agora: datetime.datetime | None = None) -> Resultado:
    agora = agora or timezone.now()
    hoje = timezone.localdate(agora)
    dias = parametros.inteiro(PARAMETRO_DIAS_PARADO)
    ja_enviados = set(ResumoDeParados.objects.filter(dia=hoje).values_list("comite_id", flat=True))
    linhas = (parados(agora, dias).exclude(orgao_que_age__in=ja_enviados)
              .select_related("unidade_remetente__repositorio", "unidade_destinatario", "comite_remetente__unidade",
                              "comite_destinatario__unidade")
              .order_by("orgao_que_age", "status_desde", "idt"))
    por_orgao: dict[int, list[Tramite]] = defaultdict(list)
    totais: dict[int, int] = defaultdict(int)
    for tramite in linhas.iterator(chunk_size=2000):
        totais[tramite.orgao_que_age] += 1
        if totais[tramite.orgao_que_age] <= LISTADOS_NO_EMAIL:
            por_orgao[tramite.orgao_que_age].append(tramite)
    if not totais:
        return Resultado(0, 0)
    contatos = contatos_de(totais)
    comites = Comite.objects.select_related("unidade").in_bulk(list(totais))
    orgaos = listados = 0
    for comite_id, total in totais.items():
        destinatarios = sorted({c.email for c in contatos.get(comite_id, [])} - {""})
        if not destinatarios:
            log.warning("resumo de trâmites parados: órgão %s sem gestor ativo; %d trâmite(s)", comite_id, total)
            continue
        if _enviar_ao_orgao(comites[comite_id], hoje, por_orgao[comite_id], total, destinatarios, agora, dias):
            orgaos += 1
            listados += total
    return Resultado(orgaos, listados)


def _enviar_ao_orgao(comite, hoje, tramites, total: int, destinatarios, agora, dias: int) -> bool:
    try:
        with transaction.atomic():
            ResumoDeParados.objects.create(comite=comite, dia=hoje, quantidade=total)
            auditoria.registrar(
                "tramite.resumo_de_parados", comite, comite_id=comite.pk,
                depois={"quantidade": total, "idts": [t.idt for t in tramites], "destinatarios": destinatarios},
                detalhes=f"Resumo diário de {total} trâmite(s) parado(s) enviado aos gestores.",
            )
            email.enviar(MODELO, destinatarios, {
                "orgao": _nome(comite.unidade), "quantidade": total, "dias": dias,
                "tramites": lista(tramites, total, comite.pk, agora), "link": _link_do_painel(),
            }, apos_commit=False)  # inside the transaction: a failed send records nothing and is retried
    except IntegrityError:  # another run served this órgão today
        return False
    return True


def _link_do_painel() -> str:
    try:
        return url_absoluta(reverse("tramites:painel"))
    except NoReverseMatch:  # the Painel's list ships separately; the portal's home leads to it
        return url_absoluta("/")


def _nome(unidade) -> str:
    return f"{unidade.nome} ({unidade.sigla})" if unidade.sigla else unidade.nome


def _quando(momento: datetime.datetime) -> str:
    return timezone.localtime(momento).strftime("%d/%m/%Y %H:%M")


def lista(tramites: list[Tramite], total: int, comite_id: int, agora: datetime.datetime) -> str:
    """The plain-text blocks of the e-mail: one per trâmite, with the state machine's guidance."""
    blocos = []
    for t in tramites:
        status = sm.como_status(t.status)
        if comite_id == t.comite_destinatario_id and comite_id != t.comite_remetente_id:
            outro, sentido = t.comite_remetente, "de"
        else:
            outro, sentido = t.comite_destinatario, "para"
        outro_nome = _nome(outro.unidade) if outro is not None else "—"
        linhas = [
            f"- IDT {t.idt} · protocolo {t.protocolo} · {sentido} {outro_nome}",
            f"  Situação: {status.rotulo_com_numero}, desde {_quando(t.status_desde)} "
            f"(há {duracao(agora - t.status_desde)})",
            f"  Onde está o processo: {status.onde_esta}",
        ]
        if status.o_que_fazer:
            linhas.append(f"  O que pode ser feito: {status.o_que_fazer}")
        aviso = aviso_de_unidade_inativa(t)
        if aviso:
            linhas.append(f"  Atenção: {aviso}")
        linhas.append(f"  Detalhes: {url_absoluta(reverse('tramites:tramite', args=[t.idt]))}")
        blocos.append("\n".join(linhas))
    if total > len(tramites):
        blocos.append(f"… e mais {total - len(tramites)} trâmite(s).")
    return "\n\n".join(blocos)
