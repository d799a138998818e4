"""Publishes ``{IDT, status}`` to the channels of the side(s) that now have a pendência, after the commit.

Connected in ``TramitesConfig.ready`` to ``tramite_transitou`` (one trâmite) and ``tramites_transitaram``
(a batch of the auto-cancel). With ``PENDENCIAS_REDIS_URL``: ``PUBLISH`` (pipelined) on Redis, which every
long-poll process hears; a Redis error is logged and ignored (the waiters time out, clients re-list
``tramites/pendentes``). Without it: the waiters of this very process are woken directly.
"""

from __future__ import annotations

import json
import logging
import threading

from django.conf import settings

from tramites import state_machine as sm
from tramites.pendencias_ao_vivo import canais as c
from tramites.pendencias_ao_vivo import central

log = logging.getLogger(__name__)

_CAMPOS = ("sistema_remetente_id", "comite_remetente_id", "sistema_destinatario_id", "comite_destinatario_id")
_clientes: dict[str, object] = {}
_trava = threading.Lock()


def _cliente(url: str):
    with _trava:
        if url not in _clientes:
            import redis

            _clientes[url] = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        return _clientes[url]


def publicar(mensagens: list[tuple[str, dict]]) -> None:
    """``[(canal, {IDT, status})]``: to Redis when configured, else to this process's waiters."""
    if not mensagens:
        return
    url = settings.PENDENCIAS_REDIS_URL
    if not url:
        for canal, _mensagem in mensagens:
            central.despachar(canal)
        return
    try:
        with _cliente(url).pipeline(transaction=False) as tubo:
            for canal, mensagem in mensagens:
                tubo.publish(canal, json.dumps(mensagem))
            tubo.execute()
    except Exception as erro:  # Redis down: the transition stands; waiters time out and clients re-list
        log.warning("pendências: publicação no Redis falhou (%s); %d aviso(s) perdido(s)", erro, len(mensagens))


def _mensagens(idt: int, para, lados: dict) -> list[tuple[str, dict]]:
    corpo = {"IDT": idt, "status": int(sm.como_status(para))}
    return [(canal, corpo) for canal in c.a_avisar(para, **lados)]


def ao_transitar(sender, tramite, para, **_kwargs) -> None:
    publicar(_mensagens(tramite.pk, para, {campo: getattr(tramite, campo) for campo in _CAMPOS}))


def ao_transitarem(sender, transicoes, para, **_kwargs) -> None:
    if not any(sm.como_status(para) in sm.pendencias_de(lado) for lado in (sm.Ator.REMETENTE, sm.Ator.DESTINATARIO)):
        return
    from tramites.models import Tramite

    idts = [idt for idt, _de in transicoes]
    mensagens = []
    for linha in Tramite.objects.filter(pk__in=idts).values("pk", *_CAMPOS).iterator(chunk_size=2000):
        mensagens += _mensagens(linha.pop("pk"), para, linha)
    publicar(mensagens)
