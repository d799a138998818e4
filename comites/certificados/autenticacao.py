"""API authentication: the calling SPE, identified by the client certificate the TLS proxy forwarded.

The portal runs behind a TLS-terminating proxy (``deploy/nginx/tramita.conf``) that asks the system for its
client certificate and forwards it, URL-encoded, in ``settings.CERTIFICADO_CLIENTE_CABECALHO`` (default
``X-SSL-Client-Cert``, nginx's ``$ssl_client_escaped_cert``). The header is believed **only** when the
request's peer is a trusted proxy (``portal.rede``, ``TRUSTED_PROXIES``); from anyone else it is ignored,
as if absent. The certificate is then checked again here (the proxy's check is not trusted alone):
issued by this ambiente's CA, within its validity period, not revoked, registered to an active SPE
(``cache_de_verificacao``, cached per process for at most ``CERTIFICADO_CACHE_SEGUNDOS``).

Answers (body ``{codigoErro, mensagem}``, ``portal.api.errors``):

* **401** ``0002`` — no certificate (or one sent by a non-proxy), unreadable, not issued by this
  ambiente's CA, not yet valid, expired, or not registered: the caller is not authenticated.
* **403** ``0003`` — a genuine certificate of this portal the caller may no longer use: revoked, of the
  other ambiente (when both CAs are known here), or of an inactive SPE. The bus's own text for this case
  is "Transação não autorizada devido a falta de integridade do seu certificado…" (tramita-api.md §2).

On success ``request.user`` is a ``SistemaAutenticado`` bound to the SPE and its órgãos, and
``request.auth`` the ``Verificado``; the use (when, client address from the proxy's X-Forwarded-For) is
recorded at most once a minute per certificate and address.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from comites.certificados.cache_de_verificacao import Verificado, anotar_uso, verificar_cabecalho
from comites.certificados.verificacao import CertificadoRecusado
from portal import context as contexto
from portal import rede
from portal.permissions import SistemaAutenticado

# Refusals of a genuine certificate the caller may not use (403); every other refusal is a 401.
RECUSAS_PROIBIDAS = frozenset({"CERTIFICADO_REVOGADO", "CERTIFICADO_DE_OUTRO_AMBIENTE", "SISTEMA_INATIVO"})
DESAFIO = 'ClientCertificate realm="Tramita.GOV.BR"'


def chave_meta(nome: str) -> str:
    """``X-SSL-Client-Cert`` → ``HTTP_X_SSL_CLIENT_CERT`` (how WSGI names a request header)."""
    return "HTTP_" + nome.strip().upper().replace("-", "_")


def cabecalho_do_certificado(request) -> str | None:
    """The forwarded certificate, only from a trusted proxy; None when absent or not believable."""
    meta = getattr(request, "META", {})
    valor = meta.get(chave_meta(settings.CERTIFICADO_CLIENTE_CABECALHO))
    if not valor or not rede.vem_de_proxy_confiavel(request):
        return None
    return valor


def principal_de(verificado: Verificado) -> SistemaAutenticado:
    return SistemaAutenticado(
        nome=verificado.sistema_nome, comite_ids=verificado.comite_ids, pk=verificado.sistema_id,
        certificado_id=verificado.certificado_id,
    )


def _nomear_no_contexto_de_auditoria(request, verificado: Verificado) -> None:
    """The audit trail of this request names the system (as ``perfil``: the principal is no Pessoa, so it
    never goes in ``usuario``). Only inside the middleware's context of this very request, which the
    middleware restores when the request ends, so nothing leaks to the next one."""
    atual = contexto.contexto_atual()
    if atual.request_id and atual.request_id == getattr(request, "request_id", None):
        contexto.definir(perfil=f"SPE {verificado.sistema_nome}"[:60], origem="api")


def autenticar(request) -> tuple[SistemaAutenticado, Verificado] | None:
    """The principal of a request, for any view (DRF or not); None without a believable certificate.

    Raises ``CertificadoRecusado`` when a certificate came through the proxy but is not accepted.
    """
    valor = cabecalho_do_certificado(request)
    if valor is None:
        return None
    verificado = verificar_cabecalho(valor)
    _nomear_no_contexto_de_auditoria(request, verificado)
    anotar_uso(verificado, rede.ip_do_cliente(request))
    return principal_de(verificado), verificado


class AutenticacaoPorCertificado(BaseAuthentication):
    """DRF authentication class of every API view (``REST_FRAMEWORK`` in settings)."""

    def authenticate(self, request):
        try:
            return autenticar(request._request)
        except CertificadoRecusado as recusa:
            if recusa.codigo in RECUSAS_PROIBIDAS:
                raise exceptions.PermissionDenied(
                    f"Transação não autorizada: {recusa.mensagem}"
                ) from None
            raise exceptions.AuthenticationFailed(recusa.mensagem) from None

    def authenticate_header(self, request):
        # A 401 must name how to authenticate (RFC 9110 §11.6.1); DRF answers 403 without it.
        return DESAFIO
