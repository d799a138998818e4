"""Comitês gestores de protocolo and their gestores.

A ``Comite`` is an órgão's group of gestores on the platform for one ambiente; it points at the
órgão's root unit in a repositório de estruturas. The unit subtree under that root belongs to it.
"""

from django.conf import settings
from django.db import models

from portal.permissions import Escopo


class Ambiente(models.TextChoices):
    HOMOLOGACAO = "homologacao", "Homologação"
    PRODUCAO = "producao", "Produção"


class Comite(models.Model):
    class Implantacao(models.TextChoices):
        EM_IMPLANTACAO = "em_implantacao", "Em implantação"
        IMPLANTADO = "implantado", "Implantado"

    unidade = models.ForeignKey(
        "estrutura.Unidade", verbose_name="órgão/entidade", on_delete=models.PROTECT, related_name="comites"
    )
    ambiente = models.CharField("ambiente", max_length=12, choices=Ambiente.choices, default=Ambiente.HOMOLOGACAO)
    ativo = models.BooleanField("ativo", default=True)
    gestor_tecnologico = models.ForeignKey(
        "portal.GestorTecnologico", verbose_name="gestor tecnológico", on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    sistema_de_governo = models.ForeignKey(
        "portal.SistemaDeGoverno", verbose_name="sistema de governo", on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    implantacao = models.CharField(
        "situação da implantação", max_length=16, choices=Implantacao.choices, default=Implantacao.EM_IMPLANTACAO
    )
    implantado_em = models.DateField("data de implantação", null=True, blank=True)
    criado_em = models.DateTimeField("data de criação", auto_now_add=True)
    inativado_em = models.DateTimeField("data de inativação", null=True, blank=True)

    class Meta:
        verbose_name = "comitê gestor de protocolo"
        verbose_name_plural = "comitês gestores de protocolo"
        ordering = ["unidade__nome"]
        constraints = [
            models.UniqueConstraint(fields=["unidade", "ambiente"], name="um_comite_por_orgao_e_ambiente"),
        ]

    def __str__(self):
        return str(self.unidade)

    @property
    def nome(self) -> str:
        return self.unidade.nome

    @property
    def sigla(self) -> str:
        return self.unidade.sigla

    def escopo_de_acesso(self) -> Escopo:
        gt = self.gestor_tecnologico
        return Escopo(
            comite_ids=frozenset({self.pk}),
            repositorio_id=self.unidade.repositorio_id,
            gestor_tecnologico_id=self.gestor_tecnologico_id,
            gestor_tecnologico_interno=gt.interno if gt else True,
        )


class Gestor(models.Model):
    """A person managing a comitê. Removing a gestor inactivates the row (history is kept)."""

    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="gestores")
    pessoa = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gestoes")
    ativo = models.BooleanField("ativo", default=True)
    adicionado_em = models.DateTimeField("adicionado em", auto_now_add=True)
    adicionado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removido_em = models.DateTimeField("removido em", null=True, blank=True)

    class Meta:
        verbose_name = "gestor de protocolo"
        verbose_name_plural = "gestores de protocolo"
        ordering = ["pessoa__nome"]
        constraints = [
            models.UniqueConstraint(fields=["comite", "pessoa"], name="gestor_unico_por_comite"),
        ]

    def __str__(self):
        return f"{self.pessoa} ({self.comite})"

    def escopo_de_acesso(self) -> Escopo:
        return self.comite.escopo_de_acesso()
