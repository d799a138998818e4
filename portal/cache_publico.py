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
only complete 200 answers that set no cookie are stored.

The systems' API authenticates by client certificate, so ``pagina_publica`` (which answers before the view,
hence before any authentication) never serves nor stores a request that carries a believable certificate
header (from a trusted proxy), and the API views do not use it. They cache their JSON with
``resposta_da_api`` instead: called inside the view, after DRF authenticated the system, under the same
version and keyed by the calling system too.
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

from portal import rede

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


def _traz_certificado(request) -> bool:
    """A client certificate the authentication would believe (sent by a trusted proxy). The same header from
    anyone else is ignored by the authentication, so that request is anonymous like any other."""
    nome = "HTTP_" + getattr(settings, "CERTIFICADO_CLIENTE_CABECALHO", "X-SSL-Client-Cert").upper().replace("-", "_")
    return bool(request.META.get(nome)) and rede.vem_de_proxy_confiavel(request)


def _cacheavel(request) -> bool:
    return (
        _segundos() > 0
        and not _traz_certificado(request)
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= TAMANHO_MAXIMO_DA_CONSULTA
    )


def _chave(request, numero) -> str:
    bruto = "\n".join((request.path, request.META.get("QUERY_STRING", ""), request.META.get("HTTP_ACCEPT", "")))
    return f"publico:{numero}:{hashlib.sha256(bruto.encode()).hexdigest()}"


def _chave_da_pagina(request) -> str:
    """A page's entry holds ``(version, content, headers)``; the version inside rather than in the key lets
    one ``get_many`` read the current version and the page together."""
    return _chave(request, "pagina")


def _versao_e_pagina(chave: str) -> tuple[int, tuple | None]:
    """The current version and, when the entry at ``chave`` was stored under it, its ``(content, headers)``:
    one cache round trip (two when the version is not set yet). ``(0, None)`` while the cache is down."""
    try:
        achadas = cache.get_many([CHAVE_VERSAO, chave])
    except Exception:
        log.warning("cache indisponível ao ler uma página pública", exc_info=True)
        return 0, None
    numero = achadas.get(CHAVE_VERSAO)
    if numero is None:
        return versao(), None
    guardada = achadas.get(chave)
    if isinstance(guardada, tuple) and len(guardada) == 3 and guardada[0] == numero:
        return numero, guardada[1:]
    return numero, None


def pagina_publica(view=None, *, segundos=None):
    """Serves the decorated view's anonymous answers from the cache (see the module docstring).

    ``segundos`` shortens the entries' life below ``CACHE_PUBLICO_SEGUNDOS`` for pages whose data change
    without an audit record (the public NUP lookup follows the systems' transitions): ``pagina_publica(view,
    segundos=30)`` or ``@pagina_publica(segundos=30)``; a callable is read on each request (settings)."""
    if view is None:
        return functools.partial(pagina_publica, segundos=segundos)

    def vida() -> int:
        if segundos is None:
            return _segundos()
        return min(_segundos(), segundos() if callable(segundos) else segundos)

    @functools.wraps(view)
    def embrulho(request, *args, **kwargs):
        if not _cacheavel(request) or vida() <= 0:
            return view(request, *args, **kwargs)
        numero, guardada = _versao_e_pagina(chave := _chave_da_pagina(request))
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
                cache.set(chave, (numero, resposta.content, cabecalhos), vida())
            except Exception:
                log.warning("cache indisponível ao guardar uma página pública", exc_info=True)
        return resposta

    return embrulho


def resposta_da_api(request, principal, produzir):
    """A read of the authenticated API: ``produzir()``'s JSON data, from the cache when the public data has
    not changed since. Call it after authentication; the entry is keyed by the principal (its ``pk``).
    Errors raised by ``produzir`` (``ErroDaApi``) are never stored."""
    from rest_framework.response import Response

    if not (_segundos() > 0 and request.method in ("GET", "HEAD")
            and len(request.META.get("QUERY_STRING", "")) <= TAMANHO_MAXIMO_DA_CONSULTA):
        return Response(produzir())
    numero = versao()
    chave = f"{_chave(request, numero)}:api:{type(principal).__name__}:{getattr(principal, 'pk', None)}"
    try:
        dados = cache.get(chave) if numero else None
    except Exception:
        dados = None
    if dados is None:
        dados = produzir()
        if numero:
            try:
                cache.set(chave, dados, _segundos())
            except Exception:
                log.warning("cache indisponível ao guardar uma resposta da API", exc_info=True)
    return Response(dados)


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
