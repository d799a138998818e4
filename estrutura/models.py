"""Repositórios de estruturas and their unit trees.

A ``Unidade``'s id is the bus's ``numeroDeIdentificacaoDaEstrutura``: it never changes, not on a SIORG
re-sync, a move or a migration to another repositório. The tree keeps a materialized path
(``caminho``: the zero-padded ids from the root down to the unit itself) so ancestors and whole
subtrees are one indexed query each, with no recursion in Python.
"""

from collections.abc import Callable

from django.db import models

from portal.permissions import Escopo

LARGURA_ID = 10

# Set by the comites app at start-up: given unit ids (a unit and its ancestors), the Escopo of the
# comitê that owns them. Lets a unit answer permission checks without importing comites.
resolvedor_de_comite: Callable[[list[int], int], Escopo] | None = None


def segmento(pk: int) -> str:
    return f"{pk:0{LARGURA_ID}d}."


class RepositorioDeEstruturas(models.Model):
    nome = models.CharField("nome", max_length=250, unique=True)
    descricao = models.TextField("descrição", max_length=4000, blank=True)
    ativo = models.BooleanField("ativo", default=True)
    is_siorg = models.BooleanField(
        "é o SIORG",
        default=False,
        help_text="A estrutura do Poder Executivo Federal vem do SIORG e não pode ser editada no portal.",
    )
    criado_em = models.DateTimeField("data de criação", auto_now_add=True)

    class Meta:
        verbose_name = "repositório de estruturas"
        verbose_name_plural = "repositórios de estruturas"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_siorg"], condition=models.Q(is_siorg=True), name="um_unico_repositorio_siorg"
            )
        ]

    def __str__(self):
        return self.nome

    def escopo_de_acesso(self) -> Escopo:
        return Escopo(repositorio_id=self.pk)


class UnidadeQuerySet(models.QuerySet):
    def ativas(self):
        return self.filter(ativo=True)

    def subarvore(self, unidade, incluir_raiz=True):
        qs = self.filter(caminho__startswith=unidade.caminho)
        return qs if incluir_raiz else qs.exclude(pk=unidade.pk)

    def ancestrais(self, unidade):
        return self.filter(pk__in=unidade.ids_ancestrais).order_by("-profundidade")


class Unidade(models.Model):
    class Origem(models.TextChoices):
        SIORG = "siorg", "SIORG"
        MANUAL = "manual", "Cadastro manual"
        IMPORTACAO = "importacao", "Importação de arquivo"

    repositorio = models.ForeignKey(
        RepositorioDeEstruturas, verbose_name="repositório", on_delete=models.PROTECT, related_name="unidades"
    )
    parent = models.ForeignKey(
        "self", verbose_name="unidade superior", on_delete=models.PROTECT, null=True, blank=True,
        related_name="filhas",
    )
    caminho = models.CharField("caminho", max_length=2000, blank=True, db_index=True, editable=False)
    profundidade = models.PositiveSmallIntegerField("nível", default=0, editable=False)
    nome = models.CharField("nome", max_length=250)
    sigla = models.CharField("sigla", max_length=100, blank=True)
    codigo_no_orgao = models.CharField("código no órgão/entidade", max_length=50, blank=True)
    descricao = models.TextField("descrição", max_length=4000, blank=True)
    ativo = models.BooleanField("ativo", default=True, db_index=True)
    origem = models.CharField("origem", max_length=12, choices=Origem.choices, default=Origem.MANUAL)
    siorg_codigo = models.CharField("código SIORG", max_length=40, blank=True, db_index=True)
    siorg_versao = models.CharField("versão SIORG", max_length=40, blank=True)
    eh_orgao = models.BooleanField("é órgão/entidade", default=False)
    # Send/receive mapping, written by the comites services (the link to the SPE stays in comites).
    permite_envio = models.BooleanField("pode enviar", default=False)
    permite_recebimento = models.BooleanField("pode receber", default=False)
    unidade_receptora = models.ForeignKey(
        "self", verbose_name="unidade centralizadora", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="unidades_atendidas",
    )
    criado_em = models.DateTimeField("data de criação", auto_now_add=True)
    alterado_em = models.DateTimeField("última alteração", auto_now=True)

    objects = UnidadeQuerySet.as_manager()

    class Meta:
        verbose_name = "unidade"
        verbose_name_plural = "unidades"
        ordering = ["caminho"]
        indexes = [
            models.Index(fields=["repositorio", "ativo"]),
            models.Index(fields=["repositorio", "sigla"]),
        ]

    def __str__(self):
        return f"{self.nome} - {self.sigla} ({self.pk})" if self.sigla else f"{self.nome} ({self.pk})"

    @property
    def ids_ancestrais(self) -> list[int]:
        """Ids from the root down to the parent (excluding the unit itself)."""
        return [int(p) for p in self.caminho.split(".") if p][:-1]

    @property
    def rotulo(self) -> str:
        return str(self)

    def calcular_caminho(self) -> str:
        base = self.parent.caminho if self.parent_id else ""
        return base + segmento(self.pk)

    def save(self, *args, **kwargs):
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {k: v for k, v in kwargs.items() if k not in ("force_insert",)}
            kwargs.pop("update_fields", None)
        self.caminho = self.calcular_caminho()
        self.profundidade = self.caminho.count(".") - 1
        super().save(*args, **kwargs)

    def orgao(self):
        """The nearest ancestor-or-self flagged as órgão/entidade."""
        if self.eh_orgao:
            return self
        return (
            Unidade.objects.filter(pk__in=self.ids_ancestrais, eh_orgao=True).order_by("-profundidade").first()
        )

    def escopo_de_acesso(self) -> Escopo:
        if resolvedor_de_comite is None:
            return Escopo(repositorio_id=self.repositorio_id)
        return resolvedor_de_comite([*self.ids_ancestrais, self.pk], self.repositorio_id)
