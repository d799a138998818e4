"""Which pendências the API already delivered to a system (``GET tramites/pendentes?todas=false``)."""

from django.db import models

from tramites.escopo import PorLadosDoTramite


class EntregaDePendencia(models.Model):
    """A pendência (a trâmite in one situação, identified by when it entered it: ``status_desde``) listed
    to a system. ``todas=false`` lists only the pendências without such a row; a new transition gives the
    trâmite a new ``status_desde``, hence a new pendência."""

    sistema = models.ForeignKey("comites.Sistema", verbose_name="sistema", on_delete=models.CASCADE,
                                related_name="+")
    tramite = models.ForeignKey("tramites.Tramite", verbose_name="trâmite", on_delete=models.CASCADE,
                                related_name="entregas_de_pendencia")
    status_desde = models.DateTimeField("situação desde")
    entregue_em = models.DateTimeField("entregue em", auto_now_add=True)

    regra_de_escopo = PorLadosDoTramite("tramite__")

    class Meta:
        verbose_name = "entrega de pendência"
        verbose_name_plural = "entregas de pendências"
        constraints = [
            models.UniqueConstraint(fields=["sistema", "tramite", "status_desde"], name="uma_entrega_por_pendencia"),
        ]

    def __str__(self):
        return f"IDT {self.tramite_id} → sistema {self.sistema_id}"
