"""Shared by the comites services: business errors, absolute links, and what each user may read."""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db.models import Count, Min, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from comites import homologacao
from comites.models import Ambiente, Comite, Gestor, SolicitacaoDeAcesso
from estrutura.models import RepositorioDeEstruturas, Unidade
from portal import permissions

Status = SolicitacaoDeAcesso.Status
DIAS_PARA_LEMBRETE = 5
MSG_EXCLUSAO_COM_SISTEMA = "Não é possível excluir Órgão/Entidade com sistema de processo eletrônico vinculado."


class ErroDeNegocio(Exception):
    """A rule refused the operation; the message (pt-BR) is meant for the user."""

    def __init__(self, mensagem: str):
        super().__init__(mensagem)
        self.mensagem = mensagem


@dataclass
class Duplicidade:
    """Why a new request is not created: the órgão already has an active comitê or an open request."""

    unidade: Unidade | None = None
    comites: list[Comite] = field(default_factory=list)
    solicitacao: SolicitacaoDeAcesso | None = None


class SolicitacaoDuplicada(ErroDeNegocio):
    def __init__(self, duplicidade: Duplicidade, ambiente: str):
        rotulo = Ambiente(ambiente).label.lower()
        if duplicidade.comites and any(c.ambiente == ambiente and c.ativo for c in duplicidade.comites):
            mensagem = (
                f"Este órgão/entidade já tem Comitê Gestor de Protocolo ativo no ambiente de {rotulo}. "
                "Não é preciso solicitar acesso de novo: procure um dos gestores abaixo para ser incluído."
            )
        else:
            data = timezone.localtime(duplicidade.solicitacao.criado_em).strftime("%d/%m/%Y")
            mensagem = (
                f"Já existe uma solicitação de acesso deste órgão/entidade ao ambiente de {rotulo} "
                f"aguardando análise (enviada em {data}). Aguarde a resposta da equipe do Tramita.GOV.BR."
            )
        super().__init__(mensagem)
        self.duplicidade = duplicidade


class ProducaoNaoHabilitada(ErroDeNegocio):
    def __init__(self, checklist: homologacao.Checklist):
        super().__init__(
            "O acesso ao ambiente de produção só pode ser pedido depois de concluídos os testes mínimos "
            f"em homologação ({checklist.quantidade_cumprida} de {len(checklist.itens)} cumpridos)."
        )
        self.checklist = checklist


# ---------------------------------------------------------------------------------------------------
# Links and small helpers


def url_absoluta(caminho: str) -> str:
    return settings.SITE_URL + caminho


def link_para_definir_senha(pessoa) -> str:
    """allauth's password-reset-from-key URL for ``pessoa`` (valid until used or the password changes)."""
    chave = default_token_generator.make_token(pessoa)
    caminho = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(pessoa), "key": chave}
    )
    return url_absoluta(caminho)


def link_de_acompanhamento(solicitacao: SolicitacaoDeAcesso) -> str:
    return url_absoluta(reverse("comites:acompanhar_solicitacao", args=[solicitacao.token]))


def repositorio_siorg() -> RepositorioDeEstruturas | None:
    return RepositorioDeEstruturas.objects.filter(is_siorg=True).first()


def _usuario_repr(usuario) -> str:
    return getattr(usuario, "nome", "") or "Equipe do Tramita.GOV.BR"


# ---------------------------------------------------------------------------------------------------
# Reading: what each user may see


def gestores_ativos(comite: Comite):
    return comite.gestores.filter(ativo=True).select_related("pessoa")


def comites_publicos():
    """Active comitês with their active gestores, for the public list."""
    return (
        permissions.restringir(Comite.objects.filter(ativo=True), None, None)
        .select_related("unidade")
        .prefetch_related(
            Prefetch("gestores", queryset=Gestor.objects.filter(ativo=True).select_related("pessoa"),
                     to_attr="gestores_ativos")
        )
        .order_by("unidade__nome", "ambiente")
    )


def orgaos_publicos(comites):
    """(implantados, em implantação): querysets of the órgãos of ``comites`` (the active comitês the public
    may read, from ``permissions.restringir``), by name, for the public page.

    An órgão is *implantado* once one of its active comitês is; ``data`` is then its first implantation
    date, otherwise the creation of its first active comitê. Grouped in the database, so the page can be
    paginated instead of loading every comitê.
    """
    ativos = Q(comites__in=comites.values("pk"))
    implantado = ativos & Q(comites__implantacao=Comite.Implantacao.IMPLANTADO)
    orgaos = (
        Unidade.objects.filter(ativos).only("id", "nome", "sigla")
        .annotate(implantacoes=Count("comites", filter=implantado))
        .order_by("nome", "id")
    )
    implantados = orgaos.filter(implantacoes__gt=0).annotate(data=Min("comites__implantado_em", filter=implantado))
    em_implantacao = orgaos.filter(implantacoes=0).annotate(data=Min("comites__criado_em", filter=ativos))
    return implantados, em_implantacao
