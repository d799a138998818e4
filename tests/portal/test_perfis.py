"""Gerenciar Perfis: who sees whom, who grants what, the last administrator, the Relatório and filters."""

import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from portal import permissions
from portal.models import PerfilAtribuido, Pessoa, RegistroDeAuditoria
from portal.permissions import Acao
from portal.services import perfis as servico
from portal.services.perfis import PerfilDesejado
from tests.conftest import ativar_mfa, entrar
from tests.factories.comites import ComiteFactory, GestorFactory
from tests.factories.estrutura import OrgaoFactory, RepositorioFactory
from tests.factories.portal import (
    GestorTecnologicoFactory,
    PerfilAtribuidoFactory,
    PessoaFactory,
    SistemaDeGovernoFactory,
)

pytestmark = pytest.mark.django_db

Perfil = PerfilAtribuido.Perfil
LISTA = reverse("portal:perfis")
CADASTRAR = reverse("portal:perfis_cadastrar")
CPF_NOVO = "52998224725"


def _editar(pessoa):
    return reverse("portal:perfis_editar", args=[pessoa.pk])


def _situacao(pessoa, operacao):
    return reverse("portal:perfis_situacao", args=[pessoa.pk, operacao])


def _dados(pessoa=None, **extra):
    """The edit form's POST with the person's current data and no profile checked."""
    dados = {"nome": "Pessoa Nova", "email": "nova@orgao.gov.br", "email_unidade": "protocolo@orgao.gov.br",
             "telefone": "(61) 3333-1234", "celular": "(61) 99999-1234"}
    if pessoa is not None:
        dados.update({c: getattr(pessoa, c) for c in ("nome", "email", "email_unidade", "telefone", "celular")})
    dados.update(extra)
    return dados


def _nomes_na_lista(resposta) -> set[str]:
    return {p.nome for p in resposta.context["table"].data}


@pytest.fixture
def outro_repositorio(db):
    return RepositorioFactory(nome="Repositório de Outro Poder")


@pytest.fixture
def client_supervisor(client, supervisor):
    return entrar(client, supervisor)


# ---------------------------------------------------------------------------------------------------
# Access


def test_gestor_gets_403_on_every_perfis_page(client_gestor, gestor, admin):
    assert client_gestor.get(LISTA).status_code == 403
    assert client_gestor.get(LISTA + "?exportar=xlsx").status_code == 403
    assert client_gestor.get(CADASTRAR).status_code == 403
    assert client_gestor.get(_editar(gestor)).status_code == 403
    assert client_gestor.post(_situacao(admin, "inativar")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    resposta = client.get(LISTA)
    assert resposta.status_code == 302 and reverse("account_login") in resposta["Location"]


def test_supervisor_may_neither_register_nor_inactivate(client_supervisor, gestor):
    assert client_supervisor.get(CADASTRAR).status_code == 403
    assert client_supervisor.post(_situacao(gestor, "inativar")).status_code == 403
    gestor.refresh_from_db()
    assert gestor.is_active


def test_menu_shows_gerenciar_perfis_to_supervisor_but_not_to_gestor(client, supervisor, gestor):
    entrar(client, supervisor)
    assert f'href="{LISTA}"' in client.get(reverse("portal:principal")).content.decode()
    entrar(client, gestor)
    html = client.get(reverse("portal:principal")).content.decode()
    assert f'href="{LISTA}"' not in html
    assert f'href="{reverse("portal:meus_dados")}"' in html


# ---------------------------------------------------------------------------------------------------
# Supervisor scope


def test_supervisor_sees_only_people_in_its_repositorios(client_supervisor, supervisor, repositorio,
                                                         outro_repositorio, gestor, gestor_de_outro_comite, admin):
    externo_dentro = PessoaFactory(nome="Externo Dentro")
    PerfilAtribuidoFactory(pessoa=externo_dentro, perfil=Perfil.ADMIN_EXTERNO, repositorios=[repositorio],
                           gestor_tecnologico=GestorTecnologicoFactory(nome="Dataprev", interno=False))
    supervisor_fora = PessoaFactory(nome="Supervisor Fora")
    PerfilAtribuidoFactory(pessoa=supervisor_fora, perfil=Perfil.SUPERVISOR, repositorios=[outro_repositorio])
    revogado = PessoaFactory(nome="Perfil Revogado")
    PerfilAtribuidoFactory(pessoa=revogado, perfil=Perfil.SUPERVISOR, repositorios=[repositorio], ativo=False)
    sem_perfil = PessoaFactory(nome="Sem Perfil")

    resposta = client_supervisor.get(LISTA)

    assert resposta.status_code == 200
    assert _nomes_na_lista(resposta) == {supervisor.nome, gestor.nome, externo_dentro.nome}
    html = resposta.content.decode()
    for fora in (gestor_de_outro_comite, supervisor_fora, revogado, sem_perfil, admin):
        assert fora.nome not in html


def test_supervisor_gets_404_editing_a_person_outside_its_scope(client_supervisor, gestor_de_outro_comite, admin):
    assert client_supervisor.get(_editar(gestor_de_outro_comite)).status_code == 404
    assert client_supervisor.post(_editar(gestor_de_outro_comite), _dados(gestor_de_outro_comite)).status_code == 404
    assert client_supervisor.get(_editar(admin)).status_code == 404
    assert client_supervisor.get(reverse("portal:perfis_editar", args=[999999])).status_code == 404


def test_supervisor_lists_cpfs_masked_and_administrator_in_full(client, supervisor, admin, gestor):
    entrar(client, supervisor)
    html = client.get(LISTA).content.decode()
    assert gestor.cpf_mascarado in html and gestor.cpf_formatado not in html
    assert supervisor.cpf_formatado in html  # its own
    entrar(client, admin)
    assert gestor.cpf_formatado in client.get(LISTA).content.decode()


def test_supervisor_cannot_grant_administrador(client_supervisor, gestor):
    resposta = client_supervisor.post(_editar(gestor), _dados(gestor, perfil_administrador="on"))
    assert resposta.status_code == 200
    assert "Seu perfil não permite conceder o perfil Administrador Tramita." in resposta.content.decode()
    assert not PerfilAtribuido.objects.filter(pessoa=gestor).exists()
    assert not RegistroDeAuditoria.objects.filter(acao="pessoa.perfis_alterados").exists()


def test_supervisor_cannot_grant_a_repositorio_outside_its_own(client_supervisor, gestor, outro_repositorio):
    resposta = client_supervisor.post(_editar(gestor), _dados(
        gestor, nome="Nome Trocado", perfil_supervisor="on", repositorios_supervisor=[outro_repositorio.pk]))
    assert resposta.status_code == 200
    assert resposta.context["form"].errors["repositorios_supervisor"]
    gestor.refresh_from_db()
    assert gestor.nome != "Nome Trocado"
    assert not PerfilAtribuido.objects.filter(pessoa=gestor).exists()


def test_service_refuses_supervisor_changes_beyond_its_reach(supervisor, repositorio, outro_repositorio, gestor):
    with pytest.raises(servico.ErroDePerfil, match="Administrador Tramita"):
        servico.editar(gestor, _dados(gestor), {Perfil.ADMINISTRADOR: PerfilDesejado()}, supervisor)
    with pytest.raises(servico.ErroDePerfil, match=outro_repositorio.nome):
        servico.editar(gestor, _dados(gestor, nome="Outro Nome"),
                       {Perfil.SUPERVISOR: PerfilDesejado(frozenset({repositorio.pk, outro_repositorio.pk}))},
                       supervisor)
    gestor.refresh_from_db()
    assert gestor.nome != "Outro Nome"
    assert not PerfilAtribuido.objects.filter(pessoa=gestor).exists()


def test_supervisor_cannot_revoke_a_profile_reaching_beyond_its_repositorios(supervisor, repositorio,
                                                                             outro_repositorio):
    colega = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=colega, perfil=Perfil.SUPERVISOR, repositorios=[repositorio, outro_repositorio])
    with pytest.raises(servico.ErroDePerfil, match="Fora do seu âmbito"):
        servico.editar(colega, _dados(colega), {}, supervisor)
    assert PerfilAtribuido.objects.get(pessoa=colega).ativo


def test_supervisor_grants_supervisor_in_its_repositorio_and_it_is_audited(client_supervisor, gestor, repositorio):
    resposta = client_supervisor.post(_editar(gestor), _dados(
        gestor, perfil_supervisor="on", repositorios_supervisor=[repositorio.pk]))
    assert resposta.status_code == 302
    atribuido = PerfilAtribuido.objects.get(pessoa=gestor, perfil=Perfil.SUPERVISOR)
    assert atribuido.ativo and list(atribuido.repositorios.all()) == [repositorio]
    assert permissions.pode(Pessoa.objects.get(pk=gestor.pk), Acao.PERFIS_VER)
    registro = RegistroDeAuditoria.objects.get(acao="pessoa.perfis_alterados")
    assert registro.antes == {"perfis": {}}
    assert registro.depois == {"perfis": {"supervisor": {"repositorios": [repositorio.pk],
                                                         "gestor_tecnologico": None}}}


def test_supervisor_edit_keeps_repositorios_outside_its_scope(client_supervisor, repositorio, outro_repositorio):
    colega = PessoaFactory(nome="Colega")
    PerfilAtribuidoFactory(pessoa=colega, perfil=Perfil.SUPERVISOR, repositorios=[repositorio, outro_repositorio])
    resposta = client_supervisor.get(_editar(colega))
    assert outro_repositorio.nome in resposta.content.decode()  # shown as read-only
    resposta = client_supervisor.post(_editar(colega), _dados(
        colega, telefone="(61) 3030-4040", perfil_supervisor="on", repositorios_supervisor=[repositorio.pk]))
    assert resposta.status_code == 302
    atribuido = PerfilAtribuido.objects.get(pessoa=colega)
    assert set(atribuido.repositorios.all()) == {repositorio, outro_repositorio}
    colega.refresh_from_db()
    assert colega.telefone != "(61) 3030-4040"  # contact data: only the person or an Administrador


# ---------------------------------------------------------------------------------------------------
# Administrador: register, edit, inactivate


def test_admin_registers_a_supervisor_who_gets_the_set_password_email(client_admin, admin, repositorio,
                                                                       django_capture_on_commit_callbacks):
    resposta = client_admin.post(CADASTRAR, {"cpf": "529.982.247-25", "etapa": "buscar"})
    assert resposta.status_code == 200 and resposta.context["form"] is not None
    assert "Pessoa não encontrada" in resposta.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        resposta = client_admin.post(CADASTRAR, _dados(cpf=CPF_NOVO, perfil_supervisor="on",
                                                       repositorios_supervisor=[repositorio.pk]))

    assert resposta.status_code == 302
    pessoa = Pessoa.objects.get(cpf=CPF_NOVO)
    assert pessoa.email == "nova@orgao.gov.br" and pessoa.is_active and not pessoa.has_usable_password()
    atribuido = PerfilAtribuido.objects.get(pessoa=pessoa)
    assert atribuido.perfil == Perfil.SUPERVISOR and list(atribuido.repositorios.all()) == [repositorio]
    registro = RegistroDeAuditoria.objects.get(acao="pessoa.cadastrada")
    assert registro.usuario == admin and registro.alvo_id == str(pessoa.pk)
    assert registro.depois["perfis"] == {"supervisor": {"repositorios": [repositorio.pk], "gestor_tecnologico": None}}
    assert registro.depois["cpf"] == "***.982.247-**"

    (mensagem,) = mail.outbox
    assert mensagem.to == ["nova@orgao.gov.br"]
    assert "Pessoa Nova" in mensagem.body
    link = re.search(r"https?://[^/\s]+(/contas/password/reset/key/\S+/)", mensagem.body).group(1)

    # The link works: the new person chooses a password.
    visitante = Client()
    resposta = visitante.get(link, follow=True)
    assert resposta.status_code == 200
    resposta = visitante.post(resposta.redirect_chain[-1][0],
                              {"password1": "Uma-senha-boa-2026", "password2": "Uma-senha-boa-2026"})
    assert resposta.status_code == 302
    pessoa.refresh_from_db()
    assert pessoa.check_password("Uma-senha-boa-2026")


def test_cpf_search_opens_the_existing_person(client_admin, gestor):
    resposta = client_admin.post(CADASTRAR, {"cpf": gestor.cpf_formatado, "etapa": "buscar"})
    assert resposta.status_code == 302 and resposta["Location"] == _editar(gestor)


def test_invalid_cpf_in_search_shows_error(client_admin):
    resposta = client_admin.post(CADASTRAR, {"cpf": "111.111.111-11", "etapa": "buscar"})
    assert resposta.status_code == 200
    assert "CPF inválido" in resposta.content.decode()
    assert resposta.context["form"] is None


def test_registration_refuses_duplicate_email_and_missing_scope(client_admin, gestor):
    resposta = client_admin.post(CADASTRAR, _dados(cpf=CPF_NOVO, email=gestor.email.upper(),
                                                   perfil_admin_externo="on"))
    assert resposta.status_code == 200
    erros = resposta.context["form"].errors
    assert erros["email"] == [servico.MSG_EMAIL_DUPLICADO]
    assert "repositorios_admin_externo" in erros and "gestor_tecnologico_admin_externo" in erros
    assert not Pessoa.objects.filter(cpf=CPF_NOVO).exists()


def test_only_administrador_registers_through_the_service(supervisor):
    with pytest.raises(servico.ErroDePerfil):
        servico.cadastrar(_dados(cpf=CPF_NOVO), {}, supervisor)
    assert not Pessoa.objects.filter(cpf=CPF_NOVO).exists()


def test_admin_grants_administrador_externo_with_gestor_tecnologico(client_admin, gestor, repositorio):
    dataprev = GestorTecnologicoFactory(nome="Dataprev", interno=False)
    resposta = client_admin.post(_editar(gestor), _dados(
        gestor, perfil_admin_externo="on", repositorios_admin_externo=[repositorio.pk],
        gestor_tecnologico_admin_externo=dataprev.pk))
    assert resposta.status_code == 302
    atribuido = PerfilAtribuido.objects.get(pessoa=gestor)
    assert atribuido.perfil == Perfil.ADMIN_EXTERNO and atribuido.gestor_tecnologico == dataprev
    resposta = client_admin.get(LISTA)
    assert "Administrador Externo (Dataprev)" in resposta.content.decode()


def test_invalid_phone_on_edit_saves_nothing(client_admin, gestor):
    resposta = client_admin.post(_editar(gestor), _dados(gestor, nome="Trocado", celular="12"))
    assert resposta.status_code == 200
    assert "Telefone inválido" in resposta.content.decode()
    gestor.refresh_from_db()
    assert gestor.nome != "Trocado"


def test_changing_login_email_keeps_it_unique(client_admin, gestor, supervisor):
    resposta = client_admin.post(_editar(gestor), _dados(gestor, email=supervisor.email))
    assert resposta.context["form"].errors["email"] == [servico.MSG_EMAIL_DUPLICADO]
    resposta = client_admin.post(_editar(gestor), _dados(gestor, email="Novo.Email@Orgao.gov.br"))
    assert resposta.status_code == 302
    gestor.refresh_from_db()
    assert gestor.email == "novo.email@orgao.gov.br"


def test_last_active_administrador_keeps_the_profile(client_admin, admin):
    resposta = client_admin.post(_editar(admin), _dados(admin))  # no profile checked
    assert resposta.status_code == 200
    assert "único Administrador Tramita ativo" in resposta.content.decode()
    assert PerfilAtribuido.objects.get(pessoa=admin, perfil=Perfil.ADMINISTRADOR).ativo

    resposta = client_admin.post(_situacao(admin, "inativar"), follow=True)
    assert "único Administrador Tramita ativo" in resposta.content.decode()
    admin.refresh_from_db()
    assert admin.is_active

    with pytest.raises(servico.ErroDePerfil):
        servico.inativar(admin, admin)


def test_administrador_profile_can_be_removed_when_another_admin_exists(client_admin, admin):
    outro = ativar_mfa(PessoaFactory())
    PerfilAtribuidoFactory(pessoa=outro, perfil=Perfil.ADMINISTRADOR)
    assert client_admin.post(_editar(outro), _dados(outro)).status_code == 302
    assert not PerfilAtribuido.objects.get(pessoa=outro).ativo
    # Now `admin` is the last one again.
    with pytest.raises(servico.ErroDePerfil, match="único Administrador"):
        servico.editar(admin, _dados(admin), {}, admin)


def test_an_inactive_administrator_does_not_count_as_another_admin(admin):
    inativo = PessoaFactory(is_active=False)
    PerfilAtribuidoFactory(pessoa=inativo, perfil=Perfil.ADMINISTRADOR)
    assert servico.eh_ultimo_administrador(admin)
    with pytest.raises(servico.ErroDePerfil):
        servico.editar(admin, _dados(admin), {}, admin)


def test_admin_inactivates_and_reactivates_a_person(client_admin, gestor, comite):
    GestorFactory(comite=comite)  # the comitê keeps another usable gestor
    assert client_admin.get(_situacao(gestor, "inativar")).status_code == 200
    assert client_admin.post(_situacao(gestor, "inativar")).status_code == 302
    gestor.refresh_from_db()
    assert not gestor.is_active
    registro = RegistroDeAuditoria.objects.get(acao="pessoa.inativada")
    assert registro.antes == {"is_active": True} and registro.depois == {"is_active": False}
    # An inactive person's open session no longer works.
    sessao = Client()
    sessao.force_login(gestor)
    assert sessao.get(reverse("portal:meus_dados")).status_code == 302

    assert client_admin.post(_situacao(gestor, "reativar")).status_code == 302
    gestor.refresh_from_db()
    assert gestor.is_active
    assert RegistroDeAuditoria.objects.filter(acao="pessoa.reativada").exists()


def test_unknown_operation_is_404(client_admin, gestor):
    assert client_admin.get(_situacao(gestor, "excluir")).status_code == 404


# ---------------------------------------------------------------------------------------------------
# Relatório (XLSX) and filters


def test_relatorio_xlsx_is_a_workbook_with_masked_cpfs_for_a_supervisor(client_supervisor, supervisor, gestor):
    resposta = client_supervisor.get(LISTA, {"exportar": "xlsx"})
    assert resposta.status_code == 200
    assert resposta["Content-Type"].startswith("application/vnd.openxmlformats")
    planilha = load_workbook(io.BytesIO(resposta.getvalue())).active
    linhas = list(planilha.iter_rows(values_only=True))
    assert linhas[0] == ("Nome", "CPF", "E-mail", "E-mail da Unidade", "Telefone", "Celular", "Perfis", "Órgãos",
                         "Sistemas de Governo", "Situação")
    por_nome = {linha[0]: linha for linha in linhas[1:]}
    assert set(por_nome) == {supervisor.nome, gestor.nome}
    assert por_nome[gestor.nome][1] == gestor.cpf_mascarado
    assert por_nome[gestor.nome][6] == "Gestor de Protocolo"
    assert por_nome[gestor.nome][9] == "Ativo"
    assert por_nome[supervisor.nome][1] == supervisor.cpf_formatado  # its own CPF


def test_relatorio_xlsx_shows_full_cpfs_to_the_administrador(client_admin, gestor):
    resposta = client_admin.get(LISTA, {"exportar": "xlsx", "nome": gestor.nome})
    linhas = list(load_workbook(io.BytesIO(resposta.getvalue())).active.iter_rows(values_only=True))
    assert [linha[1] for linha in linhas[1:]] == [gestor.cpf_formatado]


def test_relatorio_button_keeps_the_filters(client_admin):
    resposta = client_admin.get(LISTA, {"nome": "Ana"})
    acoes = dict(resposta.context["acoes_da_pagina"])
    assert acoes["Relatório"] == f"{LISTA}?nome=Ana&exportar=xlsx"
    assert acoes["Cadastrar"] == CADASTRAR


@pytest.fixture
def populacao(admin, supervisor, repositorio, comite, gestor):
    suap = SistemaDeGovernoFactory(nome="SUAP", sigla="SUAP")
    orgao_suap = ComiteFactory(unidade=OrgaoFactory(repositorio=repositorio, nome="Instituto Federal Alfa"),
                               sistema_de_governo=suap)
    gestor_suap = GestorFactory(comite=orgao_suap, pessoa=PessoaFactory(nome="Gestora do Instituto")).pessoa
    ex_gestor = GestorFactory(comite=orgao_suap, pessoa=PessoaFactory(nome="Ex Gestor"), ativo=False).pessoa
    inativa = PessoaFactory(nome="Pessoa Inativa", is_active=False, email="inativa@orgao.gov.br")
    PerfilAtribuidoFactory(pessoa=inativa, perfil=Perfil.SUPERVISOR, repositorios=[repositorio])
    return {"suap": suap, "gestor_suap": gestor_suap, "ex_gestor": ex_gestor, "inativa": inativa,
            "orgao_suap": orgao_suap}


def test_filters_narrow_the_list(client_admin, admin, supervisor, gestor, comite, populacao):
    def nomes(**filtros):
        return _nomes_na_lista(client_admin.get(LISTA, filtros))

    gestor_suap, inativa = populacao["gestor_suap"], populacao["inativa"]
    assert nomes(nome="instituto") == {gestor_suap.nome}
    assert nomes(cpf=gestor.cpf_formatado) == {gestor.nome}
    assert nomes(email="INATIVA@orgao") == {inativa.nome}
    assert nomes(orgao="alfa") == {gestor_suap.nome}  # the former gestor of that órgão is not listed
    assert nomes(orgao=comite.unidade.nome) == {gestor.nome}
    assert nomes(sistema_de_governo=populacao["suap"].pk) == {gestor_suap.nome}
    assert nomes(perfis=["gestor"]) == {gestor.nome, gestor_suap.nome}
    assert nomes(perfis=["supervisor"]) == {supervisor.nome, inativa.nome}
    assert nomes(perfis=["administrador", "supervisor"]) == {admin.nome, supervisor.nome, inativa.nome}
    assert nomes(situacao="inativo") == {inativa.nome}
    assert nomes(perfis=["supervisor"], situacao="ativo") == {supervisor.nome}


def test_orgaos_column_sorts_and_lists_active_gestoes_only(client_admin, gestor, populacao):
    resposta = client_admin.get(LISTA, {"sort": "orgaos"})
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "Instituto Federal Alfa" in html
    tabela = resposta.context["table"]
    linha_ex = next(r for r in tabela.rows if r.record.pk == populacao["ex_gestor"].pk)
    assert linha_ex.get_cell_value("orgaos") == ""
    assert linha_ex.get_cell_value("perfis") == ""


def test_supervisor_cannot_change_a_login_email(client_supervisor, supervisor, gestor):
    """Otherwise it could point the account to its own mailbox and take it over with a password reset."""
    email = gestor.email
    resposta = client_supervisor.get(_editar(gestor))
    assert resposta.context["form"].fields["email"].disabled
    resposta = client_supervisor.post(_editar(gestor), _dados(gestor, email="meu@supervisor.gov.br", nome="Novo"))
    assert resposta.status_code == 302
    gestor.refresh_from_db()
    assert gestor.email == email and gestor.nome != "Novo"
    with pytest.raises(servico.ErroDePerfil, match="e-mail de acesso"):
        servico.editar(gestor, _dados(gestor, email="meu@supervisor.gov.br"), {}, supervisor)
    gestor.refresh_from_db()
    assert gestor.email == email
