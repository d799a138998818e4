"""Catalogues the committees depend on (kept here so that ``comites`` needs nothing above it)."""

from django.db import models

from portal.permissions import Publico


class SistemaDeGoverno(models.Model):
    """A product used as sistema de processo eletrônico (SEI, SUAP, SIPAC, SAPIENS…)."""

    codigo = models.PositiveIntegerField("código", unique=True)
    nome = models.CharField("nome", max_length=50, unique=True)
    sigla = models.CharField("sigla", max_length=30, blank=True)
    descricao = models.CharField("descrição", max_length=200, blank=True)
    ativo = models.BooleanField("ativo", default=True)
    criado_em = models.DateTimeField("data de criação", auto_now_add=True)

    regra_de_escopo = Publico()  # a public catalogue

    class Meta:
        verbose_name = "sistema de governo"
        verbose_name_plural = "sistemas de governo"
        ordering = ["nome"]

    def __str__(self):
        return self.nome


class GestorTecnologico(models.Model):
    """Where an órgão's electronic-process system is hosted: "Interno" or a public company."""

    nome = models.CharField("nome", max_length=50, unique=True)
    descricao = models.CharField("descrição", max_length=100)
    interno = models.BooleanField(
        "hospedado pelo próprio órgão",
        default=False,
        help_text="Quando marcado, os gestores do órgão podem gerar o certificado do sistema.",
    )
    ativo = models.BooleanField("ativo", default=True)
    criado_em = models.DateTimeField("data de criação", auto_now_add=True)

    regra_de_escopo = Publico()  # a public catalogue

    class Meta:
        verbose_name = "gestor tecnológico"
        verbose_name_plural = "gestores tecnológicos"
        ordering = ["nome"]

    def __str__(self):
        return self.nome
