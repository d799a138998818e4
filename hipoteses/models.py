"""Reference catalogues of the bus: hipóteses legais, espécies documentais, and suggestions of new hipóteses.

The bus is the master list of both catalogues; the electronic-process systems (SPEs) copy them through
``GET hipoteses`` and ``GET especies`` and map them to their own tables by the stable integer id
(``identificacao`` / ``codigo``). An id is therefore never changed nor reused (see ``Numerador``).
Sistemas de Governo and Gestores Tecnológicos live in ``portal.models.catalogos`` because ``comites``
points at them; this app manages them.
"""

from django.conf import settings
from django.db import models

from portal.permissions import PorCampos, Publico


class HipoteseLegal(models.Model):
    """The legal basis that restricts access to a process or document (spec portal-features §10.1)."""

    identificacao = models.PositiveIntegerField(
        "ID", unique=True, editable=False, help_text="Identificador estável usado pelos sistemas na API."
    )
    nome = models.CharField("nome", max_length=100, unique=True)
    base_legal = models.CharField("base legal", max_length=100)
    descricao = models.CharField("descrição", max_length=500, blank=True)
    ativo = models.BooleanField("ativo", default=True)
    criado_em = models.DateTimeField("data de criação", auto_now_add=True)

    regra_de_escopo = Publico()  # a public catalogue

    class Meta:
        verbose_name = "hipótese legal"
        verbose_name_plural = "hipóteses legais"
        ordering = ["identificacao"]

    def __str__(self):
        return f"{self.nome} ({self.base_legal})"


class EspecieDocumental(models.Model):
    """The kind of a document (Ofício, Despacho…); ``nome`` is the bus's ``nomeNoProdutor``."""

    codigo = models.PositiveIntegerField("código", unique=True)
    nome = models.CharField("nome", max_length=100, unique=True)
    observacao = models.CharField("observação", max_length=300, blank=True)
    ativo = models.BooleanField("ativo", default=True)
    criado_em = models.DateTimeField("data de criação", auto_now_add=True)

    regra_de_escopo = Publico()  # a public catalogue

    class Meta:
        verbose_name = "espécie documental"
        verbose_name_plural = "espécies documentais"
        ordering = ["codigo"]

    def __str__(self):
        return f"{self.codigo} – {self.nome}"


class SugestaoDeHipotese(models.Model):
    """A gestor's proposal of a new hipótese legal, accepted (creating it) or declined by an administrator."""

    class Status(models.TextChoices):
        PENDENTE = "pendente", "Pendente"
        ACEITA = "aceita", "Aceita"
        RECUSADA = "recusada", "Recusada"

    sugerido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="sugerida por", on_delete=models.PROTECT, related_name="+"
    )
    # The comitê the suggester spoke for (an id only: this app may not import ``comites``).
    comite_id = models.BigIntegerField("comitê", null=True, blank=True, db_index=True)
    nome = models.CharField("nome", max_length=100)
    base_legal = models.CharField("base legal", max_length=100)
    descricao = models.CharField("descrição", max_length=500)
    justificativa = models.CharField("justificativa", max_length=2000)
    status = models.CharField("situação", max_length=10, choices=Status.choices, default=Status.PENDENTE,
                              db_index=True)
    motivo_recusa = models.CharField("motivo da recusa", max_length=1000, blank=True)
    decidido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="avaliada por", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    decidido_em = models.DateTimeField("data da avaliação", null=True, blank=True)
    hipotese_criada = models.ForeignKey(
        HipoteseLegal, verbose_name="hipótese criada", on_delete=models.PROTECT, null=True, blank=True,
        related_name="sugestoes",
    )
    criado_em = models.DateTimeField("data da sugestão", auto_now_add=True)

    class Meta:
        verbose_name = "sugestão de hipótese legal"
        verbose_name_plural = "sugestões de hipóteses legais"
        ordering = ["-criado_em", "-id"]

    def __str__(self):
        return f"Sugestão “{self.nome}”"

    @property
    def pendente(self) -> bool:
        return self.status == self.Status.PENDENTE

    # The comitê's gestores see it; its author always does.
    regra_de_escopo = PorCampos(comite="comite_id", autor="sugerido_por_id")


class Numerador(models.Model):
    """The last id handed out for a catalogue, so that ids of deleted entries are never reused."""

    chave = models.CharField(max_length=60, unique=True)
    ultimo = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "numerador"

    def __str__(self):
        return f"{self.chave}: {self.ultimo}"
