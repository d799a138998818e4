"""Every state-changing page of the portal app leaves a full audit record, and the menu follows the profile."""

import pytest
from django.urls import reverse

from portal import navigation
from portal.models import Parametro, PerfilAtribuido, RegistroDeAuditoria
from tests.conftest import entrar
from tests.factories.comites import GestorFactory
from tests.factories.portal import GestorTecnologicoFactory, PerfilAtribuidoFactory, PessoaFactory

pytestmark = pytest.mark.django_db

CABECALHOS = {"HTTP_X_REQUEST_ID": "req42abc", "REMOTE_ADDR": "10.20.30.40"}


def _unico_registro(acao):
    (registro,) = RegistroDeAuditoria.objects.filter(acao=acao)
    return registro


def _confere_contexto(registro, autor, perfil):
    assert registro.usuario == autor
    assert registro.usuario_repr == f"{autor.nome} <{autor.email}>"
    assert registro.ip == "10.20.30.40"
    assert registro.perfil == perfil
    assert registro.request_id == "req42abc"
    assert registro.origem == "web"


def test_meus_dados_record_names_who_from_where_with_which_profile(client, gestor):
    entrar(client, gestor)
    dados = {"nome": "Nome Novo", "email_unidade": gestor.email_unidade, "telefone": gestor.telefone,
             "celular": gestor.celular}

    resposta = client.post(reverse("portal:meus_dados"), dados, **CABECALHOS)

    assert resposta.status_code == 302
    registro = _unico_registro("pessoa.dados_alterados")
    _confere_contexto(registro, gestor, "Gestor de Protocolo")
    assert (registro.alvo_tipo, registro.alvo_id) == ("portal.Pessoa", str(gestor.pk))
    assert registro.depois == {"nome": "Nome Novo"} and "nome" in registro.antes


def test_parametro_record_names_who_from_where_with_which_profile(client_admin, admin):
    parametro = Parametro.objects.get(chave="dias_expurgo_concluidos")

    resposta = client_admin.post(reverse("portal:parametro_editar", args=[parametro.pk]), {"valor": "21"},
                                 **CABECALHOS)

    assert resposta.status_code == 302
    registro = _unico_registro("parametro.alterado")
    _confere_contexto(registro, admin, "Administrador Tramita")
    assert (registro.alvo_tipo, registro.alvo_id) == ("portal.Parametro", str(parametro.pk))
    assert (registro.antes, registro.depois) == ({"valor": "14"}, {"valor": "21"})


def test_inactivation_record_names_who_from_where_with_which_profile(client_admin, admin, gestor, comite):
    GestorFactory(comite=comite)  # the comitê keeps another usable gestor
    resposta = client_admin.post(reverse("portal:perfis_situacao", args=[gestor.pk, "inativar"]), **CABECALHOS)

    assert resposta.status_code == 302
    registro = _unico_registro("pessoa.inativada")
    _confere_contexto(registro, admin, "Administrador Tramita")
    assert registro.alvo_id == str(gestor.pk)


def test_profile_grant_record_names_who_from_where_with_which_profile(client, supervisor, repositorio):
    entrar(client, supervisor)
    colega = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=colega, perfil=PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[repositorio])
    dados = {c: getattr(colega, c) for c in ("nome", "email", "email_unidade", "telefone", "celular")}
    dados.update(perfil_supervisor="on", repositorios_supervisor=[repositorio.pk], perfil_admin_externo="on",
                 repositorios_admin_externo=[repositorio.pk],
                 gestor_tecnologico_admin_externo=GestorTecnologicoFactory().pk)

    resposta = client.post(reverse("portal:perfis_editar", args=[colega.pk]), dados, **CABECALHOS)

    assert resposta.status_code == 302, resposta.content.decode()[:2000]
    registros = RegistroDeAuditoria.objects.filter(alvo_id=str(colega.pk), alvo_tipo="portal.Pessoa")
    assert registros.exists()
    for registro in registros:
        _confere_contexto(registro, supervisor, "Supervisor")
    depois = {}
    for registro in registros:
        depois.update(registro.depois or {})
    assert "admin_externo" in depois.get("perfis", {})


# ---------------------------------------------------------------------------------------------------
# Menu


PORTAL_ITENS = {"Meus Dados", "Gerenciar Perfis", "Auditoria", "Parâmetros da Solução"}


def _itens_do_portal(client) -> set[str]:
    html = client.get(reverse("portal:principal")).content.decode()
    return {rotulo for rotulo in PORTAL_ITENS if f">{rotulo}<" in html}


def test_every_portal_menu_entry_resolves():
    for item in navigation.ITENS:
        assert reverse(item.url_name)
    assert {item.rotulo for item in navigation.ITENS} == PORTAL_ITENS


def test_administrator_menu_has_every_portal_entry(client_admin):
    assert _itens_do_portal(client_admin) == PORTAL_ITENS


def test_supervisor_menu_has_profiles_and_audit_but_not_parameters(client, supervisor):
    entrar(client, supervisor)
    assert _itens_do_portal(client) == {"Meus Dados", "Gerenciar Perfis", "Auditoria"}


def test_gestor_menu_has_own_data_and_audit_only(client, gestor):
    entrar(client, gestor)
    assert _itens_do_portal(client) == {"Meus Dados", "Auditoria"}


def test_person_without_profile_sees_only_meus_dados(client, pessoa):
    entrar(client, pessoa)
    assert _itens_do_portal(client) == {"Meus Dados"}
