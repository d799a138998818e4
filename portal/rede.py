"""The client's network address: the one place that reads it.

Behind nginx every request comes from the proxy, so ``REMOTE_ADDR`` names the proxy, not the visitor. The
``X-Forwarded-For`` header names the visitor, but anyone can send it: it is believed only when the request
comes from a proxy listed in ``TRUSTED_PROXIES`` (addresses or CIDR networks; empty by default, i.e. no
proxy is trusted and the header is ignored). The header is walked right to left — each proxy appends the
address it saw — skipping trusted proxies; the first address that is not a trusted proxy is the client's.

Everything that needs the client's address uses ``ip_do_cliente``: the per-IP rate limits (the portal's and
allauth's, through the account adapter), the audit trail (the request context) and the trust placed in
headers set by the proxy (``vem_de_proxy_confiavel``).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Endereco = ipaddress.IPv4Address | ipaddress.IPv6Address
Rede = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _interpretar_redes(valores: tuple[str, ...]) -> tuple[Rede, ...]:
    redes = []
    for valor in valores:
        texto = valor.strip()
        if not texto:
            continue
        try:
            redes.append(ipaddress.ip_network(texto, strict=False))
        except ValueError as erro:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {texto!r} is not an IP address or network (e.g. 10.0.0.5, 10.0.0.0/24)."
            ) from erro
    return tuple(redes)


def redes_confiaveis() -> tuple[Rede, ...]:
    """The networks of ``settings.TRUSTED_PROXIES`` (raises ImproperlyConfigured on a malformed entry)."""
    return _interpretar_redes(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _endereco(texto) -> Endereco | None:
    """An address from ``REMOTE_ADDR`` or one X-Forwarded-For entry; None when it is not one."""
    valor = str(texto or "").strip()
    if valor.startswith("[") and "]" in valor:  # [2001:db8::1]:443
        valor = valor[1:valor.index("]")]
    elif valor.count(":") == 1:  # 203.0.113.7:51234
        valor = valor.split(":", 1)[0]
    try:
        endereco = ipaddress.ip_address(valor)
    except ValueError:
        return None
    if isinstance(endereco, ipaddress.IPv6Address) and endereco.ipv4_mapped is not None:
        return endereco.ipv4_mapped
    return endereco


def _confiavel(endereco: Endereco) -> bool:
    return any(endereco.version == rede.version and endereco in rede for rede in redes_confiaveis())


def vem_de_proxy_confiavel(request) -> bool:
    """True when the request's peer (``REMOTE_ADDR``) is a trusted proxy, whose headers may be believed."""
    remoto = _endereco(request.META.get("REMOTE_ADDR"))
    return remoto is not None and _confiavel(remoto)


def ip_do_cliente(request) -> str | None:
    """The visitor's address: ``REMOTE_ADDR``, or from X-Forwarded-For when the peer is a trusted proxy."""
    remoto = _endereco(request.META.get("REMOTE_ADDR"))
    if remoto is None:
        return None
    if not _confiavel(remoto):
        return str(remoto)
    atual = remoto
    for item in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        endereco = _endereco(item)
        if endereco is None:
            break  # not an address: nothing to its left can be believed; keep the nearest proxy's view
        atual = endereco
        if not _confiavel(endereco):
            break
    return str(atual)
