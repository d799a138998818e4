"""The one door for transitions: ``aplicar(tramite, evento, ator)``.

1. the actor must be on the side the event needs (a system of that órgão, a person allowed to cancel);
2. the state machine says where the event leads from the status the caller read (or refuses);
3. ``UPDATE tramite SET status=novo … WHERE idt=? AND status=atual`` — compare-and-set: exactly one row
   must change, otherwise another caller won and this one gets ``ConflitoDeStatus`` (nothing written);
4. the history row (and an audit record when a person acts), in the same transaction;
5. ``tramite_transitou`` is sent after the commit (tasks and pendências are never told about a rollback).

API views, web views, admin actions and Celery tasks all call this function; nothing else writes ``status``.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from portal import permissions
from portal.permissions import Acao
from portal.services import auditoria
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, MotivoDeRecusa, Tramite
from tramites.services import contadores
from tramites.services.atores import Agente
from tramites.services.excecoes import AtorNaoAutorizado, ConflitoDeStatus, DadosInvalidos
from tramites.signals import tramite_transitou

log = logging.getLogger(__name__)

LIMITE_DO_MOTIVO = 1000  # spec §7: the justificativa of a refusal is cut to 1000 characters by the clients


def aplicar(tramite: Tramite, evento, ator: Agente, *, motivo: str | None = None,
            dados: dict | None = None) -> Tramite:
    """Moves ``tramite`` by ``evento`` triggered by ``ator`` and returns it updated.

    ``motivo``: why (kept in the history row; the justificativa of a refusal). ``dados``: fields the event
    carries — for ``Evento.RECUSA``, ``{"motivo": "01"…"99", "justificativa": "…"}``.
    Raises ``TransicaoInvalida`` (wrong status or actor), ``AtorNaoAutorizado``, ``ConflitoDeStatus``
    (another caller moved it first) or ``DadosInvalidos``; each has ``mensagem`` (pt-BR) and ``codigo_erro``.
    """
    if not isinstance(ator, Agente):
        raise TypeError("ator must be a tramites.services.Agente")
    evento = sm.como_evento(evento)
    atual = sm.como_status(tramite.status)
    with transaction.atomic():
        _conferir_ator(tramite, ator)
        novo = sm.proximo(atual, evento, ator.tipo)
        extras, motivo = _dados_do_evento(evento, motivo, dados or {})
        agora = timezone.now()
        campos = {"status": novo.value, "status_desde": agora, "atualizado_em": agora, **extras}
        if sm.remetente_ja_ciente(novo, ator.tipo):
            campos["cancelamento_lido_em"] = agora
        if Tramite.objects.filter(pk=tramite.pk, status=atual.value).update(**campos) != 1:
            raise _conflito(tramite, atual, evento)
        HistoricoDeStatus.objects.create(
            tramite_id=tramite.pk, de=atual.value, para=novo.value, momento=agora, evento=evento.value,
            ator=ator.tipo.value, sistema_id=ator.sistema_id, pessoa=ator.pessoa,
            ator_descricao=ator.descricao[:300], certificado_id=ator.certificado_id, motivo=motivo,
        )
        contadores.transitou(tramite, atual, novo)
        for campo, valor in campos.items():
            setattr(tramite, campo, valor)
        if ator.pessoa is not None:
            auditoria.registrar(
                f"tramite.{evento.value}", tramite, antes={"status": atual.value}, depois={"status": novo.value},
                comite_id=tramite.comite_remetente_id, detalhes=motivo, usuario=ator.pessoa,
            )
        transaction.on_commit(partial(avisar, tramite, atual, novo, evento, ator))
    return tramite


def avisar(tramite, de, para, evento, ator) -> None:
    """Sends ``tramite_transitou`` (after the commit); a failing receiver is logged, never raised."""
    for receptor, resultado in tramite_transitou.send_robust(
            sender=Tramite, tramite=tramite, de=de, para=para, evento=evento, ator=ator):
        if isinstance(resultado, Exception):
            log.error("receptor de tramite_transitou falhou: %r (IDT %s)", receptor, tramite.pk,
                      exc_info=resultado)


def _conferir_ator(tramite: Tramite, ator: Agente) -> None:
    if ator.eh_sistema:
        if not ator.no_lado(tramite):
            raise AtorNaoAutorizado(
                f"O sistema {ator.descricao or ator.sistema_id} não é o {ator.tipo.label.lower()} deste trâmite."
            )
    elif ator.tipo is sm.Ator.ADMINISTRADOR:
        if ator.pessoa is None or not permissions.pode(ator.pessoa, Acao.TRAMITE_CANCELAR, tramite):
            raise AtorNaoAutorizado("Seu perfil não permite cancelar este trâmite.")


def _texto(valor, nome: str) -> str:
    texto = "" if valor is None else str(valor)
    if "\x00" in texto:
        raise DadosInvalidos(f"O campo {nome} contém caracteres inválidos (NUL).")
    if len(texto) > LIMITE_DO_MOTIVO:
        raise DadosInvalidos(f"O campo {nome} tem {len(texto)} caracteres; o máximo é {LIMITE_DO_MOTIVO}.")
    return texto.strip()


def _dados_do_evento(evento: sm.Evento, motivo, dados: dict) -> tuple[dict, str]:
    motivo = _texto(motivo, "motivo")
    if evento is not sm.Evento.RECUSA:
        return {}, motivo
    codigo = str(dados.get("motivo") or "")
    if codigo not in MotivoDeRecusa.values:
        raise DadosInvalidos(
            f"Motivo de recusa inválido: informe um destes códigos: {', '.join(MotivoDeRecusa.values)}.")
    justificativa = _texto(dados.get("justificativa", motivo), "justificativa")
    if not justificativa:
        raise DadosInvalidos("Informe a justificativa da recusa.")
    return {"recusa_motivo": codigo, "recusa_justificativa": justificativa}, justificativa


def _conflito(tramite: Tramite, atual: sm.Status, evento: sm.Evento) -> ConflitoDeStatus:
    agora = Tramite.objects.filter(pk=tramite.pk).values_list("status", flat=True).first()
    if agora is None:
        return ConflitoDeStatus(f"O trâmite {tramite.pk} não existe mais.")
    situacao = sm.como_status(agora)
    return ConflitoDeStatus(
        f"O trâmite {tramite.pk} mudou de situação enquanto “{evento.label}” era registrado: estava em "
        f"{atual.rotulo_com_numero} e agora está em {situacao.rotulo_com_numero}. Nada foi alterado."
    )
