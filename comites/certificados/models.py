"""The in-portal certificate authority and the client certificates it issues to SPEs.

Only certificates are kept: the private keys of issued certificates are handed over once and never
stored; the CA's own key, and the bus's signing key it certifies, are stored encrypted (PKCS#8, password
``settings.AC_CHAVE_MESTRA``).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.permissions import PorCampos, SemRecorte

# How long the certificate page keeps warning after the last use from a second address.
DIAS_DO_ALERTA_DE_USO_COMPARTILHADO = datetime.timedelta(days=7)


class AutoridadeCertificadora(models.Model):
    """The portal's CA, one per ambiente (``settings.AMBIENTE``)."""

    ambiente = models.CharField("ambiente", max_length=12, unique=True)
    certificado_pem = models.TextField("certificado (PEM)")
    chave_cifrada_pem = models.TextField("chave privada cifrada (PKCS#8 PEM)")
    numero_da_crl = models.PositiveIntegerField("número da última LCR", default=0)
    crl_der = models.BinaryField("última LCR (DER)", null=True, blank=True)
    crl_emitida_em = models.DateTimeField("última LCR emitida em", null=True, blank=True)
    # The bus's own signing key (recibos de envio), certified by this CA; encrypted like the CA's key.
    barramento_certificado_pem = models.TextField("certificado de assinatura do barramento (PEM)", blank=True)
    barramento_chave_cifrada_pem = models.TextField(
        "chave de assinatura do barramento cifrada (PKCS#8 PEM)", blank=True
    )
    criada_em = models.DateTimeField("criada em", auto_now_add=True)

    regra_de_escopo = SemRecorte()

    class Meta:
        verbose_name = "autoridade certificadora"
        verbose_name_plural = "autoridades certificadoras"

    def __str__(self):
        return f"AC do Tramita.GOV.BR ({self.ambiente})"


class Certificado(models.Model):
    class Origem(models.TextChoices):
        GERADO = "gerado", "Gerado pelo portal"
        CSR = "csr", "Requisição (CSR) enviada pelo órgão"

    class Motivo(models.TextChoices):
        # RFC 5280 reason codes offered on the portal (x509.ReasonFlags names).
        KEY_COMPROMISE = "key_compromise", "Chave privada comprometida"
        SUPERSEDED = "superseded", "Substituído por novo certificado"
        CESSATION_OF_OPERATION = "cessation_of_operation", "Sistema desativado"
        AFFILIATION_CHANGED = "affiliation_changed", "Mudança de órgão responsável"
        UNSPECIFIED = "unspecified", "Outro motivo"

    class Situacao(models.TextChoices):
        VALIDO = "valido", "Válido"
        EXPIRADO = "expirado", "Expirado"
        REVOGADO = "revogado", "Revogado"

    sistema = models.ForeignKey(
        "comites.Sistema", verbose_name="sistema", on_delete=models.PROTECT, related_name="certificados"
    )
    ambiente = models.CharField("ambiente", max_length=12)
    origem = models.CharField("origem", max_length=8, choices=Origem.choices)
    numero_de_serie = models.CharField("número de série (hex)", max_length=40, unique=True)
    common_name = models.CharField("Common Name", max_length=64)
    fingerprint_sha256 = models.CharField("fingerprint SHA-256", max_length=95, unique=True)
    certificado_pem = models.TextField("certificado (PEM)")
    valido_de = models.DateTimeField("válido a partir de")
    valido_ate = models.DateTimeField("válido até")
    gerado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="gerado por", on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    gerado_em = models.DateTimeField("gerado em", auto_now_add=True)
    revogado_em = models.DateTimeField("revogado em", null=True, blank=True)
    motivo_revogacao = models.CharField("motivo da revogação", max_length=24, choices=Motivo.choices, blank=True)
    justificativa_revogacao = models.TextField("justificativa da revogação", max_length=1000, blank=True)
    revogado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="revogado por", on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    # Filled by the API authentication (comites.certificados.autenticacao), at most once a minute per address.
    ultimo_uso_em = models.DateTimeField("último uso em", null=True, blank=True)
    ultimo_uso_endereco = models.GenericIPAddressField("último uso a partir de", null=True, blank=True)
    # The address used before the last one changed, and when it was last seen from there.
    uso_anterior_em = models.DateTimeField("uso anterior em", null=True, blank=True)
    uso_anterior_endereco = models.GenericIPAddressField("uso anterior a partir de", null=True, blank=True)
    # Seen from two different addresses within 24 h (two installations sharing one certificate).
    uso_compartilhado_em = models.DateTimeField("uso a partir de dois endereços em", null=True, blank=True)
    uso_compartilhado_avisado_em = models.DateTimeField(
        "gestores avisados do uso compartilhado em", null=True, blank=True,
    )

    regra_de_escopo = PorCampos(
        comite="sistema__orgao_responsavel_id",
        repositorio="sistema__orgao_responsavel__unidade__repositorio_id",
        gestor_tecnologico="sistema__orgao_responsavel__gestor_tecnologico_id",
        interno="sistema__orgao_responsavel__gestor_tecnologico__interno",
    )

    class Meta:
        verbose_name = "certificado digital de sistema"
        verbose_name_plural = "certificados digitais de sistemas"
        ordering = ["-gerado_em", "-pk"]
        indexes = [models.Index(fields=["sistema", "ambiente"], name="certificado_sistema_ambiente")]

    def __str__(self):
        return self.common_name

    @property
    def situacao(self) -> str:
        if self.revogado_em:
            return self.Situacao.REVOGADO
        if self.valido_ate <= timezone.now():
            return self.Situacao.EXPIRADO
        return self.Situacao.VALIDO

    def get_situacao_display(self) -> str:
        return self.Situacao(self.situacao).label

    @property
    def uso_compartilhado_recente(self) -> bool:
        """Seen from two addresses within a day, lately (the certificate page shows the warning)."""
        return bool(self.uso_compartilhado_em) and (
            timezone.now() - self.uso_compartilhado_em < DIAS_DO_ALERTA_DE_USO_COMPARTILHADO
        )

    @property
    def dias_restantes(self) -> int:
        """Whole days until expiry (negative once expired)."""
        return (self.valido_ate - timezone.now()).days


class AvisoDeExpiracao(models.Model):
    """One expiry e-mail sent about a certificate (so the beat task never sends it twice)."""

    certificado = models.ForeignKey(Certificado, on_delete=models.CASCADE, related_name="avisos")
    enviado_em = models.DateTimeField("enviado em", default=timezone.now)
    dias_restantes = models.IntegerField("dias restantes")
    destinatarios = models.TextField("destinatários")

    regra_de_escopo = PorCampos(
        comite="certificado__sistema__orgao_responsavel_id",
        repositorio="certificado__sistema__orgao_responsavel__unidade__repositorio_id",
        gestor_tecnologico="certificado__sistema__orgao_responsavel__gestor_tecnologico_id",
        interno="certificado__sistema__orgao_responsavel__gestor_tecnologico__interno",
    )

    class Meta:
        verbose_name = "aviso de expiração de certificado"
        verbose_name_plural = "avisos de expiração de certificados"
        ordering = ["-enviado_em"]

    def __str__(self):
        return f"Aviso de {self.enviado_em:%d/%m/%Y} ({self.dias_restantes} dias)"
