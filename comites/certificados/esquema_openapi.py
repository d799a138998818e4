"""How the OpenAPI document describes the certificate authentication (drf-spectacular extension).

OpenAPI 3.0 has no mutual-TLS scheme, and the application never sees the TLS handshake: it sees the header
the TLS proxy fills in. The document therefore declares that header as an ``apiKey`` scheme; the systems
themselves present their certificate to the proxy (deploy/README.md), never the header.
"""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class EsquemaDoCertificadoCliente(OpenApiAuthenticationExtension):
    target_class = "comites.certificados.autenticacao.AutenticacaoPorCertificado"
    name = "CertificadoCliente"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": settings.CERTIFICADO_CLIENTE_CABECALHO,
            "description": (
                "Certificado digital do sistema (PEM codificado para URL), preenchido pelo proxy TLS a partir "
                "do certificado cliente apresentado na conexão (TLS mútuo). Só é aceito vindo de um proxy "
                "confiável; 401 sem certificado válido, 403 para certificado revogado, de outro ambiente ou "
                "de sistema inativo."
            ),
        }
