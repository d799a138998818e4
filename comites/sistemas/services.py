"""The only writers of ``Sistema`` and ``VinculoSistemaComite``: atomic and audited."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from comites.models import Comite, Sistema, VinculoSistemaComite
from comites.services import ErroDeNegocio
from portal.services import auditoria
from portal.services.auditoria import diferenca

# "Sigla do Órgão - Sigla do Sistema" (spec §6.1), e.g. "MGI - SEI": two non-empty parts around " - ".
PADRAO_DO_NOME = re.compile(r"^\S.* - \S.*$")
MSG_NOME = 'O nome deve seguir a regra "Sigla do Órgão - Sigla do Sistema", por exemplo "MGI - SEI".'
MSG_NOME_REPETIDO = "Já existe um sistema de processo eletrônico com este nome."
CAMPOS = ("nome", "descricao", "sistema_de_governo", "orgao_responsavel", "publico_alvo")


def normalizar_nome(nome: str) -> str:
    """Trims and collapses blanks, so " MGI  -  SEI " becomes "MGI - SEI"."""
    return " ".join((nome or "").split())


def validar_nome(nome: str, *, exceto: Sistema | None = None) -> str:
    nome = normalizar_nome(nome)
    if not PADRAO_DO_NOME.match(nome):
        raise ErroDeNegocio(MSG_NOME)
    repetidos = Sistema.objects.filter(nome__iexact=nome)
    if exceto is not None:
        repetidos = repetidos.exclude(pk=exceto.pk)
    if repetidos.exists():
        raise ErroDeNegocio(MSG_NOME_REPETIDO)
    return nome


def _dados(sistema: Sistema) -> dict:
    return {
        "nome": sistema.nome,
        "descricao": sistema.descricao,
        "sistema_de_governo": str(sistema.sistema_de_governo),
        "orgao_responsavel": str(sistema.orgao_responsavel),
        "publico_alvo": sistema.publico_alvo,
        "ativo": sistema.ativo,
    }


def _salvar(sistema: Sistema) -> None:
    try:
        with transaction.atomic():
            sistema.save()
    except IntegrityError:  # a concurrent save took the name first
        raise ErroDeNegocio(MSG_NOME_REPETIDO) from None


@transaction.atomic
def cadastrar(dados: dict, por) -> Sistema:
    """Registers an SPE; ``dados`` holds the form's cleaned fields (``CAMPOS``)."""
    sistema = Sistema(**{campo: dados[campo] for campo in CAMPOS})
    sistema.nome = validar_nome(sistema.nome)
    _salvar(sistema)
    auditoria.registrar("sistema.cadastrado", sistema, depois=_dados(sistema),
                        comite_id=sistema.orgao_responsavel_id)
    return sistema


def _travar(sistema: Sistema) -> Sistema:
    return Sistema.objects.select_for_update(of=("self",)).select_related(
        "sistema_de_governo", "orgao_responsavel__unidade"
    ).get(pk=sistema.pk)


@transaction.atomic
def editar(sistema: Sistema, dados: dict, por) -> Sistema:
    sistema = _travar(sistema)
    antes = _dados(sistema)
    for campo in CAMPOS:
        setattr(sistema, campo, dados[campo])
    sistema.nome = validar_nome(sistema.nome, exceto=sistema)
    depois = _dados(sistema)
    if antes == depois:
        return sistema
    _salvar(sistema)
    antes, depois = diferenca(antes, depois)
    auditoria.registrar("sistema.editado", sistema, antes=antes, depois=depois,
                        comite_id=sistema.orgao_responsavel_id)
    return sistema


@transaction.atomic
def inativar(sistema: Sistema, por) -> Sistema:
    sistema = _travar(sistema)
    if not sistema.ativo:
        raise ErroDeNegocio("Este sistema de processo eletrônico já está inativo.")
    sistema.ativo = False
    sistema.inativado_em = timezone.now()
    sistema.save(update_fields=["ativo", "inativado_em"])
    auditoria.registrar("sistema.inativado", sistema, antes={"ativo": True}, depois={"ativo": False},
                        comite_id=sistema.orgao_responsavel_id)
    return sistema


@transaction.atomic
def reativar(sistema: Sistema, por) -> Sistema:
    sistema = _travar(sistema)
    if sistema.ativo:
        raise ErroDeNegocio("Este sistema de processo eletrônico já está ativo.")
    sistema.ativo = True
    sistema.inativado_em = None
    sistema.save(update_fields=["ativo", "inativado_em"])
    auditoria.registrar("sistema.reativado", sistema, antes={"ativo": False}, depois={"ativo": True},
                        comite_id=sistema.orgao_responsavel_id)
    return sistema


@transaction.atomic
def vincular(comite: Comite, sistema: Sistema, por) -> VinculoSistemaComite:
    """Links an active SPE to an órgão (no limit of systems per órgão, spec §6.2)."""
    sistema = _travar(sistema)
    if not sistema.ativo:
        raise ErroDeNegocio("Um sistema de processo eletrônico inativo não pode ser vinculado.")
    if VinculoSistemaComite.objects.filter(comite=comite, sistema=sistema).exists():
        raise ErroDeNegocio(f"O sistema {sistema.nome} já está vinculado a este órgão/entidade.")
    vinculo = VinculoSistemaComite.objects.create(comite=comite, sistema=sistema)
    auditoria.registrar("sistema.vinculado", vinculo, depois={"sistema": sistema.nome, "orgao": str(comite)},
                        comite_id=comite.pk)
    return vinculo


@transaction.atomic
def desvincular(comite: Comite, sistema: Sistema, por) -> None:
    vinculo = VinculoSistemaComite.objects.select_for_update().filter(comite=comite, sistema=sistema).first()
    if vinculo is None:
        raise ErroDeNegocio(f"O sistema {sistema.nome} não está vinculado a este órgão/entidade.")
    auditoria.registrar("sistema.desvinculado", vinculo, antes={"sistema": sistema.nome, "orgao": str(comite)},
                        comite_id=comite.pk)
    vinculo.delete()
