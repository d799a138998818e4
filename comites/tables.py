import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from comites.models import Comite, Gestor, SolicitacaoDeAcesso


class SolicitacaoTable(tables.Table):
    protocolo = tables.Column("Protocolo")
    orgao = tables.Column("Órgão/Entidade", accessor="orgao_rotulo", orderable=False)
    ambiente = tables.Column("Ambiente")
    criado_em = tables.DateTimeColumn(verbose_name="Data da Solicitação", format="d/m/Y H:i")
    avaliado_em = tables.DateTimeColumn(verbose_name="Data de Avaliação", format="d/m/Y H:i")
    avaliado_por = tables.Column("Quem avaliou", accessor="avaliado_por__nome")
    status = tables.Column("Situação")
    acao = tables.Column("Ações", accessor="pk", orderable=False, exclude_from_export=True)

    excluir_da_exportacao = ("acao",)

    class Meta:
        model = SolicitacaoDeAcesso
        fields = ("protocolo", "orgao", "ambiente", "criado_em", "avaliado_em", "avaliado_por", "status", "acao")
        # The queue is served in order of arrival (what requesters are told): oldest first.
        order_by = ("criado_em",)
        empty_text = "Nenhum registro encontrado!"
        row_attrs = {"class": lambda record: "" if record.em_aberto else "inativo"}

    def render_status(self, record, value):
        if record.status == SolicitacaoDeAcesso.Status.EM_ANALISE and record.avaliador_id:
            return f"{value} ({record.avaliador.nome})"
        return value

    def value_status(self, record, value):
        return self.render_status(record, value)

    def render_acao(self, record):
        rotulo = "Editar" if record.em_aberto else "Visualizar"
        url = reverse("comites:solicitacao_detalhe", args=[record.pk])
        return format_html('<a class="br-button secondary small" href="{}">{}</a>', url, rotulo)


class ComiteTable(tables.Table):
    orgao = tables.Column("Órgão/Entidade", accessor="unidade__nome", order_by=("unidade__nome",))
    ambiente = tables.Column("Ambiente")
    ativo = tables.Column("Situação")
    implantacao = tables.Column("Implantação")
    acoes = tables.TemplateColumn(template_name="comites/_acoes_comite.html", verbose_name="Ações",
                                  orderable=False, exclude_from_export=True)

    excluir_da_exportacao = ("acoes",)

    class Meta:
        model = Comite
        fields = ("orgao", "ambiente", "ativo", "implantacao", "acoes")
        empty_text = "Nenhum registro encontrado!"
        row_attrs = {"class": lambda record: "" if record.ativo else "inativo"}

    def render_orgao(self, record):
        texto = f"{record.unidade.nome} - {record.unidade.sigla}" if record.unidade.sigla else record.unidade.nome
        sufixo = f"({record.unidade_id}{', inativo' if not record.ativo else ''})"
        return format_html('<a href="{}">{}</a> {}', reverse("comites:comite_detalhe", args=[record.pk]), texto,
                           sufixo)

    def value_orgao(self, record):
        return str(record.unidade)

    def render_ativo(self, value):
        return "Ativo" if value else "Inativo"

    def value_ativo(self, value):
        return self.render_ativo(value)

    def render_implantacao(self, record, value):
        if record.implantado_em:
            return f"{value} em {record.implantado_em:%d/%m/%Y}"
        return value


class GestorTable(tables.Table):
    nome = tables.Column("Nome", accessor="pessoa__nome")
    cpf = tables.Column("CPF", accessor="pessoa__cpf", orderable=False,
                      attrs={"td": {"class": "portal-nowrap"}})
    email = tables.Column("E-mail", accessor="pessoa__email",
                          attrs={"td": {"class": "portal-quebra"}})
    email_unidade = tables.Column("E-mail da Unidade", accessor="pessoa__email_unidade",
                                  attrs={"td": {"class": "portal-quebra"}})
    telefone = tables.Column("Telefone", accessor="pessoa__telefone", orderable=False,
                           attrs={"td": {"class": "portal-nowrap"}})
    celular = tables.Column("Celular", accessor="pessoa__celular", orderable=False,
                          attrs={"td": {"class": "portal-nowrap"}})
    acoes = tables.TemplateColumn(template_name="comites/_acoes_gestor.html", verbose_name="Ações",
                                  orderable=False, exclude_from_export=True)

    class Meta:
        model = Gestor
        fields = ("nome", "cpf", "email", "email_unidade", "telefone", "celular", "acoes")
        empty_text = "Nenhum gestor ativo."

    def __init__(self, *args, usuario=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.usuario = usuario

    def render_cpf(self, record):
        from comites.templatetags.comites_tags import cpf_visivel

        return cpf_visivel(self.usuario, record.pessoa)
