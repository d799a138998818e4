"""A comitê always keeps at least one active gestor with an active account (issue 7 §3.3)."""

import pytest
from django.urls import reverse

from comites import services
from comites.models import Gestor
from portal.services import perfis
from tests.conftest import entrar
from tests.factories.comites import GestorFactory
from tests.factories.portal import PessoaFactory

pytestmark = pytest.mark.django_db

MSG_UNICO = "único gestor de protocolo ativo"


def test_administrador_cannot_inactivate_the_only_gestor_of_a_comite(comite, gestor, admin):
    with pytest.raises(perfis.ErroDePerfil, match=MSG_UNICO) as erro:
        perfis.inativar(gestor, admin)

    assert str(comite.unidade) in erro.value.mensagem
    gestor.refresh_from_db()
    assert gestor.is_active


def test_inactivating_the_only_gestor_through_gerenciar_perfis_shows_why(client_admin, comite, gestor):
    url = reverse("portal:perfis_situacao", args=[gestor.pk, "inativar"])

    resposta = client_admin.post(url, follow=True)

    assert MSG_UNICO in resposta.content.decode()
    gestor.refresh_from_db()
    assert gestor.is_active


def test_a_gestor_with_an_inactive_colleague_is_still_the_only_usable_one(comite, gestor, admin):
    GestorFactory(comite=comite, pessoa=PessoaFactory(is_active=False))

    with pytest.raises(perfis.ErroDePerfil, match=MSG_UNICO):
        perfis.inativar(gestor, admin)


def test_a_gestor_with_an_active_colleague_can_be_inactivated(comite, gestor, admin):
    GestorFactory(comite=comite)

    perfis.inativar(gestor, admin)

    gestor.refresh_from_db()
    assert not gestor.is_active


def test_the_only_gestor_of_an_inactive_comite_can_be_inactivated(comite, gestor, admin):
    services.inativar_comite(comite, admin)

    perfis.inativar(gestor, admin)

    gestor.refresh_from_db()
    assert not gestor.is_active


def test_a_gestor_cannot_be_removed_when_the_only_other_one_has_an_inactive_account(comite, gestor):
    outro = GestorFactory(comite=comite, pessoa=PessoaFactory(is_active=False))
    unico = Gestor.objects.get(comite=comite, pessoa=gestor)

    with pytest.raises(services.ErroDeNegocio, match="sem gestor de protocolo ativo"):
        services.remover_gestor(unico, outro.pessoa)

    unico.refresh_from_db()
    assert unico.ativo


def test_remove_page_warns_when_the_others_cannot_sign_in(client, comite, gestor):
    GestorFactory(comite=comite, pessoa=PessoaFactory(is_active=False))
    unico = Gestor.objects.get(comite=comite, pessoa=gestor)
    entrar(client, gestor)

    pagina = client.get(reverse("comites:gestor_remover", args=[comite.pk, unico.pk])).content.decode()

    assert "não pode ficar sem gestor de protocolo" in pagina


def test_a_comite_whose_gestores_cannot_sign_in_is_not_reactivated(comite, gestor, admin):
    services.inativar_comite(comite, admin)
    perfis.inativar(gestor, admin)

    with pytest.raises(services.ErroDeNegocio, match="gestor de protocolo ativo"):
        services.reativar_comite(comite, admin)

    comite.refresh_from_db()
    assert not comite.ativo
