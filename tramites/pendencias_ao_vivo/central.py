"""The waiting room of the long poll (one per process).

``async with esperando(canais) as espera:`` registers a waiter; ``espera.evento`` is set when a message
arrives on one of its channels (``despachar``, thread-safe: the in-process publisher may run in any thread,
each waiter is woken in its own event loop). With ``settings.PENDENCIAS_REDIS_URL``, entering also makes
sure this event loop's Redis reader is subscribed (``PSUBSCRIBE tramita:pendencias:*``) before it returns,
so a message published after that is never missed; the reader stops when its loop's last waiter leaves.
When the reader lost Redis (restart, network) and subscribes again, it wakes every waiter of its loop: the
messages published meanwhile are gone, so each waiter looks in the database once more instead of sleeping
until its timeout with a pendência already there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from contextlib import asynccontextmanager

from django.conf import settings

from tramites.pendencias_ao_vivo import canais as c

log = logging.getLogger(__name__)

ESPERA_DA_INSCRICAO = 5.0  # seconds to wait for Redis to confirm the subscription before waiting anyway


class Espera:
    def __init__(self, canais):
        self.canais = frozenset(canais)
        self.loop = asyncio.get_running_loop()
        self.evento = asyncio.Event()

    def acordar(self) -> None:
        try:
            self.loop.call_soon_threadsafe(self.evento.set)
        except RuntimeError:  # its loop is gone (the request ended meanwhile)
            pass


_trava = threading.Lock()
_esperas: dict[str, set[Espera]] = {}
_leitores: dict[asyncio.AbstractEventLoop, _LeitorRedis] = {}


def despachar(canal: str) -> int:
    """Wakes the waiters of ``canal`` in this process; returns how many."""
    with _trava:
        alvos = list(_esperas.get(canal, ()))
    for espera in alvos:
        espera.acordar()
    return len(alvos)


def acordar_todas(loop) -> int:
    """Wakes every waiter of ``loop`` in this process (they look again); returns how many."""
    with _trava:
        alvos = {e for conjunto in _esperas.values() for e in conjunto if e.loop is loop}
    for espera in alvos:
        espera.acordar()
    return len(alvos)


def aguardando() -> int:
    """How many waiters this process holds (for tests and the benchmark)."""
    with _trava:
        return len({e for conjunto in _esperas.values() for e in conjunto})


@asynccontextmanager
async def esperando(canais):
    espera = Espera(canais)
    with _trava:
        for canal in espera.canais:
            _esperas.setdefault(canal, set()).add(espera)
    leitor = None
    try:
        if settings.PENDENCIAS_REDIS_URL:
            loop = asyncio.get_running_loop()
            leitor = _leitores.get(loop)
            if leitor is None:
                leitor = _leitores[loop] = _LeitorRedis(settings.PENDENCIAS_REDIS_URL, loop)
            await leitor.entrar()
        yield espera
    finally:
        with _trava:
            for canal in espera.canais:
                conjunto = _esperas.get(canal)
                if conjunto is not None:
                    conjunto.discard(espera)
                    if not conjunto:
                        del _esperas[canal]
        if leitor is not None:
            await leitor.sair()


class _LeitorRedis:
    """One pattern subscription per event loop, dispatching every pendência message to this process."""

    def __init__(self, url: str, loop):
        self.url = url
        self.loop = loop
        self.usuarios = 0
        self.tarefa: asyncio.Task | None = None
        self.inscrito = asyncio.Event()

    async def entrar(self) -> None:
        self.usuarios += 1
        if self.tarefa is None or self.tarefa.done():
            self.inscrito = asyncio.Event()
            self.tarefa = asyncio.create_task(self._ler())
        try:
            await asyncio.wait_for(asyncio.shield(self.inscrito.wait()), ESPERA_DA_INSCRICAO)
        except TimeoutError:
            log.warning("pendências: Redis não confirmou a inscrição em %.0f s; a espera segue sem ele",
                        ESPERA_DA_INSCRICAO)

    async def sair(self) -> None:
        self.usuarios -= 1
        if self.usuarios > 0:
            return
        if _leitores.get(self.loop) is self:
            del _leitores[self.loop]
        if self.tarefa is not None:
            self.tarefa.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.tarefa

    async def _ler(self) -> None:
        import redis.asyncio

        perdeu_o_redis = False
        while True:
            cliente = redis.asyncio.Redis.from_url(self.url)
            pubsub = cliente.pubsub()
            try:
                await pubsub.psubscribe(c.PADRAO)
                while True:
                    mensagem = await pubsub.get_message(timeout=None)
                    if mensagem is None:
                        continue
                    if mensagem["type"] == "psubscribe":
                        self.inscrito.set()
                        if perdeu_o_redis:  # what was published while we were away is lost: look again
                            perdeu_o_redis = False
                            log.warning("pendências: Redis de volta; %d espera(s) conferem de novo",
                                        acordar_todas(self.loop))
                    elif mensagem["type"] == "pmessage":
                        canal = mensagem["channel"]
                        despachar(canal.decode() if isinstance(canal, bytes) else canal)
            except asyncio.CancelledError:
                raise
            except Exception as erro:  # Redis down or the connection lost: log, retry after a pause
                perdeu_o_redis = True
                log.warning("pendências: leitura do Redis falhou (%s); nova tentativa em 1 s", erro)
                await asyncio.sleep(1)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                    await cliente.aclose()
