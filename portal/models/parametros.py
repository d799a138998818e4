from django.conf import settings
from django.db import models

from portal.permissions import SemRecorte


class Parametro(models.Model):
    """A solution parameter ("Parâmetros da Solução"), edited by administrators, read through the cache."""

    class Tipo(models.TextChoices):
        INTEIRO = "inteiro", "Número inteiro"
        TEXTO = "texto", "Texto"
        EMAILS = "emails", "Lista de e-mails"
        MODELO = "modelo", "Modelo de texto"

    chave = models.SlugField("chave", max_length=80, unique=True)
    categoria = models.CharField("categoria", max_length=100)
    nome = models.CharField("nome", max_length=200)
    descricao = models.CharField("descrição", max_length=500, blank=True)
    tipo = models.CharField("tipo", max_length=10, choices=Tipo.choices, default=Tipo.TEXTO)
    valor = models.TextField("valor", max_length=8000, blank=True)
    unidade = models.CharField("unidade", max_length=40, blank=True)
    minimo = models.IntegerField("mínimo", null=True, blank=True)
    maximo = models.IntegerField("máximo", null=True, blank=True)
    atualizado_em = models.DateTimeField("atualizado em", auto_now=True)
    atualizado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    regra_de_escopo = SemRecorte()  # global settings: the action alone decides

    class Meta:
        verbose_name = "parâmetro"
        verbose_name_plural = "parâmetros da solução"
        ordering = ["categoria", "nome"]

    def __str__(self):
        return self.nome


class Batimento(models.Model):
    """Last time a periodic process proved it is alive (the beat scheduler's tick)."""

    nome = models.CharField(max_length=60, unique=True)
    momento = models.DateTimeField()

    class Meta:
        verbose_name = "batimento"

    def __str__(self):
        return f"{self.nome}: {self.momento:%d/%m/%Y %H:%M:%S}"
