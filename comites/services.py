"""Business operations of comitês, gestores and access requests: the only writers of this app.

Every state change runs in a transaction and writes its audit record inside it; e-mails go out once
the transaction commits (``portal.services.email.enviar``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from comites import homologacao
from comites.models import (
    Ambiente,
    Comite,
    Gestor,
    NotaInterna,
    Sistema,
    SolicitacaoDeAcesso,
    VinculoSistemaComite,
)
from estrutura.models import RepositorioDeEstruturas, Unidade
from estrutura.services import unidades
from portal import permissions
from portal.permissions import Acao
from portal.services import auditoria, email, parametros, pessoas
from portal.services.auditoria import diferenca, resumo
from portal.validators import somente_digitos

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


# ---------------------------------------------------------------------------------------------------
# Access requests: submission


def duplicidade(ambiente: str, *, unidade: Unidade | None = None, cnpj: str = "") -> Duplicidade | None:
    """An active comitê or an open request for the same órgão and ambiente, if any."""
    cnpj = somente_digitos(cnpj)
    if unidade is not None:
        comites = Comite.objects.filter(unidade=unidade)
        abertas = SolicitacaoDeAcesso.objects.em_aberto().filter(unidade=unidade, ambiente=ambiente)
    elif cnpj:
        comites = Comite.objects.filter(cnpj=cnpj)
        abertas = SolicitacaoDeAcesso.objects.em_aberto().filter(
            unidade__isnull=True, orgao_cnpj=cnpj, ambiente=ambiente
        )
    else:
        return None
    ativos = list(comites.filter(ativo=True).select_related("unidade"))
    no_ambiente = [c for c in ativos if c.ambiente == ambiente]
    aberta = abertas.order_by("criado_em").first()
    if not no_ambiente and aberta is None:
        return None
    orgao = unidade or (ativos[0].unidade if ativos else None)
    return Duplicidade(unidade=orgao, comites=ativos, solicitacao=aberta)


def checklist_para_producao(*, unidade: Unidade | None = None, cnpj: str = "") -> homologacao.Checklist:
    """The homologação checklist a production request needs, read from the órgão's homologação comitê."""
    comite = None
    if unidade is not None:
        comite = Comite.objects.filter(unidade=unidade, ambiente=Ambiente.HOMOLOGACAO).first()
    elif somente_digitos(cnpj):
        comite = Comite.objects.filter(cnpj=somente_digitos(cnpj), ambiente=Ambiente.HOMOLOGACAO).first()
    return homologacao.verificar(comite, Ambiente.HOMOLOGACAO)


def _novo_protocolo() -> str:
    ano = timezone.localdate().year
    ultimo = (
        SolicitacaoDeAcesso.objects.filter(protocolo__startswith=f"{ano}-")
        .order_by("-protocolo")
        .values_list("protocolo", flat=True)
        .first()
    )
    numero = int(ultimo.split("-")[1]) + 1 if ultimo else 1
    return f"{ano}-{numero:06d}"


CAMPOS_DA_SOLICITACAO = (
    "ambiente", "executivo_federal", "unidade", "orgao_nome", "orgao_sigla", "orgao_uf", "orgao_cnpj",
    "orgao_endereco", "orgao_cep", "gestor_tecnologico", "sistema_de_governo", "nome", "cpf", "email",
    "email_unidade", "telefone", "celular",
)


def criar_solicitacao(dados: dict, *, ip: str | None = None, avisar: bool = True) -> SolicitacaoDeAcesso:
    """Registers a request from the public form's cleaned data and e-mails the requester and the team.

    ``dados`` holds the fields of ``CAMPOS_DA_SOLICITACAO`` plus ``documento_comprobatorio`` and
    ``documento_identificacao`` (uploaded files whose detected type is in ``tipo_detectado``).
    Raises ``SolicitacaoDuplicada`` or ``ProducaoNaoHabilitada`` instead of creating it. ``avisar=False``
    (demo data) sends no e-mail.
    """
    unidade = dados.get("unidade") if dados["executivo_federal"] else None
    cnpj = "" if dados["executivo_federal"] else somente_digitos(dados.get("orgao_cnpj"))
    repetida = duplicidade(dados["ambiente"], unidade=unidade, cnpj=cnpj)
    if repetida:
        raise SolicitacaoDuplicada(repetida, dados["ambiente"])
    if dados["ambiente"] == Ambiente.PRODUCAO:
        checklist = checklist_para_producao(unidade=unidade, cnpj=cnpj)
        if not checklist.cumprido:
            raise ProducaoNaoHabilitada(checklist)

    valores = {campo: dados.get(campo) for campo in CAMPOS_DA_SOLICITACAO}
    valores.update(
        unidade=unidade,
        repositorio=unidade.repositorio if unidade else None,
        cpf=somente_digitos(dados["cpf"]),
        email=dados["email"].strip().lower(),
        email_unidade=dados["email_unidade"].strip().lower(),
        orgao_cnpj=cnpj,
        orgao_cep=somente_digitos(dados.get("orgao_cep")) if not unidade else "",
    )
    if unidade:
        for campo in ("orgao_nome", "orgao_sigla", "orgao_uf", "orgao_endereco"):
            valores[campo] = ""
    for tentativa in range(5):
        try:
            with transaction.atomic():
                solicitacao = SolicitacaoDeAcesso(protocolo=_novo_protocolo(), ip=ip, **valores)
                for campo in ("documento_comprobatorio", "documento_identificacao"):
                    arquivo = dados[campo]
                    extensao = getattr(arquivo, "tipo_detectado", "bin")
                    setattr(solicitacao, f"{campo}_nome", (arquivo.name or "")[-200:])
                    arquivo.seek(0)
                    getattr(solicitacao, campo).save(f"documento.{extensao}", arquivo, save=False)
                solicitacao.save()
                auditoria.registrar(
                    "solicitacao_acesso.criada", solicitacao,
                    depois=resumo(solicitacao, ["protocolo", "ambiente", "unidade_id", "orgao_nome", "orgao_cnpj"]),
                    usuario_repr=f"{solicitacao.nome} <{solicitacao.email}> (solicitante)",
                )
                if avisar:
                    _avisar_nova_solicitacao(solicitacao)
                return solicitacao
        except IntegrityError:
            if tentativa == 4:
                raise
    raise RuntimeError("unreachable")


def _avisar_nova_solicitacao(solicitacao: SolicitacaoDeAcesso) -> None:
    ambiente = solicitacao.get_ambiente_display()
    email.enviar(
        "solicitacao_recebida", solicitacao.email,
        {"nome": solicitacao.nome, "orgao": solicitacao.orgao_rotulo, "protocolo": solicitacao.protocolo,
         "ambiente": ambiente, "link": link_de_acompanhamento(solicitacao)},
    )
    email.enviar(
        "solicitacao_nova", parametros.emails("emails_solicitacao_acesso"),
        {"orgao": solicitacao.orgao_rotulo, "protocolo": solicitacao.protocolo, "ambiente": ambiente,
         "solicitante": f"{solicitacao.nome} <{solicitacao.email}>",
         "link": url_absoluta(reverse("comites:solicitacao_detalhe", args=[solicitacao.pk]))},
    )


# ---------------------------------------------------------------------------------------------------
# Access requests: evaluation


def _travar(solicitacao: SolicitacaoDeAcesso) -> SolicitacaoDeAcesso:
    return SolicitacaoDeAcesso.objects.select_for_update().get(pk=solicitacao.pk)


def _exigir_em_aberto(solicitacao: SolicitacaoDeAcesso) -> None:
    if not solicitacao.em_aberto:
        raise ErroDeNegocio(
            f"Esta solicitação já foi avaliada ({solicitacao.get_status_display().lower()}) e não pode ser alterada."
        )


@transaction.atomic
def assumir_analise(solicitacao: SolicitacaoDeAcesso, avaliador) -> SolicitacaoDeAcesso:
    """Marks the request "em análise" by ``avaliador`` (another evaluator may take it over)."""
    solicitacao = _travar(solicitacao)
    _exigir_em_aberto(solicitacao)
    antes = resumo(solicitacao, ["status", "avaliador_id"])
    solicitacao.status = Status.EM_ANALISE
    solicitacao.avaliador = avaliador
    solicitacao.em_analise_desde = timezone.now()
    solicitacao.save(update_fields=["status", "avaliador", "em_analise_desde"])
    auditoria.registrar("solicitacao_acesso.em_analise", solicitacao, antes=antes,
                        depois=resumo(solicitacao, ["status", "avaliador_id"]))
    return solicitacao


@transaction.atomic
def adicionar_nota(solicitacao: SolicitacaoDeAcesso, autor, texto: str) -> NotaInterna:
    texto = (texto or "").strip()
    if not texto:
        raise ErroDeNegocio("Escreva o texto da nota.")
    nota = NotaInterna.objects.create(solicitacao=solicitacao, autor=autor, texto=texto[:4000])
    auditoria.registrar("solicitacao_acesso.nota", solicitacao, detalhes=nota.texto)
    return nota


CAMPOS_CORRIGIVEIS = (
    "executivo_federal", "unidade_id", "repositorio_id", "orgao_nome", "orgao_sigla", "orgao_uf", "orgao_cnpj",
    "orgao_endereco", "orgao_cep", "gestor_tecnologico_id", "sistema_de_governo_id",
)


@transaction.atomic
def corrigir_orgao(solicitacao: SolicitacaoDeAcesso, usuario, dados: dict) -> SolicitacaoDeAcesso:
    """The evaluator fixes the órgão data before deciding (wrong SIORG node, repositório, catalogues).

    ``dados``: executivo_federal; unidade (SIORG root, or an órgão already in another repositório);
    repositorio (non-SIORG órgão to be created on approval); orgao_* fields; gestor_tecnologico;
    sistema_de_governo.
    """
    solicitacao = _travar(solicitacao)
    _exigir_em_aberto(solicitacao)
    antes = resumo(solicitacao, list(CAMPOS_CORRIGIVEIS))
    unidade = dados.get("unidade")
    solicitacao.executivo_federal = bool(dados["executivo_federal"])
    solicitacao.gestor_tecnologico = dados["gestor_tecnologico"]
    solicitacao.sistema_de_governo = dados["sistema_de_governo"]
    if unidade is not None:
        solicitacao.unidade = unidade
        solicitacao.repositorio = unidade.repositorio
    else:
        solicitacao.unidade = None
        solicitacao.repositorio = dados.get("repositorio")
    if not solicitacao.executivo_federal:
        for campo in ("orgao_nome", "orgao_sigla", "orgao_uf", "orgao_endereco"):
            setattr(solicitacao, campo, (dados.get(campo) or "").strip())
        solicitacao.orgao_cnpj = somente_digitos(dados.get("orgao_cnpj"))
        solicitacao.orgao_cep = somente_digitos(dados.get("orgao_cep"))
    solicitacao.save()
    de, para = diferenca(antes, resumo(solicitacao, list(CAMPOS_CORRIGIVEIS)))
    if para:
        auditoria.registrar("solicitacao_acesso.corrigida", solicitacao, antes=de, depois=para)
    return solicitacao


def _unidade_do_orgao(solicitacao: SolicitacaoDeAcesso, avaliador) -> Unidade:
    """The órgão's root unit: the chosen one, or a new first-level unit in the chosen repositório."""
    if solicitacao.unidade_id:
        unidade = solicitacao.unidade
        if not unidade.eh_orgao:
            raise ErroDeNegocio(
                "A unidade escolhida não é a unidade raiz de um órgão/entidade. Corrija o órgão antes de aprovar."
            )
        if not unidade.ativo:
            raise ErroDeNegocio("A unidade escolhida está inativa. Corrija o órgão antes de aprovar.")
        return unidade
    if solicitacao.executivo_federal:
        raise ErroDeNegocio("Selecione o órgão no SIORG (unidade raiz) antes de aprovar.")
    if solicitacao.repositorio_id is None:
        raise ErroDeNegocio(
            "Escolha o repositório de estruturas em que o órgão será cadastrado (Corrigir dados do órgão) "
            "antes de aprovar."
        )
    if solicitacao.repositorio.is_siorg:
        raise ErroDeNegocio("Órgãos fora do Poder Executivo Federal não podem ser criados no repositório do SIORG.")
    if not permissions.pode(avaliador, Acao.REPOSITORIOS_GERENCIAR):
        raise ErroDeNegocio(
            "Só o Administrador cria órgãos de primeiro nível em um repositório. Peça a um administrador "
            "para aprovar, ou vincule a solicitação a um órgão já cadastrado."
        )
    if not (solicitacao.orgao_nome or "").strip():
        raise ErroDeNegocio("Informe o nome do órgão/entidade antes de aprovar.")
    try:
        return unidades.criar_unidade(
            repositorio=solicitacao.repositorio,
            nome=solicitacao.orgao_nome,
            sigla=solicitacao.orgao_sigla,
            eh_orgao=True,
            origem=Unidade.Origem.MANUAL,
            descricao=f"Criada na aprovação da solicitação de acesso {solicitacao.protocolo}.",
            detalhes=f"Solicitação de acesso {solicitacao.protocolo}",
        )
    except ValidationError as erro:
        raise ErroDeNegocio(" ".join(erro.messages)) from erro


def _pessoa_do_solicitante(solicitacao: SolicitacaoDeAcesso):
    """The requester's account: the existing one with that CPF (one person may manage several órgãos)."""
    Pessoa = get_user_model()
    pessoa = Pessoa.objects.filter(cpf=solicitacao.cpf).first()
    if pessoa is not None:
        if not pessoa.is_active:
            raise ErroDeNegocio(
                "Já existe uma conta com este CPF, mas ela está inativa. Reative-a em Gerenciar Perfis antes "
                "de aprovar."
            )
        return pessoa, False
    if Pessoa.objects.filter(email__iexact=solicitacao.email).exists():
        raise ErroDeNegocio(
            f"O e-mail {solicitacao.email} já pertence a outra pessoa, com outro CPF. Confirme os dados com o "
            "solicitante antes de aprovar."
        )
    pessoa = pessoas.cadastrar_conta(
        email=solicitacao.email,
        nome=solicitacao.nome,
        cpf=solicitacao.cpf,
        email_unidade=solicitacao.email_unidade,
        telefone=solicitacao.telefone,
        celular=solicitacao.celular,
        detalhes=f"Solicitação de acesso {solicitacao.protocolo}",
    )
    return pessoa, True


def _incluir_gestor(comite: Comite, pessoa, por) -> Gestor:
    gestor = Gestor.objects.filter(comite=comite, pessoa=pessoa).first()
    if gestor is not None and gestor.ativo:
        raise ErroDeNegocio(f"{pessoa.nome} já é gestor de protocolo deste órgão/entidade.")
    if gestor is None:
        gestor = Gestor.objects.create(comite=comite, pessoa=pessoa, adicionado_por=por)
        acao = "gestor.adicionado"
    else:
        gestor.ativo = True
        gestor.removido_em = None
        gestor.adicionado_por = por
        gestor.save(update_fields=["ativo", "removido_em", "adicionado_por"])
        acao = "gestor.readicionado"
    auditoria.registrar(acao, gestor, depois={"pessoa_id": pessoa.pk, "comite_id": comite.pk})
    permissions.esquecer(pessoa)
    return gestor


@transaction.atomic
def aprovar(solicitacao: SolicitacaoDeAcesso, avaliador, *, repositorio: RepositorioDeEstruturas | None = None
            ) -> Comite:
    """Valid request: the órgão's comitê for the ambiente, the requester as first gestor, the e-mails.

    ``repositorio``: for an órgão outside SIORG not yet linked to a unit, where approval creates it
    (chosen in the decision form; otherwise the one set earlier with ``corrigir_orgao``).
    """
    solicitacao = _travar(solicitacao)
    _exigir_em_aberto(solicitacao)
    antes = resumo(solicitacao, ["status", "unidade_id", "repositorio_id", "comite_id"])
    if repositorio is not None and solicitacao.unidade_id is None and not solicitacao.executivo_federal:
        solicitacao.repositorio = repositorio
    unidade = _unidade_do_orgao(solicitacao, avaliador)
    if solicitacao.ambiente == Ambiente.PRODUCAO:
        # Checked again here: the evaluator may have corrected the órgão since the request was sent.
        checklist = checklist_para_producao(unidade=unidade, cnpj=solicitacao.orgao_cnpj)
        if not checklist.cumprido:
            raise ProducaoNaoHabilitada(checklist)
    comite = Comite.objects.select_for_update().filter(unidade=unidade, ambiente=solicitacao.ambiente).first()
    if comite is not None and comite.ativo:
        raise ErroDeNegocio(
            "Este órgão/entidade já tem comitê ativo neste ambiente. Recuse a solicitação indicando os gestores "
            "atuais (motivo “Órgão já cadastrado”)."
        )
    if comite is None:
        comite = Comite.objects.create(
            unidade=unidade, ambiente=solicitacao.ambiente, gestor_tecnologico=solicitacao.gestor_tecnologico,
            sistema_de_governo=solicitacao.sistema_de_governo, cnpj=solicitacao.orgao_cnpj,
        )
        auditoria.registrar("comite.criado", comite, depois=resumo(comite))
    else:
        antes = resumo(comite)
        comite.ativo = True
        comite.inativado_em = None
        comite.gestor_tecnologico = solicitacao.gestor_tecnologico
        comite.sistema_de_governo = solicitacao.sistema_de_governo
        comite.cnpj = solicitacao.orgao_cnpj or comite.cnpj
        comite.save()
        de, para = diferenca(antes, resumo(comite))
        auditoria.registrar("comite.reativado", comite, antes=de, depois=para)
    pessoa, _criada = _pessoa_do_solicitante(solicitacao)
    _incluir_gestor(comite, pessoa, avaliador)

    solicitacao.unidade = unidade
    solicitacao.repositorio = unidade.repositorio
    solicitacao.status = Status.APROVADA
    solicitacao.avaliado_por = avaliador
    solicitacao.avaliado_em = timezone.now()
    solicitacao.comite = comite
    solicitacao.pessoa = pessoa
    solicitacao.justificativa = ""
    solicitacao.save()
    auditoria.registrar("solicitacao_acesso.aprovada", solicitacao, antes=antes,
                        depois=resumo(solicitacao, ["status", "unidade_id", "repositorio_id", "comite_id"]),
                        comite_id=comite.pk)

    ambiente = solicitacao.get_ambiente_display()
    # The set-password link goes only to the account's own address: a request naming someone else's CPF
    # must never hand over that person's account.
    email.enviar(
        "acesso_aprovado", pessoa.email,
        {"nome": pessoa.nome, "orgao": str(unidade), "ambiente": ambiente,
         "link_senha": link_para_definir_senha(pessoa), "link_portal": url_absoluta(reverse("comites:comite_lista"))},
    )
    email.enviar(
        "autorizacao_acesso", parametros.emails("emails_autorizacao_acesso"),
        {"orgao": str(unidade), "ambiente": ambiente, "avaliador": _usuario_repr(avaliador)},
    )
    return comite


@transaction.atomic
def recusar(solicitacao: SolicitacaoDeAcesso, avaliador, justificativa: str) -> SolicitacaoDeAcesso:
    justificativa = (justificativa or "").strip()
    if not justificativa:
        raise ErroDeNegocio("Informe a justificativa da recusa: ela é enviada ao solicitante.")
    solicitacao = _travar(solicitacao)
    _exigir_em_aberto(solicitacao)
    antes = resumo(solicitacao, ["status"])
    solicitacao.status = Status.RECUSADA
    solicitacao.avaliado_por = avaliador
    solicitacao.avaliado_em = timezone.now()
    solicitacao.justificativa = justificativa[:4000]
    solicitacao.save(update_fields=["status", "avaliado_por", "avaliado_em", "justificativa"])
    auditoria.registrar("solicitacao_acesso.recusada", solicitacao, antes=antes,
                        depois=resumo(solicitacao, ["status"]), detalhes=solicitacao.justificativa)
    email.enviar(
        "reprovacao", solicitacao.email,
        {"nome": solicitacao.nome, "orgao": solicitacao.orgao_rotulo, "protocolo": solicitacao.protocolo,
         "justificativa": solicitacao.justificativa, "link": link_de_acompanhamento(solicitacao)},
    )
    return solicitacao


def solicitacoes_pendentes_ha(dias: int = DIAS_PARA_LEMBRETE):
    limite = timezone.now() - datetime.timedelta(days=dias)
    return SolicitacaoDeAcesso.objects.em_aberto().filter(criado_em__lt=limite).select_related("unidade")


def enviar_lembrete_pendentes(dias: int = DIAS_PARA_LEMBRETE) -> int:
    """E-mails the list of requests waiting more than ``dias`` days; returns how many were listed."""
    pendentes = list(solicitacoes_pendentes_ha(dias).order_by("criado_em"))
    if not pendentes:
        return 0
    linhas = [
        f"- {s.protocolo} · {s.orgao_rotulo} · {s.get_ambiente_display()} · "
        f"{s.get_status_display()} desde {timezone.localtime(s.criado_em):%d/%m/%Y}"
        for s in pendentes
    ]
    email.enviar(
        "lembrete_pendentes", parametros.emails("emails_solicitacao_acesso"),
        {"quantidade": len(pendentes), "solicitacoes": "\n".join(linhas),
         "link": url_absoluta(reverse("comites:solicitacao_lista") + "?apenas_pendentes=on")},
        apos_commit=False,
    )
    return len(pendentes)


# ---------------------------------------------------------------------------------------------------
# Gestores


def buscar_pessoa_por_cpf(cpf: str):
    digitos = somente_digitos(cpf)
    if len(digitos) != 11:
        return None
    return get_user_model().objects.filter(cpf=digitos).first()


def gestores_utilizaveis(comite: Comite):
    """Active gestores whose account is active: the people who can actually manage the comitê."""
    return comite.gestores.filter(ativo=True, pessoa__is_active=True)


def _travar_comite(comite: Comite) -> Comite:
    return Comite.objects.select_for_update().get(pk=comite.pk)


def _avisar_gestor_adicionado(gestor: Gestor, por, link: str) -> None:
    email.enviar(
        "gestor_adicionado", gestor.pessoa.email,
        {"nome": gestor.pessoa.nome, "orgao": str(gestor.comite), "adicionado_por": _usuario_repr(por),
         "link": link},
    )


@transaction.atomic
def adicionar_gestor(comite: Comite, pessoa, por) -> Gestor:
    """Adds an existing person as gestor. None of the person's data changes: their contact data are changed
    only by themselves (Meus Dados) or by an Administrador (Gerenciar Perfis)."""
    comite = _travar_comite(comite)
    if not pessoa.is_active:
        raise ErroDeNegocio("A conta desta pessoa está inativa. Peça a um administrador para reativá-la.")
    gestor = _incluir_gestor(comite, pessoa, por)
    _avisar_gestor_adicionado(gestor, por, url_absoluta(reverse("comites:comite_lista")))
    return gestor


@transaction.atomic
def cadastrar_e_adicionar_gestor(comite: Comite, dados: dict, por) -> Gestor:
    """Creates the person (no password yet: the e-mail carries a set-password link) and adds them."""
    Pessoa = get_user_model()
    cpf = somente_digitos(dados["cpf"])
    email_login = dados["email"].strip().lower()
    if Pessoa.objects.filter(cpf=cpf).exists():
        raise ErroDeNegocio("Já existe uma pessoa cadastrada com este CPF. Procure pelo CPF de novo.")
    if Pessoa.objects.filter(email__iexact=email_login).exists():
        raise ErroDeNegocio("Este e-mail já pertence a outra pessoa cadastrada. Informe outro e-mail.")
    comite = _travar_comite(comite)
    pessoa = pessoas.cadastrar_conta(
        email=email_login, nome=dados["nome"].strip(), cpf=cpf,
        email_unidade=(dados.get("email_unidade") or "").strip().lower(),
        telefone=(dados.get("telefone") or "").strip(), celular=(dados.get("celular") or "").strip(),
        comite_id=comite.pk,
    )
    gestor = _incluir_gestor(comite, pessoa, por)
    _avisar_gestor_adicionado(gestor, por, link_para_definir_senha(pessoa))
    return gestor


@transaction.atomic
def remover_gestor(gestor: Gestor, por) -> Gestor:
    """Inactivates the membership (history is kept); never leaves the comitê without an active gestor whose
    account is active."""
    comite = _travar_comite(gestor.comite)
    gestor = Gestor.objects.select_for_update().select_related("pessoa").get(pk=gestor.pk)
    if not gestor.ativo:
        raise ErroDeNegocio("Esta pessoa já não é gestora deste órgão/entidade.")
    if not gestores_utilizaveis(comite).exclude(pk=gestor.pk).exists():
        raise ErroDeNegocio(
            "O órgão/entidade não pode ficar sem gestor de protocolo ativo. Adicione outro gestor (com conta "
            "ativa no portal) antes de remover este."
        )
    gestor.ativo = False
    gestor.removido_em = timezone.now()
    gestor.save(update_fields=["ativo", "removido_em"])
    auditoria.registrar("gestor.removido", gestor, antes={"ativo": True}, depois={"ativo": False})
    permissions.esquecer(gestor.pessoa)
    email.enviar(
        "gestor_removido", gestor.pessoa.email,
        {"nome": gestor.pessoa.nome, "orgao": str(comite), "removido_por": _usuario_repr(por)},
    )
    return gestor


# ---------------------------------------------------------------------------------------------------
# Comitê lifecycle


@transaction.atomic
def inativar_comite(comite: Comite, por) -> Comite:
    comite = _travar_comite(comite)
    if not comite.ativo:
        raise ErroDeNegocio("Este órgão/entidade já está inativo.")
    comite.ativo = False
    comite.inativado_em = timezone.now()
    comite.save(update_fields=["ativo", "inativado_em"])
    auditoria.registrar("comite.inativado", comite, antes={"ativo": True}, depois={"ativo": False})
    return comite


@transaction.atomic
def reativar_comite(comite: Comite, por) -> Comite:
    comite = _travar_comite(comite)
    if comite.ativo:
        raise ErroDeNegocio("Este órgão/entidade já está ativo.")
    if Comite.objects.filter(unidade=comite.unidade, ambiente=comite.ambiente, ativo=True).exclude(pk=comite.pk):
        raise ErroDeNegocio("Já existe outro comitê ativo deste órgão neste ambiente.")
    if not gestores_utilizaveis(comite).exists():
        raise ErroDeNegocio(
            "O órgão/entidade não tem gestor de protocolo ativo com conta ativa no portal. Reative a conta de um "
            "dos gestores em Gerenciar Perfis antes de reativar o órgão/entidade."
        )
    comite.ativo = True
    comite.inativado_em = None
    comite.save(update_fields=["ativo", "inativado_em"])
    auditoria.registrar("comite.reativado", comite, antes={"ativo": False}, depois={"ativo": True})
    return comite


def tem_sistema_vinculado(comite: Comite) -> bool:
    return (
        VinculoSistemaComite.objects.filter(comite=comite).exists()
        or Sistema.objects.filter(orgao_responsavel=comite).exists()
    )


@transaction.atomic
def excluir_comite(comite: Comite, por) -> None:
    """Deletes an inactive comitê with no linked system (spec §4.3); the órgão's units stay."""
    comite = _travar_comite(comite)
    if comite.ativo:
        raise ErroDeNegocio("Inative o órgão/entidade antes de excluí-lo.")
    if tem_sistema_vinculado(comite):
        raise ErroDeNegocio(MSG_EXCLUSAO_COM_SISTEMA)
    auditoria.registrar("comite.excluido", comite, antes=resumo(comite), comite_id=comite.pk)
    comite.delete()


def checklist_do_comite(comite: Comite) -> homologacao.Checklist:
    return homologacao.verificar(comite, comite.ambiente)


@transaction.atomic
def marcar_implantado(comite: Comite, por, *, justificativa: str = "") -> Comite:
    """Marks the órgão implantado from its production checklist (spec §12).

    With the checklist incomplete (the trâmite records may be elsewhere) the evaluator must say why.
    """
    comite = _travar_comite(comite)
    if comite.ambiente != Ambiente.PRODUCAO:
        raise ErroDeNegocio("Só o comitê do ambiente de produção pode ser marcado como implantado.")
    if comite.implantacao == Comite.Implantacao.IMPLANTADO:
        raise ErroDeNegocio("Este órgão/entidade já está marcado como implantado.")
    checklist = checklist_do_comite(comite)
    justificativa = (justificativa or "").strip()
    if not checklist.cumprido and not justificativa:
        raise ErroDeNegocio(
            "Os testes mínimos em produção não aparecem todos nos registros de trâmite. Para marcar assim mesmo, "
            "informe a justificativa (por exemplo, a validação feita pela equipe do PEN)."
        )
    antes = resumo(comite, ["implantacao", "implantado_em"])
    comite.implantacao = Comite.Implantacao.IMPLANTADO
    comite.implantado_em = timezone.localdate()
    comite.save(update_fields=["implantacao", "implantado_em"])
    idts = "; ".join(f"{item.requisito.codigo}: {', '.join(map(str, item.idts)) or '—'}" for item in checklist.itens)
    auditoria.registrar(
        "comite.implantado", comite, antes=antes, depois=resumo(comite, ["implantacao", "implantado_em"]),
        detalhes=f"IDTs {idts}" + (f". Justificativa: {justificativa}" if justificativa else ""),
    )
    return comite
