"""A small rate limiter on the cache (fixed window): per client IP, and per signed-in person where it applies.

Used by the public access-request form and by the gestor's CPF lookup.
"""

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache

from portal.context import contexto_atual
from portal.rede import ip_do_cliente

# (requests, seconds): submissions of the public form allowed per IP in the window.
PADRAO_SOLICITACOES = (10, 3600)
# Attachments kept between submissions of the form (comites.anexos) per IP in the window.
PADRAO_ANEXOS = (40, 3600)
# (lookups, seconds): CPF lookups of "Adicionar gestor" allowed per person and per IP in the window.
PADRAO_BUSCAS_DE_CPF = (20, 600)


def ip_de(request) -> str:
    """The client IP as the portal's request context sees it (the audit trail uses the same one)."""
    return contexto_atual().ip or ip_do_cliente(request) or "desconhecido"


def _contar_no_redis(chave: str, janela: int) -> int | None:
    """On Django's Redis cache, one round trip: ``INCR`` and ``EXPIRE … NX`` in a pipeline (the window
    starts with the first use, as with ``add``). None on other backends. Django's own ``add`` + ``incr``
    take three (``incr`` asks ``EXISTS`` first), and the public NUP lookup counts every request."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return None
    chave = backend.make_and_validate_key(chave)
    usados, _ = (backend._cache.get_client(chave, write=True).pipeline(transaction=False)
                 .incr(chave).expire(chave, janela, nx=True).execute())
    return usados


def _contar(chave: str, limite: int, janela: int) -> bool:
    usados = _contar_no_redis(chave, janela)
    if usados is not None:
        return usados <= limite
    cache.add(chave, 0, janela)
    try:
        usados = cache.incr(chave)
    except ValueError:  # expired between add and incr
        cache.set(chave, 1, janela)
        usados = 1
    return usados <= limite


def consumir(request, acao: str, limite: int, janela: int) -> bool:
    """Counts one use of ``acao`` by the request's IP; False once the window's quota is spent."""
    return _contar(f"comites:limite:{acao}:{ip_de(request)}", limite, janela)


def consumir_solicitacao(request) -> bool:
    limite, janela = getattr(settings, "COMITES_LIMITE_SOLICITACOES", PADRAO_SOLICITACOES)
    return consumir(request, "solicitacao", limite, janela)


def consumir_anexo(request) -> bool:
    limite, janela = getattr(settings, "COMITES_LIMITE_ANEXOS", PADRAO_ANEXOS)
    return consumir(request, "anexo", limite, janela)


def consumir_busca_de_cpf(request) -> bool:
    """One CPF lookup, counted for the signed-in person and for the IP; False once either quota is spent."""
    limite, janela = getattr(settings, "COMITES_LIMITE_BUSCAS_DE_CPF", PADRAO_BUSCAS_DE_CPF)
    por_pessoa = _contar(f"comites:limite:busca_cpf:pessoa:{request.user.pk}", limite, janela)
    por_ip = consumir(request, "busca_cpf", limite, janela)
    return por_pessoa and por_ip
