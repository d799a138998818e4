"""Comitês gestores de protocolo and their gestores.

A ``Comite`` is an órgão's group of gestores on the platform for one ambiente; it points at the
órgão's root unit in a repositório de estruturas. The unit subtree under that root belongs to it.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from portal.permissions import PorCampos
from portal.validators import formatar_cep, formatar_cnpj, formatar_cpf, mascarar_cpf


def por_comite(relacao: str = "", *, leitura_publica: bool = False) -> PorCampos:
    """The scope of rows that belong to one comitê: ``relacao`` reaches the Comite ("" for itself)."""
    p = f"{relacao}__" if relacao else ""
    return PorCampos(
        comite=f"{relacao}_id" if relacao else "pk",
        repositorio=f"{p}unidade__repositorio_id",
        gestor_tecnologico=f"{p}gestor_tecnologico_id",
        interno=f"{p}gestor_tecnologico__interno",
        leitura_publica=leitura_publica,
    )


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
    cnpj = models.CharField(
        "CNPJ", max_length=14, blank=True, db_index=True,
        help_text="Só para órgãos fora do SIORG: identifica o órgão entre as solicitações de acesso.",
    )
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

    # Public reading: the public gestores page lists every active comitê.
    regra_de_escopo = por_comite(leitura_publica=True)


class HistoricoGestorTecnologico(models.Model):
    """One period of an órgão's gestor tecnológico (spec §4.4: Data Inicial / Data Final).

    ``Comite.gestor_tecnologico`` stays the current one, which every scope rule reads; this table keeps
    the periods. The open row (``data_final`` empty) is the current one; a comitê created before this
    table got its first period when its gestor tecnológico was first changed.
    """

    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="historico_gestor_tecnologico")
    gestor_tecnologico = models.ForeignKey(
        "portal.GestorTecnologico", verbose_name="gestor tecnológico", on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    data_inicial = models.DateTimeField("data inicial")
    data_final = models.DateTimeField("data final", null=True, blank=True)
    alterado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "período de gestor tecnológico"
        verbose_name_plural = "histórico de gestores tecnológicos"
        ordering = ["-data_inicial", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["comite"], condition=models.Q(data_final__isnull=True),
                                    name="um_gestor_tecnologico_atual_por_comite"),
        ]

    def __str__(self):
        return f"{self.gestor_tecnologico or '—'} ({self.comite})"

    regra_de_escopo = por_comite("comite")


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

    regra_de_escopo = por_comite("comite", leitura_publica=True)


class Sistema(models.Model):
    """A sistema de processo eletrônico (SPE) connected to the bus.

    Administração › Sistemas de Processo Eletrônico keeps the catalogue (spec §6.1; ``comites.sistemas``);
    Protocolo › Gestão › Sistemas links it to the órgãos it serves (§6.2). Its scope is the responsible
    órgão's comitê; gestores see it only when their órgão's system is hosted "Interno".
    """

    nome = models.CharField("nome", max_length=250, help_text="Sigla do Órgão - Sigla do Sistema, ex.: MGI - SEI.")
    descricao = models.TextField("descrição", max_length=4000, blank=True,
                                 help_text="O nome completo do órgão responsável.")
    sistema_de_governo = models.ForeignKey(
        "portal.SistemaDeGoverno", verbose_name="sistema de governo", on_delete=models.PROTECT, related_name="+"
    )
    orgao_responsavel = models.ForeignKey(
        Comite, verbose_name="órgão responsável", on_delete=models.PROTECT, related_name="sistemas_responsavel"
    )
    comites = models.ManyToManyField(
        Comite, verbose_name="órgãos atendidos", through="VinculoSistemaComite", related_name="sistemas",
        blank=True,
    )
    publico_alvo = models.BooleanField(
        "público alvo", default=False,
        help_text="Sim quando o órgão responsável é da administração direta, autárquica ou fundacional do Poder "
                  "Executivo Federal.",
    )
    ativo = models.BooleanField("ativo", default=True)
    criado_em = models.DateTimeField("data de criação", auto_now_add=True)
    inativado_em = models.DateTimeField("data de inativação", null=True, blank=True)

    class Meta:
        verbose_name = "sistema de processo eletrônico"
        verbose_name_plural = "sistemas de processo eletrônico"
        ordering = ["nome"]
        constraints = [
            models.UniqueConstraint(Lower("nome"), name="nome_de_sistema_unico"),
        ]

    def __str__(self):
        return self.nome

    regra_de_escopo = por_comite("orgao_responsavel")


class VinculoSistemaComite(models.Model):
    """A system serving an órgão (Protocolo › Gestão › Sistemas)."""

    sistema = models.ForeignKey(Sistema, on_delete=models.CASCADE, related_name="vinculos")
    comite = models.ForeignKey(Comite, on_delete=models.PROTECT, related_name="vinculos_de_sistema")
    criado_em = models.DateTimeField("vinculado em", auto_now_add=True)

    regra_de_escopo = por_comite("comite")

    class Meta:
        verbose_name = "vínculo de sistema com órgão"
        verbose_name_plural = "vínculos de sistemas com órgãos"
        constraints = [
            models.UniqueConstraint(fields=["sistema", "comite"], name="vinculo_unico_sistema_comite"),
        ]

    def __str__(self):
        return f"{self.sistema} → {self.comite}"


UFS = [
    ("AC", "Acre"), ("AL", "Alagoas"), ("AP", "Amapá"), ("AM", "Amazonas"), ("BA", "Bahia"),
    ("CE", "Ceará"), ("DF", "Distrito Federal"), ("ES", "Espírito Santo"), ("GO", "Goiás"),
    ("MA", "Maranhão"), ("MT", "Mato Grosso"), ("MS", "Mato Grosso do Sul"), ("MG", "Minas Gerais"),
    ("PA", "Pará"), ("PB", "Paraíba"), ("PR", "Paraná"), ("PE", "Pernambuco"), ("PI", "Piauí"),
    ("RJ", "Rio de Janeiro"), ("RN", "Rio Grande do Norte"), ("RS", "Rio Grande do Sul"),
    ("RO", "Rondônia"), ("RR", "Roraima"), ("SC", "Santa Catarina"), ("SP", "São Paulo"),
    ("SE", "Sergipe"), ("TO", "Tocantins"),
]


def _caminho_do_documento(instancia, nome_original: str) -> str:
    """A random name under MEDIA_ROOT (private); the extension follows the detected content type."""
    extensao = nome_original.rsplit(".", 1)[-1].lower() if "." in nome_original else "bin"
    return f"solicitacoes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extensao}"


def novo_token() -> str:
    return secrets.token_urlsafe(32)


class SolicitacaoDeAcessoQuerySet(models.QuerySet):
    def em_aberto(self):
        return self.filter(status__in=SolicitacaoDeAcesso.EM_ABERTO)


class SolicitacaoDeAcesso(models.Model):
    """A request to create an órgão's Comitê Gestor de Protocolo in one ambiente (spec §3).

    Anyone may submit it; Administradores and Supervisores (within their repositórios) evaluate it.
    Its repositório decides which Supervisores see it: the SIORG one for Executivo Federal requests;
    for other órgãos the one the evaluator sets — until then only Administradores see the request.
    """

    class Status(models.TextChoices):
        PENDENTE = "pendente", "Pendente"
        EM_ANALISE = "em_analise", "Em análise"
        APROVADA = "aprovada", "Aprovada"
        RECUSADA = "recusada", "Recusada"

    EM_ABERTO = (Status.PENDENTE, Status.EM_ANALISE)

    protocolo = models.CharField("protocolo", max_length=11, unique=True)
    token = models.CharField("chave de acompanhamento", max_length=64, unique=True, default=novo_token,
                             editable=False)
    ambiente = models.CharField("ambiente", max_length=12, choices=Ambiente.choices)
    status = models.CharField("situação", max_length=12, choices=Status.choices, default=Status.PENDENTE,
                              db_index=True)

    # Órgão/Entidade
    executivo_federal = models.BooleanField("Executivo Federal")
    unidade = models.ForeignKey(
        "estrutura.Unidade", verbose_name="órgão/entidade", on_delete=models.PROTECT, null=True, blank=True,
        related_name="solicitacoes_de_acesso",
        help_text="SIORG: a unidade raiz escolhida. Outros órgãos: a unidade criada ou vinculada na aprovação.",
    )
    repositorio = models.ForeignKey(
        "estrutura.RepositorioDeEstruturas", verbose_name="repositório de estruturas", on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    orgao_nome = models.CharField("nome do órgão/entidade", max_length=250, blank=True)
    orgao_sigla = models.CharField("sigla", max_length=100, blank=True)
    orgao_uf = models.CharField("UF", max_length=2, choices=UFS, blank=True)
    orgao_cnpj = models.CharField("CNPJ", max_length=14, blank=True, db_index=True)
    orgao_endereco = models.TextField("endereço", max_length=1000, blank=True)
    orgao_cep = models.CharField("CEP", max_length=8, blank=True)

    # Gestor tecnológico
    gestor_tecnologico = models.ForeignKey(
        "portal.GestorTecnologico", verbose_name="onde está implantado o sistema de processo eletrônico",
        on_delete=models.PROTECT, related_name="+",
    )
    sistema_de_governo = models.ForeignKey(
        "portal.SistemaDeGoverno", verbose_name="sistema de governo", on_delete=models.PROTECT, related_name="+"
    )

    # Gestor de protocolo (the requester)
    nome = models.CharField("nome", max_length=250)
    cpf = models.CharField("CPF", max_length=11, db_index=True)
    email = models.EmailField("e-mail")
    email_unidade = models.EmailField("e-mail da unidade")
    telefone = models.CharField("telefone", max_length=20)
    celular = models.CharField("celular", max_length=20)
    documento_comprobatorio = models.FileField("documento comprobatório", upload_to=_caminho_do_documento,
                                               max_length=200)
    documento_comprobatorio_nome = models.CharField("nome original do documento comprobatório", max_length=200)
    documento_identificacao = models.FileField("RG/CPF", upload_to=_caminho_do_documento, max_length=200)
    documento_identificacao_nome = models.CharField("nome original do RG/CPF", max_length=200)

    # Evaluation
    criado_em = models.DateTimeField("data da solicitação", auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField("IP de origem", null=True, blank=True)
    avaliador = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="em análise por", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    em_analise_desde = models.DateTimeField("em análise desde", null=True, blank=True)
    avaliado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="quem avaliou", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    avaliado_em = models.DateTimeField("data de avaliação", null=True, blank=True)
    justificativa = models.TextField("justificativa", max_length=4000, blank=True)
    comite = models.ForeignKey(
        Comite, verbose_name="comitê criado", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="solicitacoes",
    )
    pessoa = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="conta do gestor", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="solicitacoes_de_acesso",
    )

    objects = SolicitacaoDeAcessoQuerySet.as_manager()

    class Meta:
        verbose_name = "solicitação de acesso"
        verbose_name_plural = "solicitações de acesso"
        ordering = ["-criado_em", "-id"]
        indexes = [models.Index(fields=["status", "criado_em"])]

    def __str__(self):
        return f"{self.protocolo} — {self.orgao_rotulo}"

    @property
    def em_aberto(self) -> bool:
        return self.status in self.EM_ABERTO

    @property
    def orgao_rotulo(self) -> str:
        if self.unidade_id:
            return str(self.unidade)
        return f"{self.orgao_nome} - {self.orgao_sigla}" if self.orgao_sigla else self.orgao_nome

    @property
    def repositorio_efetivo_id(self) -> int | None:
        """The repositório that scopes Supervisores: the chosen unit's, else the one the evaluator set."""
        if self.unidade_id:
            return self.unidade.repositorio_id
        return self.repositorio_id

    @property
    def cpf_formatado(self) -> str:
        return formatar_cpf(self.cpf)

    @property
    def cpf_mascarado(self) -> str:
        return mascarar_cpf(self.cpf)

    @property
    def cnpj_formatado(self) -> str:
        return formatar_cnpj(self.orgao_cnpj)

    @property
    def cep_formatado(self) -> str:
        return formatar_cep(self.orgao_cep)

    # Evaluators: the chosen unit's repositório, else the one the evaluator set (none yet: admins only).
    regra_de_escopo = PorCampos(repositorio=("unidade__repositorio_id", "repositorio_id"))


class NotaInterna(models.Model):
    """An evaluator's note on a request; never shown to the requester."""

    solicitacao = models.ForeignKey(SolicitacaoDeAcesso, on_delete=models.CASCADE, related_name="notas")
    autor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    texto = models.TextField("nota", max_length=4000)
    criado_em = models.DateTimeField("data", auto_now_add=True)

    class Meta:
        verbose_name = "nota interna"
        verbose_name_plural = "notas internas"
        ordering = ["criado_em", "id"]

    def __str__(self):
        return f"Nota de {self.autor} em {self.criado_em:%d/%m/%Y %H:%M}"

    regra_de_escopo = PorCampos(
        repositorio=("solicitacao__unidade__repositorio_id", "solicitacao__repositorio_id")
    )


from comites.certificados.models import AutoridadeCertificadora, AvisoDeExpiracao, Certificado  # noqa: E402, F401
from comites.deriva.models import PendenciaDeEstrutura  # noqa: E402, F401
