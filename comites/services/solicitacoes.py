"""Access requests: submission (duplicate detection, the production checklist, e-mails)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from comites import homologacao
from comites.models import Ambiente, Comite, SolicitacaoDeAcesso
from comites.services.comum import (
    Duplicidade,
    ProducaoNaoHabilitada,
    SolicitacaoDuplicada,
    link_de_acompanhamento,
    url_absoluta,
)
from estrutura.models import Unidade
from portal.services import auditoria, email, parametros
from portal.services.auditoria import resumo
from portal.validators import somente_digitos


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
