"""``verificar_certificado``: is this client certificate one the portal issued and still trusts?

The API authentication (client certificate forwarded by the TLS proxy) calls it through
``cache_de_verificacao``, which reuses its answer for a short, bounded time.
"""

from __future__ import annotations

from django.conf import settings

from comites.certificados import ac as x509ac
from comites.certificados.models import AutoridadeCertificadora, Certificado


class CertificadoRecusado(Exception):
    """The certificate is not accepted; ``codigo`` is machine-readable, ``mensagem`` pt-BR."""

    def __init__(self, codigo: str, mensagem: str):
        super().__init__(mensagem)
        self.codigo = codigo
        self.mensagem = mensagem


def verificar_certificado(pem_ou_der: bytes | str) -> Certificado:
    """The registered ``Certificado`` for a PEM or DER certificate, checked against this ambiente's CA
    (signature), its validity period, revocation and an active SPE; ``CertificadoRecusado`` otherwise."""
    try:
        certificado = x509ac.carregar_certificado(pem_ou_der)
    except (ValueError, TypeError):
        raise CertificadoRecusado("CERTIFICADO_ILEGIVEL", "O certificado apresentado não pôde ser lido.") from None
    ac_pem = (AutoridadeCertificadora.objects.filter(ambiente=settings.AMBIENTE)
              .values_list("certificado_pem", flat=True).first())
    if ac_pem is None or not x509ac.emitido_pela_ac(certificado, ac_pem):
        if _emitido_por_outro_ambiente(certificado):
            raise CertificadoRecusado(
                "CERTIFICADO_DE_OUTRO_AMBIENTE",
                "O certificado é de outro ambiente do Tramita.GOV.BR (homologação e produção não são "
                "intercambiáveis): use o certificado gerado para este ambiente.",
            )
        raise CertificadoRecusado(
            "CERTIFICADO_NAO_CONFIAVEL",
            "O certificado não foi emitido pela autoridade certificadora deste ambiente do Tramita.GOV.BR.",
        )
    agora = x509ac.agora()
    if certificado.not_valid_before_utc > agora:
        raise CertificadoRecusado("CERTIFICADO_AINDA_NAO_VALIDO", "O certificado ainda não está válido.")
    if certificado.not_valid_after_utc <= agora:
        raise CertificadoRecusado("CERTIFICADO_EXPIRADO", "O certificado expirou: gere um novo certificado no portal.")
    registro = (
        Certificado.objects.select_related("sistema")
        .filter(fingerprint_sha256=x509ac.fingerprint(certificado), ambiente=settings.AMBIENTE).first()
    )
    if registro is None:
        raise CertificadoRecusado("CERTIFICADO_NAO_REGISTRADO", "O certificado não está registrado no portal.")
    if registro.revogado_em is not None:
        raise CertificadoRecusado("CERTIFICADO_REVOGADO", "O certificado foi revogado.")
    if not registro.sistema.ativo:
        raise CertificadoRecusado("SISTEMA_INATIVO", "O sistema deste certificado está inativo.")
    return registro


def _emitido_por_outro_ambiente(certificado) -> bool:
    """Signed by the CA of the other ambiente, when this database knows it (only on the refusal path)."""
    outras = (AutoridadeCertificadora.objects.exclude(ambiente=settings.AMBIENTE)
              .values_list("certificado_pem", flat=True))
    return any(x509ac.emitido_pela_ac(certificado, pem) for pem in outras)
