"""Cache of the public pages and API searches, for anonymous requests, invalidated on every change.

The public pages (``/consultar-unidades/``, ``/gestores/``, ``/orgaos/``) and the structure API searches
read data that changes a few times a day but are asked for all the time. Their answers are kept in the
cache under a *version* number; any change of public data bumps the version, so the next request
recomputes (old entries simply expire). A change is:

- any audit record other than authentication events: every service writes one in the transaction of
  its change (bulk writes included, such as the SIORG import), so the version moves on commit;
- a save or delete of a model in ``MODELOS_PUBLICOS`` (writes that bypass the services, e.g. data
  loaders and tests).

``CACHE_PUBLICO_SEGUNDOS`` (default 300) bounds how long an entry lives anyway; 0 turns the cache off.
Only anonymous GET/HEAD requests without a session or flash messages are served from the cache, and
only complete 200 answers that set no cookie are stored. When the systems' API authenticates by client
certificate, its answers depend on the calling system: ``_cacheavel`` must then refuse requests that
carry a certificate (or key the entry by the system), before the structure API keeps this decorator.
"""

from __future__ import annotations

import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

log = logging.getLogger(__name__)

CHAVE_VERSAO = "publico:versao"
MODELOS_PUBLICOS = frozenset({
    "estrutura.RepositorioDeEstruturas", "estrutura.Unidade", "comites.Comite", "comites.Gestor",
    "portal.Pessoa", "portal.Parametro",
})
TAMANHO_MAXIMO_DA_CONSULTA = 1000
_CABECALHOS_NAO_GUARDADOS = {"set-cookie", "content-length"}


def _segundos() -> int:
    return getattr(settings, "CACHE_PUBLICO_SEGUNDOS", 300)


def versao() -> int:
    try:
        return cache.get_or_set(CHAVE_VERSAO, 1, timeout=None)
    except Exception:  # a cache outage must not take the public pages down
        log.warning("cache indisponível ao ler a versão das páginas públicas", exc_info=True)
        return 0


def invalidar() -> None:
    """Makes every cached public answer stale (call after the change commits)."""
    try:
        cache.incr(CHAVE_VERSAO)
    except ValueError:  # not set yet (or evicted)
        cache.set(CHAVE_VERSAO, 2, timeout=None)
    except Exception:
        log.warning("cache indisponível ao invalidar as páginas públicas", exc_info=True)


def invalidar_apos_commit() -> None:
    """Bumps the version now and again once the transaction commits: a request that re-cached the old
    data between the two (it could not see the uncommitted change) is made stale by the second bump."""
    invalidar()
    transaction.on_commit(invalidar, robust=True)


def _cacheavel(request) -> bool:
    return (
        _segundos() > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= TAMANHO_MAXIMO_DA_CONSULTA
    )


def _chave(request, numero: int) -> str:
    bruto = "\n".join((request.path, request.META.get("QUERY_STRING", ""), request.META.get("HTTP_ACCEPT", "")))
    return f"publico:{numero}:{hashlib.sha256(bruto.encode()).hexdigest()}"


def pagina_publica(view):
    """Serves the decorated view's anonymous answers from the cache (see the module docstring)."""

    @functools.wraps(view)
    def embrulho(request, *args, **kwargs):
        if not _cacheavel(request):
            return view(request, *args, **kwargs)
        numero = versao()
        chave = _chave(request, numero)
        try:
            guardada = cache.get(chave) if numero else None
        except Exception:
            guardada = None
        if guardada is not None:
            conteudo, cabecalhos = guardada
            resposta = HttpResponse(conteudo)
            for nome, valor in cabecalhos:
                resposta[nome] = valor
            return resposta
        resposta = view(request, *args, **kwargs)
        if hasattr(resposta, "render") and not getattr(resposta, "is_rendered", True):
            resposta.render()
        if numero and resposta.status_code == 200 and not resposta.streaming and not resposta.cookies:
            cabecalhos = [(n, v) for n, v in resposta.items() if n.lower() not in _CABECALHOS_NAO_GUARDADOS]
            try:
                cache.set(chave, (resposta.content, cabecalhos), _segundos())
            except Exception:
                log.warning("cache indisponível ao guardar uma página pública", exc_info=True)
        return resposta

    return embrulho


def _ao_salvar(sender, **kwargs):
    if sender._meta.label in MODELOS_PUBLICOS:
        invalidar_apos_commit()
    elif sender._meta.label == "portal.RegistroDeAuditoria" and kwargs.get("created"):
        if not kwargs["instance"].acao.startswith("conta."):
            invalidar_apos_commit()


def _ao_excluir(sender, **kwargs):
    if sender._meta.label in MODELOS_PUBLICOS:
        invalidar_apos_commit()


def conectar() -> None:
    post_save.connect(_ao_salvar, dispatch_uid="cache_publico_salvar")
    post_delete.connect(_ao_excluir, dispatch_uid="cache_publico_excluir")
