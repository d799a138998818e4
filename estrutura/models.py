"""Repositórios de estruturas and their unit trees.

A ``Unidade``'s id is the bus's ``numeroDeIdentificacaoDaEstrutura``: it never changes, not on a SIORG
re-sync, a move or a migration to another repositório. The tree keeps a materialized path
(``caminho``: the zero-padded ids from the root down to the unit itself) so ancestors and whole
subtrees are one indexed query each, with no recursion in Python.
"""

import unicodedata

from django.conf import settings
from django.db import connection, models

from estrutura.escopo import PorImportacao, PorSubarvore
from portal.permissions import PorCampos

LARGURA_ID = 10


def segmento(pk: int) -> str:
    return f"{pk:0{LARGURA_ID}d}."


def normalizar_busca(texto: str | None) -> str:
    """Lower case, no accents, single spaces: what name/sigla searches compare against."""
    if not texto:
        return ""
    decomposto = unicodedata.normalize("NFKD", texto)
    sem_acento = "".join(c for c in decomposto if not unicodedata.combining(c))
    return " ".join(sem_acento.casefold().split())


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

    # Supervisores see their repositórios; anyone reads the list (the structure API, public search).
    regra_de_escopo = PorCampos(repositorio="pk", leitura_publica=True)


class UnidadeQuerySet(models.QuerySet):
    def ativas(self):
        return self.filter(ativo=True)

    def subarvore(self, unidade, incluir_raiz=True):
        """Every unit under ``unidade`` (one indexed range scan on the materialized path)."""
        qs = self.filter(filtro_de_subarvore(unidade.caminho))
        return qs if incluir_raiz else qs.exclude(pk=unidade.pk)

    def ancestrais(self, unidade):
        return self.filter(pk__in=unidade.ids_ancestrais).order_by("-profundidade")


def filtro_de_subarvore(caminho: str, campo: str = "caminho") -> models.Q:
    """Paths that start with ``caminho``.

    PostgreSQL answers ``LIKE 'prefix%'`` from the ``varchar_pattern_ops`` index Django creates for the
    indexed ``caminho``; SQLite's LIKE is case-insensitive and skips the index, so there the prefix
    becomes a range on the (binary-collated) index: every path under ``…0042.`` sorts before ``…0042/``.
    """
    if connection.vendor == "sqlite":
        return models.Q(**{f"{campo}__gte": caminho, f"{campo}__lt": caminho[:-1] + "/"})
    return models.Q(**{f"{campo}__startswith": caminho})


class ModoDeTramitacao(models.TextChoices):
    """How a mapped unit takes part in trâmites: the flags ``permiteEnvio``/``permiteRecebimento`` of the API."""

    ENVIAR_E_RECEBER = "enviar_e_receber", "Enviar e Receber"
    SOMENTE_ENVIAR = "somente_enviar", "Somente Enviar"
    SOMENTE_RECEBER = "somente_receber", "Somente Receber"

    @property
    def flags(self) -> tuple[bool, bool]:
        """(permite_envio, permite_recebimento)."""
        return self != ModoDeTramitacao.SOMENTE_RECEBER, self != ModoDeTramitacao.SOMENTE_ENVIAR

    @classmethod
    def de_flags(cls, envio: bool, recebimento: bool) -> "ModoDeTramitacao | None":
        if envio and recebimento:
            return cls.ENVIAR_E_RECEBER
        if envio:
            return cls.SOMENTE_ENVIAR
        if recebimento:
            return cls.SOMENTE_RECEBER
        return None


class Unidade(models.Model):
    class Origem(models.TextChoices):
        SIORG = "siorg", "SIORG"
        MANUAL = "manual", "Cadastro manual"
        IMPORTACAO = "importacao", "Importação de arquivo"

    repositorio = models.ForeignKey(  # indexed as the first column of the composite indexes below
        RepositorioDeEstruturas, verbose_name="repositório", on_delete=models.PROTECT, related_name="unidades",
        db_index=False,
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
    ativo = models.BooleanField("ativo", default=True)
    origem = models.CharField("origem", max_length=12, choices=Origem.choices, default=Origem.MANUAL)
    siorg_codigo = models.CharField("código SIORG", max_length=40, blank=True)
    siorg_versao = models.CharField("versão SIORG", max_length=40, blank=True)
    eh_orgao = models.BooleanField("é órgão/entidade", default=False)
    # SIORG domain codes, normalized (URIs end in a slug or a number; both map to the same value).
    siorg_tipo = models.CharField("tipo de unidade (SIORG)", max_length=40, blank=True)
    siorg_poder = models.CharField("poder (SIORG)", max_length=40, blank=True)
    siorg_esfera = models.CharField("esfera (SIORG)", max_length=40, blank=True)
    siorg_natureza = models.CharField("natureza jurídica (SIORG)", max_length=80, blank=True)
    # Accent- and case-free copies of nome and sigla for searches (kept by save() and the importers).
    nome_busca = models.CharField(max_length=250, blank=True, default="", editable=False)
    sigla_busca = models.CharField(max_length=100, blank=True, default="", editable=False)
    # Send/receive mapping (spec §7.5): the SPE the unit sends/receives through and the mode flags, written
    # only by ``estrutura.services.mapeamento`` on behalf of the comites service (a unit has at most one SPE).
    sistema = models.ForeignKey(
        "comites.Sistema", verbose_name="sistema de processo eletrônico", on_delete=models.PROTECT, null=True,
        blank=True, related_name="unidades_mapeadas",
    )
    permite_envio = models.BooleanField("pode enviar", default=False)
    permite_recebimento = models.BooleanField("pode receber", default=False)
    # Unidade centralizadora (spec §7.6): receives on behalf of the units whose ``unidade_receptora`` is it.
    eh_centralizadora = models.BooleanField("é unidade centralizadora", default=False, db_default=False)
    unidade_receptora = models.ForeignKey(
        "self", verbose_name="unidade centralizadora", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="unidades_atendidas",
    )
    criado_em = models.DateTimeField("data de criação", auto_now_add=True)
    alterado_em = models.DateTimeField("última alteração", auto_now=True)

    objects = UnidadeQuerySet.as_manager()

    # The subtree of a comitê's órgão root (estrutura.escopo); public for the unit search and the API.
    regra_de_escopo = PorSubarvore(leitura_publica=True)

    CAMPOS_DERIVADOS = ("caminho", "profundidade", "nome_busca", "sigla_busca")

    class Meta:
        verbose_name = "unidade"
        verbose_name_plural = "unidades"
        ordering = ["caminho"]
        # Every index and the queries that use it (see bench/README.md, "Indexes of the unit table"):
        # - pk; parent_id (FK: children lists, API …/filhas, PROTECT checks); unidade_receptora_id (FK: units a
        #   centralizing unit serves, SET_NULL); caminho (ORDER BY caminho, the default ordering of tree
        #   screens) and its varchar_pattern_ops twin (``subarvore``: caminho LIKE 'prefix%');
        # - the unique (repositorio, siorg_codigo): SIORG code lookups, always within a repositório;
        # - trigram GIN on nome_busca / sigla_busca (migration 0004): every "contains" search;
        # - the three below. (repositorio_id alone, ativo alone, siorg_codigo alone and its LIKE twin,
        #   (repositorio, ativo), (repositorio, sigla) and (repositorio, sigla_busca) were dropped: each is a
        #   prefix of one of these or served no query.)
        indexes = [
            # Searches without the active-only filter, ordered by name (index walk for dense matches).
            models.Index(fields=["repositorio", "nome_busca"], name="estrutura_unid_repo_nome_idx"),
            # Searches order by nome_busca: these let the active-only and receiving-only searches (what the
            # systems ask) walk an index in order, and let counts read the narrow index, not the wide rows.
            models.Index(fields=["repositorio", "ativo", "nome_busca"], name="estrutura_unid_busca_idx"),
            models.Index(
                fields=["repositorio", "nome_busca"], condition=models.Q(permite_recebimento=True),
                name="estrutura_unid_recebe_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["repositorio", "siorg_codigo"],
                condition=~models.Q(siorg_codigo=""),
                name="codigo_siorg_unico_no_repositorio",
            )
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

    @property
    def vem_do_siorg(self) -> bool:
        """SIORG units are read-only in the portal: the next sync would undo any local change."""
        return self.origem == self.Origem.SIORG or self.repositorio.is_siorg

    def calcular_caminho(self) -> str:
        base = self.parent.caminho if self.parent_id else ""
        return base + segmento(self.pk)

    def save(self, *args, **kwargs):
        self.nome_busca = normalizar_busca(self.nome)
        self.sigla_busca = normalizar_busca(self.sigla)
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {k: v for k, v in kwargs.items() if k not in ("force_insert",)}
            kwargs.pop("update_fields", None)
        self.caminho = self.calcular_caminho()
        self.profundidade = self.caminho.count(".") - 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.CAMPOS_DERIVADOS}
        super().save(*args, **kwargs)

    def orgao(self):
        """The nearest ancestor-or-self flagged as órgão/entidade."""
        if self.eh_orgao:
            return self
        return (
            Unidade.objects.filter(pk__in=self.ids_ancestrais, eh_orgao=True).order_by("-profundidade").first()
        )



class ExecucaoDeImportacao(models.Model):
    """One run of an importer (SIORG sync or a gestor's CSV file) and the change report it produced.

    A CSV import is first stored as a preview (``PREVIA``) holding the file's text, and only applied
    when the gestor confirms. A run that fails changes no unit and keeps the errors found.
    """

    class Tipo(models.TextChoices):
        SIORG = "siorg", "SIORG"
        CSV = "csv", "Planilha CSV"

    class Origem(models.TextChoices):
        COMANDO = "comando", "Linha de comando"
        UPLOAD = "upload", "Envio de arquivo no portal"
        AGENDADA = "agendada", "Execução agendada"

    class Situacao(models.TextChoices):
        PREVIA = "previa", "Aguardando confirmação"
        NA_FILA = "na_fila", "Na fila"
        EM_EXECUCAO = "em_execucao", "Em execução"
        SUCESSO = "sucesso", "Concluída"
        ERRO = "erro", "Falhou (nada foi alterado)"
        CANCELADA = "cancelada", "Cancelada"

    tipo = models.CharField("tipo", max_length=10, choices=Tipo.choices)
    origem = models.CharField("origem", max_length=10, choices=Origem.choices)
    situacao = models.CharField("situação", max_length=12, choices=Situacao.choices, default=Situacao.NA_FILA)
    repositorio = models.ForeignKey(
        RepositorioDeEstruturas, verbose_name="repositório", on_delete=models.PROTECT, null=True, blank=True,
        related_name="importacoes",
    )
    unidade_destino = models.ForeignKey(
        Unidade, verbose_name="unidade de destino", on_delete=models.PROTECT, null=True, blank=True,
        related_name="importacoes_recebidas",
    )
    completa = models.BooleanField(
        "estrutura completa", default=False,
        help_text="Numa importação completa, as unidades SIORG ausentes do arquivo são inativadas.",
    )
    arquivos = models.CharField("arquivos", max_length=1000, blank=True)
    conteudo = models.TextField("conteúdo (prévia de CSV)", blank=True)
    arquivo_salvo = models.CharField("arquivo recebido", max_length=500, blank=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="usuário", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    criada_em = models.DateTimeField("criada em", auto_now_add=True, db_index=True)
    iniciada_em = models.DateTimeField("iniciada em", null=True, blank=True)
    concluida_em = models.DateTimeField("concluída em", null=True, blank=True)
    lidas = models.PositiveIntegerField("unidades lidas", default=0)
    incluidas = models.PositiveIntegerField("incluídas", default=0)
    alteradas = models.PositiveIntegerField("alteradas", default=0)
    movidas = models.PositiveIntegerField("movidas", default=0)
    inativadas = models.PositiveIntegerField("inativadas", default=0)
    reativadas = models.PositiveIntegerField("reativadas", default=0)
    mensagem = models.TextField("resultado", blank=True)
    erros = models.JSONField("erros", default=list, blank=True)
    avisos = models.JSONField("avisos", default=list, blank=True)

    class Meta:
        verbose_name = "execução de importação"
        verbose_name_plural = "execuções de importação"
        ordering = ["-criada_em", "-id"]
        indexes = [models.Index(fields=["tipo", "origem", "situacao", "concluida_em"])]

    def __str__(self):
        return f"Importação {self.get_tipo_display()} nº {self.pk}"

    @property
    def houve_alteracao(self) -> bool:
        return any((self.incluidas, self.alteradas, self.movidas, self.inativadas, self.reativadas))

    regra_de_escopo = PorImportacao()


class ItemDeImportacao(models.Model):
    """One line of a run's change report."""

    class Tipo(models.TextChoices):
        INCLUIDA = "incluida", "Incluída"
        ALTERADA = "alterada", "Alterada"
        MOVIDA = "movida", "Movida"
        INATIVADA = "inativada", "Inativada"
        REATIVADA = "reativada", "Reativada"

    execucao = models.ForeignKey(ExecucaoDeImportacao, on_delete=models.CASCADE, related_name="itens")
    tipo = models.CharField("tipo", max_length=10, choices=Tipo.choices)
    unidade_id = models.BigIntegerField("unidade")
    codigo = models.CharField("código de origem", max_length=40, blank=True)
    nome = models.CharField("nome", max_length=250)
    sigla = models.CharField("sigla", max_length=100, blank=True)
    detalhe = models.CharField("detalhe", max_length=1000, blank=True)

    class Meta:
        verbose_name = "item do relatório de importação"
        verbose_name_plural = "itens do relatório de importação"
        ordering = ["id"]
        indexes = [models.Index(fields=["execucao", "tipo"])]

    def __str__(self):
        return f"{self.get_tipo_display()}: {self.nome} ({self.unidade_id})"

