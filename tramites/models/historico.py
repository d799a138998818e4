"""The status history (one row per transition, the creation included) and the receipts of a trâmite."""

from django.conf import settings
from django.db import models

from tramites import state_machine as sm
from tramites.escopo import PorLadosDoTramite

EVENTO_CHOICES = [(e.value, e.label) for e in sm.Evento]
ATOR_CHOICES = [(a.value, a.label) for a in sm.Ator]


class HistoricoDeStatus(models.Model):
    """From, to, when, which event, who (a system, a person or the bus) and why."""

    tramite = models.ForeignKey("tramites.Tramite", on_delete=models.CASCADE, related_name="historico")
    de = models.PositiveSmallIntegerField("situação anterior", choices=sm.CHOICES, null=True, blank=True)
    para = models.PositiveSmallIntegerField("nova situação", choices=sm.CHOICES)
    momento = models.DateTimeField("data e hora")
    evento = models.CharField("evento", max_length=30, choices=EVENTO_CHOICES)
    ator = models.CharField("ator", max_length=15, choices=ATOR_CHOICES)
    sistema = models.ForeignKey("comites.Sistema", verbose_name="sistema", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")
    pessoa = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="pessoa", on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+")
    ator_descricao = models.CharField("quem", max_length=300, blank=True)
    # The client certificate the system authenticated with (spec §8.4: "Tipo de autenticação").
    certificado = models.ForeignKey("comites.Certificado", verbose_name="certificado digital",
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    motivo = models.TextField("motivo", max_length=1000, blank=True)

    regra_de_escopo = PorLadosDoTramite("tramite__")

    class Meta:
        verbose_name = "mudança de situação"
        verbose_name_plural = "histórico de situações"
        ordering = ["tramite", "momento", "id"]
        indexes = [models.Index(fields=["tramite", "momento"], name="historico_tramite_momento_idx")]

    def __str__(self):
        return f"IDT {self.tramite_id}: {self.de or '—'} → {self.para}"


class Recibo(models.Model):
    """The recibo de envio (signed by the bus's own key) or the recibo de conclusão (signed by the receiver),
    kept exactly as signed (spec §4.5, §6.4)."""

    class Tipo(models.TextChoices):
        ENVIO = "envio", "Recibo de envio"
        CONCLUSAO = "conclusao", "Recibo de conclusão"

    tramite = models.ForeignKey("tramites.Tramite", on_delete=models.CASCADE, related_name="recibos")
    tipo = models.CharField("tipo", max_length=10, choices=Tipo.choices)
    conteudo = models.TextField("conteúdo assinado")
    assinatura = models.TextField("assinatura (base64)")
    cadeia_do_certificado = models.TextField("cadeia do certificado", blank=True)
    hashes = models.JSONField("hashes dos componentes digitais", default=list)
    data_de_recebimento = models.DateTimeField("data de recebimento", null=True, blank=True)
    momento = models.DateTimeField("registrado em", auto_now_add=True)

    regra_de_escopo = PorLadosDoTramite("tramite__")

    class Meta:
        verbose_name = "recibo"
        verbose_name_plural = "recibos"
        ordering = ["tramite", "momento"]
        constraints = [models.UniqueConstraint(fields=["tramite", "tipo"], name="um_recibo_de_cada_tipo")]

    def __str__(self):
        return f"{self.get_tipo_display()} do IDT {self.tramite_id}"
