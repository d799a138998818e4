"""Tables of the estrutura lists."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from estrutura import consultas
from estrutura.models import ExecucaoDeImportacao, ItemDeImportacao, RepositorioDeEstruturas, Unidade

VAZIO = "Nenhum registro encontrado!"


class SituacaoColumn(tables.Column):
    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", "Situação")
        kwargs.setdefault("accessor", "ativo")
        super().__init__(**kwargs)

    def render(self, value):
        if value:
            return mark_safe('<span class="portal-badge verde">Ativo</span>')
        return mark_safe('<span class="portal-badge vermelho">Inativo</span>')

    def value(self, value):
        return "Ativo" if value else "Inativo"


class _Base(tables.Table):
    excluir_da_exportacao = ("acoes",)

    class Meta:
        empty_text = VAZIO
        attrs = {"class": "table"}
        row_attrs = {"class": lambda record: "" if getattr(record, "ativo", True) else "inativo"}


class RepositorioTable(_Base):
    id = tables.Column(verbose_name="Código")
    nome = tables.Column(verbose_name="Nome")
    descricao = tables.Column(verbose_name="Descrição")
    ativo = SituacaoColumn()
    acoes = tables.Column(verbose_name="Ações", accessor="pk", orderable=False, exclude_from_export=True)

    class Meta(_Base.Meta):
        model = RepositorioDeEstruturas
        fields = ["id", "nome", "descricao", "ativo"]

    def render_nome(self, record, value):
        if record.is_siorg:
            return format_html('{} <span class="portal-badge azul">SIORG</span>', value)
        return value

    def render_descricao(self, value):
        return value if len(value) <= 160 else value[:157] + "…"

    def render_acoes(self, record):
        def url(nome):
            return reverse(f"estrutura:{nome}", args=[record.pk])

        links = [(url("repositorio_editar"), "Editar")]
        if record.ativo:
            if not record.is_siorg:
                links.append((url("repositorio_inativar"), "Inativar"))
        else:
            links.append((url("repositorio_reativar"), "Reativar"))
        links.append((url("repositorio_orgaos"), "Órgãos/Entidades"))
        if not record.is_siorg:
            links.append((url("repositorio_migrar"), "Migrar"))
            links.append((url("repositorio_excluir"), "Excluir"))
        perigo = mark_safe(' class="portal-perigo"')  # destructive: red, confirmed on its own page
        return format_html_join(" · ", '<a href="{}"{} aria-label="{} {}">{}</a>',
                                ((u, perigo if r == "Excluir" else "", r, record.nome, r) for u, r in links))


class UnidadePublicaTable(_Base):
    id = tables.Column(verbose_name="ID")
    nome = tables.Column(verbose_name="Unidade", order_by=("nome_busca",))
    sigla = tables.Column(verbose_name="Sigla")
    hierarquia = tables.Column(verbose_name="Hierarquia", accessor="pk", orderable=False)
    apta = tables.Column(verbose_name="Apta a receber trâmites", accessor="permite_recebimento", orderable=False)

    class Meta(_Base.Meta):
        model = Unidade
        fields = ["id", "nome", "sigla"]

    def _hierarquias(self):
        if not hasattr(self, "_cache_hierarquias"):
            pagina = self.page.object_list if getattr(self, "page", None) else list(self.data)
            registros = [getattr(linha, "record", linha) for linha in pagina]
            self._cache_hierarquias = consultas.hierarquias(registros)
        return self._cache_hierarquias

    def render_hierarquia(self, record):
        ancestrais = self._hierarquias().get(record.pk)
        if ancestrais is None:
            ancestrais = consultas.hierarquias([record])[record.pk]
        return consultas.caminho_legivel(ancestrais) or "—"

    def value_hierarquia(self, record):
        return self.render_hierarquia(record)

    def render_apta(self, record):
        if record.ativo and record.permite_recebimento:
            return mark_safe('<span class="portal-badge verde">Sim</span>')
        return mark_safe('<span class="portal-badge">Não</span>')

    def value_apta(self, record):
        return "Sim" if record.ativo and record.permite_recebimento else "Não"


class ExecucaoTable(_Base):
    id = tables.Column(verbose_name="Nº", linkify=("estrutura:importacao_detalhe", [tables.A("pk")]))
    criada_em = tables.DateTimeColumn(verbose_name="Data", format="d/m/Y H:i")
    tipo = tables.Column(verbose_name="Tipo")
    origem = tables.Column(verbose_name="Origem")
    situacao = tables.Column(verbose_name="Situação")
    repositorio = tables.Column(verbose_name="Repositório", accessor="repositorio__nome", default="—")
    mensagem = tables.Column(verbose_name="Resultado", orderable=False)

    class Meta(_Base.Meta):
        model = ExecucaoDeImportacao
        fields = ["id", "criada_em", "tipo", "origem", "situacao", "repositorio", "mensagem"]

    def render_situacao(self, record, value):
        cor = {"sucesso": "verde", "erro": "vermelho", "previa": "laranja"}.get(record.situacao, "")
        return format_html('<span class="portal-badge {}">{}</span>', cor, value)


class ItemDeImportacaoTable(_Base):
    tipo = tables.Column(verbose_name="Alteração")
    unidade_id = tables.Column(verbose_name="ID")
    codigo = tables.Column(verbose_name="Código de origem")
    nome = tables.Column(verbose_name="Nome")
    sigla = tables.Column(verbose_name="Sigla")
    detalhe = tables.Column(verbose_name="Detalhe")

    class Meta(_Base.Meta):
        model = ItemDeImportacao
        fields = ["tipo", "unidade_id", "codigo", "nome", "sigla", "detalhe"]
        orderable = False
