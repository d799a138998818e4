import django_tables2 as tables
from django.utils.html import format_html

from comites.models import Sistema, VinculoSistemaComite


def _orgao(comite) -> str:
    unidade = comite.unidade
    return f"{unidade.nome} - {unidade.sigla}" if unidade.sigla else unidade.nome


class SistemaTable(tables.Table):
    id = tables.Column("ID")
    nome = tables.Column("Nome")
    orgao_responsavel = tables.Column("Órgão responsável", order_by=("orgao_responsavel__unidade__nome",))
    criado_em = tables.DateTimeColumn(verbose_name="Data da criação", format="d/m/Y H:i")
    inativado_em = tables.DateTimeColumn(verbose_name="Data da inativação", format="d/m/Y H:i", default="")
    ativo = tables.Column("Situação")
    acoes = tables.TemplateColumn(template_name="comites/sistemas/_acoes_sistema.html", verbose_name="Ações",
                                  orderable=False, exclude_from_export=True)

    excluir_da_exportacao = ("acoes",)

    class Meta:
        model = Sistema
        fields = ("id", "nome", "orgao_responsavel", "criado_em", "inativado_em", "ativo", "acoes")
        empty_text = "Nenhum registro encontrado!"
        row_attrs = {"class": lambda record: "" if record.ativo else "inativo"}

    def render_orgao_responsavel(self, value):
        return _orgao(value)

    def value_orgao_responsavel(self, value):
        return _orgao(value)

    def render_ativo(self, value):
        return "Ativo" if value else "Inativo"

    def value_ativo(self, value):
        return self.render_ativo(value)


class VinculoTable(tables.Table):
    """Protocolo › Gestão › Sistemas: the systems serving one órgão."""

    id = tables.Column("ID", accessor="sistema__pk")
    nome = tables.Column("Nome", accessor="sistema__nome")
    orgao_responsavel = tables.Column("Órgão responsável", accessor="sistema__orgao_responsavel",
                                      order_by=("sistema__orgao_responsavel__unidade__nome",))
    situacao = tables.Column("Situação", accessor="sistema__ativo")
    acoes = tables.TemplateColumn(template_name="comites/sistemas/_acoes_vinculo.html", verbose_name="Ações",
                                  orderable=False, exclude_from_export=True)

    class Meta:
        model = VinculoSistemaComite
        fields = ("id", "nome", "orgao_responsavel", "situacao", "acoes")
        empty_text = "Nenhum sistema vinculado a este órgão/entidade."

    def render_orgao_responsavel(self, value):
        return _orgao(value)

    def render_situacao(self, value):
        return "Ativo" if value else format_html("<strong>Inativo</strong>")
