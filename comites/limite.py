"""A small per-IP rate limiter on the cache (fixed window), for the public access-request form."""

from django.conf import settings
from django.core.cache import cache

from portal.context import contexto_atual
from portal.rede import ip_do_cliente

# (requests, seconds): submissions of the public form allowed per IP in the window.
PADRAO_SOLICITACOES = (10, 3600)
# Attachments kept between submissions of the form (comites.anexos) per IP in the window.
PADRAO_ANEXOS = (40, 3600)


def ip_de(request) -> str:
    """The client IP as the portal's request context sees it (the audit trail uses the same one)."""
    return contexto_atual().ip or ip_do_cliente(request) or "desconhecido"


def consumir(request, acao: str, limite: int, janela: int) -> bool:
    """Counts one use of ``acao`` by the request's IP; False once the window's quota is spent."""
    chave = f"comites:limite:{acao}:{ip_de(request)}"
    cache.add(chave, 0, janela)
    try:
        usados = cache.incr(chave)
    except ValueError:  # expired between add and incr
        cache.set(chave, 1, janela)
        usados = 1
    return usados <= limite


def consumir_solicitacao(request) -> bool:
    limite, janela = getattr(settings, "COMITES_LIMITE_SOLICITACOES", PADRAO_SOLICITACOES)
    return consumir(request, "solicitacao", limite, janela)


def consumir_anexo(request) -> bool:
    limite, janela = getattr(settings, "COMITES_LIMITE_ANEXOS", PADRAO_ANEXOS)
    return consumir(request, "anexo", limite, janela)
