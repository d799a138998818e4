"""Gestores de protocolo: look-up by CPF, add, register and add, remove."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comites.models import Comite, Gestor
from comites.services.avaliacao import _incluir_gestor
from comites.services.comum import ErroDeNegocio, _usuario_repr, link_para_definir_senha, url_absoluta
from portal import permissions
from portal.services import auditoria, email, pessoas
from portal.validators import somente_digitos


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
