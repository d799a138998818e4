"""Access requests: evaluation (assume, notes, corrections, approval, refusal, reminders)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comites.models import Ambiente, Comite, Gestor, NotaInterna, SolicitacaoDeAcesso
from comites.services.comum import (
    DIAS_PARA_LEMBRETE,
    ErroDeNegocio,
    ProducaoNaoHabilitada,
    Status,
    _usuario_repr,
    link_de_acompanhamento,
    link_para_definir_senha,
    url_absoluta,
)
from comites.services.solicitacoes import checklist_para_producao
from estrutura.models import RepositorioDeEstruturas, Unidade
from estrutura.services import unidades
from portal import permissions
from portal.permissions import Acao
from portal.services import auditoria, email, parametros, pessoas
from portal.services.auditoria import diferenca, resumo
from portal.validators import somente_digitos


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
