"""The daily digest of stuck trâmites: one row per órgão and day it was sent (at most one e-mail a day)."""

from django.db import models

from portal.permissions import PorCampos


class ResumoDeParados(models.Model):
    comite = models.ForeignKey("comites.Comite", verbose_name="órgão", on_delete=models.CASCADE, related_name="+")
    dia = models.DateField("dia")
    quantidade = models.PositiveIntegerField("trâmites listados")
    enviado_em = models.DateTimeField("enviado em", auto_now_add=True)

    regra_de_escopo = PorCampos(comite="comite_id", repositorio="comite__unidade__repositorio_id")

    class Meta:
        verbose_name = "resumo diário de trâmites parados"
        verbose_name_plural = "resumos diários de trâmites parados"
        constraints = [models.UniqueConstraint(fields=["comite", "dia"], name="um_resumo_de_parados_por_dia")]

    def __str__(self):
        return f"Resumo de {self.dia:%d/%m/%Y} do órgão {self.comite_id}"
