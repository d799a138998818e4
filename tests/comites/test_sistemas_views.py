"""Administração › Sistemas de Processo Eletrônico and Protocolo › Gestão › Sistemas: profiles and scope."""

import pytest

from comites.models import Sistema, VinculoSistemaComite
from comites.sistemas.forms import SistemaForm
from portal.models import PerfilAtribuido, RegistroDeAuditoria
from tests.conftest import ativar_mfa, entrar
from tests.factories.comites import ComiteFactory, GestorFactory, SistemaFactory
from tests.factories.estrutura import OrgaoFactory, RepositorioFactory
from tests.factories.portal import (
    GestorTecnologicoFactory,
    PerfilAtribuidoFactory,
    PessoaFactory,
    SistemaDeGovernoFactory,
)

pytestmark = pytest.mark.django_db

LISTA = "/sistemas-de-processo-eletronico/"
NOVO = "/sistemas-de-processo-eletronico/novo/"


def _editar(sistema):
    return f"/sistemas-de-processo-eletronico/{sistema.pk}/editar/"


@pytest.fixture
def sei_de_a(comite):
    return SistemaFactory(orgao_responsavel=comite, nome="ORGA - SEI")


@pytest.fixture
def suap_de_b(outro_comite):
    return SistemaFactory(orgao_responsavel=outro_comite, nome="ORGB - SUAP")


def _formulario(comite, **extra):
    return {"nome": "MGI - SEI", "descricao": "Ministério da Gestão e da Inovação",
            "sistema_de_governo": SistemaDeGovernoFactory().pk, "orgao_responsavel": comite.pk,
            "publico_alvo": "sim", **extra}


# --- the catalogue ---------------------------------------------------------------------------------


def test_gestor_of_an_interno_orgao_lists_its_own_spes_and_not_other_orgaos(client_gestor, sei_de_a, suap_de_b):
    conteudo = client_gestor.get(LISTA).content.decode()

    assert "ORGA - SEI" in conteudo and "ORGB - SUAP" not in conteudo
    assert NOVO not in conteudo and _editar(sei_de_a) not in conteudo  # filter only, no Cadastrar/Editar


def test_gestor_of_an_orgao_hosted_by_a_provider_may_not_open_the_catalogue(client):
    comite = ComiteFactory(gestor_tecnologico=GestorTecnologicoFactory(nome="Dataprev", interno=False))
    SistemaFactory(orgao_responsavel=comite)
    entrar(client, GestorFactory(comite=comite).pessoa)

    assert client.get(LISTA).status_code == 403
    assert "Sistemas de Processo Eletrônico" not in client.get("/principal/").content.decode()


def test_menu_shows_the_catalogue_to_a_gestor_of_an_interno_orgao(client_gestor):
    assert "Sistemas de Processo Eletrônico" in client_gestor.get("/principal/").content.decode()


def test_supervisor_lists_only_the_spes_of_orgaos_in_its_repositorios(client, supervisor, sei_de_a, suap_de_b):
    entrar(client, supervisor)
    conteudo = client.get(LISTA).content.decode()

    assert "ORGA - SEI" in conteudo and "ORGB - SUAP" not in conteudo
    assert client.get(_editar(suap_de_b)).status_code == 404
    assert client.get(_editar(sei_de_a)).status_code == 200


def test_the_list_filters_by_name_or_orgao_and_by_situation(client_admin, sei_de_a, suap_de_b):
    suap_de_b.ativo = False
    suap_de_b.save()

    por_nome = client_admin.get(LISTA, {"busca": "suap"}).content.decode()
    por_situacao = client_admin.get(LISTA, {"ativo": "true"}).content.decode()
    por_id = client_admin.get(LISTA, {"id": sei_de_a.pk}).content.decode()

    assert "ORGB - SUAP" in por_nome and "ORGA - SEI" not in por_nome
    assert "ORGA - SEI" in por_situacao and "ORGB - SUAP" not in por_situacao
    assert "ORGA - SEI" in por_id and "ORGB - SUAP" not in por_id


def test_the_csv_export_holds_the_gestors_own_spes_only(client_gestor, sei_de_a, suap_de_b):
    resposta = client_gestor.get(LISTA, {"exportar": "csv"})
    conteudo = b"".join(resposta.streaming_content).decode()

    assert resposta["Content-Type"].startswith("text/csv")
    assert "ORGA - SEI" in conteudo and "ORGB - SUAP" not in conteudo and "Ações" not in conteudo


def test_administrador_registers_an_spe_through_the_form(client_admin, comite):
    resposta = client_admin.post(NOVO, _formulario(comite))

    assert resposta.status_code == 302
    sistema = Sistema.objects.get(nome="MGI - SEI")
    assert sistema.orgao_responsavel == comite and sistema.publico_alvo
    assert RegistroDeAuditoria.objects.filter(acao="sistema.cadastrado", alvo_id=str(sistema.pk)).exists()


def test_a_name_outside_the_rule_is_shown_in_portuguese_and_nothing_is_saved(client_admin, comite):
    resposta = client_admin.post(NOVO, _formulario(comite, nome="SEI"))

    assert resposta.status_code == 400
    assert "Sigla do Órgão - Sigla do Sistema" in resposta.content.decode()
    assert not Sistema.objects.exists()


def test_supervisor_may_not_register_an_spe_for_an_orgao_outside_its_repositorios(client, supervisor):
    fora = ComiteFactory(unidade=OrgaoFactory(repositorio=RepositorioFactory()))
    entrar(client, supervisor)

    resposta = client.post(NOVO, _formulario(fora))

    assert resposta.status_code == 400 and not Sistema.objects.exists()


def test_gestor_may_not_register_edit_or_inactivate_spes(client_gestor, comite, sei_de_a):
    assert client_gestor.get(NOVO).status_code == 403
    assert client_gestor.post(NOVO, _formulario(comite)).status_code == 403
    assert client_gestor.post(_editar(sei_de_a), _formulario(comite, nome="ORGA - SEI2")).status_code == 403
    assert client_gestor.post(f"/sistemas-de-processo-eletronico/{sei_de_a.pk}/inativar/").status_code == 403
    sei_de_a.refresh_from_db()
    assert sei_de_a.nome == "ORGA - SEI" and sei_de_a.ativo
    assert Sistema.objects.count() == 1


def test_administrador_edits_inactivates_and_reactivates_an_spe(client_admin, comite, sei_de_a):
    client_admin.post(_editar(sei_de_a), _formulario(comite, nome="ORGA - SEI Novo", publico_alvo="nao"))
    sei_de_a.refresh_from_db()
    assert sei_de_a.nome == "ORGA - SEI Novo" and not sei_de_a.publico_alvo

    client_admin.post(f"/sistemas-de-processo-eletronico/{sei_de_a.pk}/inativar/")
    sei_de_a.refresh_from_db()
    assert not sei_de_a.ativo
    assert "Inativo" in client_admin.get(LISTA).content.decode()

    client_admin.post(f"/sistemas-de-processo-eletronico/{sei_de_a.pk}/reativar/")
    sei_de_a.refresh_from_db()
    assert sei_de_a.ativo


# --- Protocolo › Gestão › Sistemas -------------------------------------------------------------------


def test_gestor_sees_its_orgaos_linked_systems_without_link_controls(client_gestor, comite, suap_de_b):
    VinculoSistemaComite.objects.create(comite=comite, sistema=suap_de_b)

    conteudo = client_gestor.get(f"/comites/{comite.pk}/sistemas/").content.decode()

    assert "ORGB - SUAP" in conteudo
    assert "Vincular" not in conteudo and "Desvincular" not in conteudo


def test_gestor_gets_404_on_another_orgaos_systems(client_gestor, outro_comite):
    assert client_gestor.get(f"/comites/{outro_comite.pk}/sistemas/").status_code == 404


def test_gestor_may_not_link_nor_unlink(client_gestor, comite, sei_de_a, suap_de_b):
    VinculoSistemaComite.objects.create(comite=comite, sistema=sei_de_a)

    vincular = client_gestor.post(f"/comites/{comite.pk}/sistemas/vincular/", {"sistema": suap_de_b.pk})
    desvincular = client_gestor.post(f"/comites/{comite.pk}/sistemas/{sei_de_a.pk}/desvincular/")

    assert vincular.status_code == 403 and desvincular.status_code == 403
    assert list(VinculoSistemaComite.objects.values_list("sistema_id", flat=True)) == [sei_de_a.pk]


def test_administrador_links_and_unlinks_a_system_from_the_orgaos_page(client_admin, comite, sei_de_a, suap_de_b):
    pagina = client_admin.get(f"/comites/{comite.pk}/sistemas/").content.decode()
    assert "Vincular sistemas" in pagina and "ORGB - SUAP" in pagina

    client_admin.post(f"/comites/{comite.pk}/sistemas/vincular/", {"sistema": suap_de_b.pk})
    assert VinculoSistemaComite.objects.filter(comite=comite, sistema=suap_de_b).exists()

    client_admin.post(f"/comites/{comite.pk}/sistemas/{suap_de_b.pk}/desvincular/")
    assert not VinculoSistemaComite.objects.exists()


def test_an_inactive_system_is_not_offered_and_cannot_be_linked(client_admin, comite, suap_de_b):
    suap_de_b.ativo = False
    suap_de_b.save()

    pagina = client_admin.get(f"/comites/{comite.pk}/sistemas/").content.decode()
    resposta = client_admin.post(f"/comites/{comite.pk}/sistemas/vincular/", {"sistema": suap_de_b.pk},
                                 follow=True)

    assert "ORGB - SUAP" not in pagina
    assert "Escolha um sistema ativo" in resposta.content.decode()
    assert not VinculoSistemaComite.objects.exists()


def test_supervisor_links_only_systems_and_orgaos_of_its_repositorios(client, supervisor, comite, sei_de_a,
                                                                       suap_de_b, outro_comite):
    entrar(client, supervisor)

    client.post(f"/comites/{comite.pk}/sistemas/vincular/", {"sistema": suap_de_b.pk})  # B's SPE: not offered
    fora = client.post(f"/comites/{outro_comite.pk}/sistemas/vincular/", {"sistema": sei_de_a.pk})
    client.post(f"/comites/{comite.pk}/sistemas/vincular/", {"sistema": sei_de_a.pk})

    assert fora.status_code == 404
    assert list(VinculoSistemaComite.objects.values_list("comite_id", "sistema_id")) == [(comite.pk, sei_de_a.pk)]


def test_administrador_externo_sees_only_spes_of_orgaos_of_its_gestor_tecnologico(client):
    dataprev = GestorTecnologicoFactory(nome="Dataprev", interno=False)
    repositorio = RepositorioFactory()
    hospedado = ComiteFactory(unidade=OrgaoFactory(repositorio=repositorio), gestor_tecnologico=dataprev)
    interno = ComiteFactory(unidade=OrgaoFactory(repositorio=repositorio))
    SistemaFactory(orgao_responsavel=hospedado, nome="HOSP - SEI")
    SistemaFactory(orgao_responsavel=interno, nome="INT - SEI")
    externo = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=externo, perfil=PerfilAtribuido.Perfil.ADMIN_EXTERNO, gestor_tecnologico=dataprev,
                           repositorios=[repositorio])
    entrar(client, ativar_mfa(externo))

    conteudo = client.get(LISTA).content.decode()

    assert "HOSP - SEI" in conteudo and "INT - SEI" not in conteudo


def test_an_spe_of_an_orgao_inactivated_since_can_still_be_edited_but_new_ones_cannot_pick_it(
        client_admin, admin, comite, sei_de_a):
    comite.ativo = False
    comite.save()

    resposta = client_admin.post(_editar(sei_de_a), _formulario(comite, nome="ORGA - SEI", descricao="Outra"))

    sei_de_a.refresh_from_db()
    assert resposta.status_code == 302 and sei_de_a.descricao == "Outra"
    assert comite not in SistemaForm(usuario=admin).fields["orgao_responsavel"].queryset


def test_each_row_links_to_the_spes_certificates_for_who_may_generate_them(client_gestor, sei_de_a):
    conteudo = client_gestor.get(LISTA).content.decode()
    assert f"/sistemas/{sei_de_a.pk}/certificados/" in conteudo and "Gerar Certificado" in conteudo
