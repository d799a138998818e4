"""Administration of the four catalogues: CRUD through the pages, pt-BR validation, inactivate instead
of delete, permissions, audit records, and the public read-only pages."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hipoteses import services
from hipoteses.models import EspecieDocumental, HipoteseLegal, SugestaoDeHipotese
from portal.models import GestorTecnologico, PerfilAtribuido, RegistroDeAuditoria, SistemaDeGoverno
from tests.conftest import entrar
from tests.factories.comites import ComiteFactory
from tests.factories.hipoteses import EspecieDocumentalFactory, HipoteseLegalFactory, SugestaoFactory
from tests.factories.portal import PerfilAtribuidoFactory

pytestmark = pytest.mark.django_db

ROTAS = ("hipotese", "especie", "sistema", "gestor")


def _auditoria(acao):
    return RegistroDeAuditoria.objects.filter(acao=acao)


# ---------------------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("rota", ROTAS)
def test_gestor_gets_403_on_every_admin_page(client_gestor, rota):
    alvo = {"hipotese": HipoteseLegal, "especie": EspecieDocumental, "sistema": SistemaDeGoverno,
            "gestor": GestorTecnologico}[rota].objects.first()
    urls = [reverse(f"hipoteses:{rota}_lista"), reverse(f"hipoteses:{rota}_criar")] + [
        reverse(f"hipoteses:{rota}_{acao}", args=[alvo.pk]) for acao in ("editar", "inativar", "excluir")
    ]
    for url in urls:
        assert client_gestor.get(url).status_code == 403, url
        assert client_gestor.post(url, {"nome": "X"}).status_code == 403, url
    assert alvo.__class__.objects.filter(pk=alvo.pk, ativo=True).exists()


def test_supervisor_gets_403_on_catalogue_administration(client, supervisor):
    entrar(client, supervisor)
    assert client.get(reverse("hipoteses:hipotese_lista")).status_code == 403
    assert client.post(reverse("hipoteses:hipotese_criar"), {"nome": "X"}).status_code == 403
    assert HipoteseLegal.objects.count() == 23


def test_anonymous_is_sent_to_login_from_admin_pages(client):
    resposta = client.get(reverse("hipoteses:hipotese_lista"))
    assert resposta.status_code == 302
    assert reverse("account_login") in resposta["Location"]


def test_menu_shows_catalogues_to_admin_and_only_suggestions_to_gestor(client, admin, gestor):
    entrar(client, admin)
    pagina = client.get(reverse("portal:principal")).content.decode()
    for rotulo in ("Hipóteses Legais", "Espécies Documentais", "Sistemas de Governo", "Gestores Tecnológicos",
                   "Sugestões de Hipóteses Legais"):
        assert rotulo in pagina
    client.logout()
    entrar(client, gestor)
    pagina = client.get(reverse("portal:principal")).content.decode()
    assert reverse("hipoteses:sugestao_lista") in pagina
    assert reverse("hipoteses:hipotese_lista") not in pagina


# ------------------------------------------------------------------------------------ list and filters


def test_admin_list_has_the_spec_columns_and_actions(client_admin):
    resposta = client_admin.get(reverse("hipoteses:hipotese_lista"), {"por_pagina": "50"})
    assert resposta.status_code == 200
    pagina = resposta.content.decode()
    for coluna in ("ID", "Nome", "Base Legal", "Data de Criação", "Situação", "Ações"):
        assert re.search(rf">\s*{coluna}\s*<", pagina), coluna
    assert "Documento Preparatório" in pagina
    hipotese = HipoteseLegal.objects.get(nome="Documento Preparatório")
    assert reverse("hipoteses:hipotese_editar", args=[hipotese.pk]) in pagina
    assert reverse("hipoteses:hipotese_inativar", args=[hipotese.pk]) in pagina


@pytest.mark.parametrize(("filtro", "esperado"), [
    ({"identificacao": "18"}, ["Documento Preparatório"]),
    ({"nome": "segredo de justiça"}, ["Segredo de Justiça no Processo Civil", "Segredo de Justiça no Processo Penal"]),
    ({"base_legal": "9.609/1998"}, ["Proteção da Propriedade Intelectual de Software"]),
    ({"status": "inativo"}, ["Informação Pessoal"]),
])
def test_admin_list_filters_by_id_nome_base_legal_and_status(client_admin, filtro, esperado):
    services.inativar(HipoteseLegal.objects.get(nome="Informação Pessoal"))
    resposta = client_admin.get(reverse("hipoteses:hipotese_lista"), filtro)
    nomes = sorted(linha.record.nome for linha in resposta.context["table"].rows)
    assert nomes == esperado


def test_invalid_id_filter_shows_a_ptbr_error_not_a_500(client_admin):
    resposta = client_admin.get(reverse("hipoteses:hipotese_lista"), {"identificacao": "abc"})
    assert resposta.status_code == 200
    assert "Informe um número" in resposta.content.decode()


def test_csv_export_leaves_out_the_actions_column(client_admin):
    resposta = client_admin.get(reverse("hipoteses:hipotese_lista"), {"exportar": "csv"})
    texto = resposta.getvalue().decode("utf-8-sig")
    cabecalho = texto.splitlines()[0]
    assert cabecalho == "ID;Nome;Base Legal;Data de Criação;Situação"
    assert len(texto.strip().splitlines()) == 24
    assert "18;Documento Preparatório;Art. 7º, § 3º, da Lei nº 12.527/2011;" in texto
    assert texto.splitlines()[1].endswith(";Ativo")


# --------------------------------------------------------------------------------------- create / edit


def test_admin_creates_a_hipotese_with_the_next_identificacao_and_an_audit_record(client_admin, admin):
    resposta = client_admin.post(reverse("hipoteses:hipotese_criar"), {
        "nome": "Sigilo Bancário de Terceiros", "base_legal": "Art. 1º da Lei Complementar nº 105/2001",
        "descricao": "Operações de instituições financeiras.", "ativo": "1",
    })
    assert resposta.status_code == 302
    hipotese = HipoteseLegal.objects.get(nome="Sigilo Bancário de Terceiros")
    assert hipotese.identificacao == 24 and hipotese.ativo
    registro = _auditoria("hipotese_legal.criacao").get()
    assert registro.usuario == admin and registro.alvo_id == str(hipotese.pk)
    assert registro.depois["base_legal"] == "Art. 1º da Lei Complementar nº 105/2001"


def test_invalid_hipotese_shows_ptbr_errors_and_saves_nothing(client_admin):
    resposta = client_admin.post(reverse("hipoteses:hipotese_criar"), {
        "nome": "", "base_legal": "x" * 101, "descricao": "", "ativo": "1",
    })
    assert resposta.status_code == 400
    pagina = resposta.content.decode()
    assert "Este campo é obrigatório." in pagina
    assert "no máximo 100 caracteres" in pagina
    assert "Corrija os campos indicados." in pagina
    assert HipoteseLegal.objects.count() == 23
    assert not _auditoria("hipotese_legal.criacao").exists()


def test_duplicate_name_is_refused_case_insensitively(client_admin):
    resposta = client_admin.post(reverse("hipoteses:hipotese_criar"), {
        "nome": "informação pessoal", "base_legal": "Art. 31", "descricao": "Repetida", "ativo": "1",
    })
    assert resposta.status_code == 400
    assert "Já existe uma hipótese legal com este nome." in resposta.content.decode()
    assert HipoteseLegal.objects.count() == 23


def test_edit_changes_texts_but_never_the_identificacao(client_admin):
    hipotese = HipoteseLegal.objects.get(identificacao=17)
    resposta = client_admin.post(reverse("hipoteses:hipotese_editar", args=[hipotese.pk]), {
        "nome": "Informação Pessoal", "base_legal": "Art. 31 da Lei nº 12.527/2011",
        "descricao": "Intimidade, vida privada, honra e imagem.", "ativo": "1", "identificacao": "99",
    })
    assert resposta.status_code == 302
    hipotese.refresh_from_db()
    assert hipotese.identificacao == 17
    assert hipotese.descricao == "Intimidade, vida privada, honra e imagem."
    registro = _auditoria("hipotese_legal.edicao").get()
    assert registro.antes == {"descricao": ""}
    assert registro.depois == {"descricao": "Intimidade, vida privada, honra e imagem."}


def test_edit_form_is_prefilled(client_admin):
    hipotese = HipoteseLegal.objects.get(identificacao=18)
    pagina = client_admin.get(reverse("hipoteses:hipotese_editar", args=[hipotese.pk])).content.decode()
    assert 'value="Documento Preparatório"' in pagina
    assert "ID: <strong>18</strong>" in pagina


def test_ids_of_deleted_hipoteses_are_not_reused(admin):
    primeira = services.criar(HipoteseLegal, {"nome": "A", "base_legal": "B", "descricao": "C", "ativo": True})
    services.excluir(primeira)
    segunda = services.criar(HipoteseLegal, {"nome": "A", "base_legal": "B", "descricao": "C", "ativo": True})
    assert (primeira.identificacao, segunda.identificacao) == (24, 25)


def test_admin_creates_an_especie_with_the_given_code(client_admin):
    resposta = client_admin.post(reverse("hipoteses:especie_criar"), {"codigo": "187", "nome": "Certidão Digital"})
    assert resposta.status_code == 302
    assert EspecieDocumental.objects.get(codigo=187).nome == "Certidão Digital"
    assert _auditoria("especie_documental.criacao").count() == 1


def test_especie_code_must_be_unique_and_cannot_change(client_admin):
    resposta = client_admin.post(reverse("hipoteses:especie_criar"), {"codigo": "42", "nome": "Outro Despacho"})
    assert resposta.status_code == 400
    assert "já existe" in resposta.content.decode().lower()
    despacho = EspecieDocumental.objects.get(codigo=42)
    client_admin.post(reverse("hipoteses:especie_editar", args=[despacho.pk]),
                      {"codigo": "4242", "nome": "Despacho", "observacao": "Espécie própria."})
    despacho.refresh_from_db()
    assert despacho.codigo == 42 and despacho.observacao == "Espécie própria."


def test_admin_creates_a_sistema_de_governo_with_the_next_code(client_admin):
    resposta = client_admin.post(reverse("hipoteses:sistema_criar"),
                                 {"nome": "PROTOCOLO-X", "sigla": "PX", "descricao": "Sistema de teste"})
    assert resposta.status_code == 302
    assert SistemaDeGoverno.objects.get(nome="PROTOCOLO-X").codigo == 11
    assert _auditoria("sistema_de_governo.criacao").count() == 1


def test_sistema_de_governo_name_over_50_characters_is_refused(client_admin):
    resposta = client_admin.post(reverse("hipoteses:sistema_criar"), {"nome": "S" * 51, "sigla": "", "descricao": ""})
    assert resposta.status_code == 400
    assert "no máximo 50 caracteres" in resposta.content.decode()
    assert SistemaDeGoverno.objects.count() == 10


def test_admin_creates_and_edits_a_gestor_tecnologico(client_admin):
    client_admin.post(reverse("hipoteses:gestor_criar"), {"nome": "Serpro", "descricao": "Empresa pública"})
    serpro = GestorTecnologico.objects.get(nome="Serpro")
    assert serpro.interno is False
    client_admin.post(reverse("hipoteses:gestor_editar", args=[serpro.pk]),
                      {"nome": "Serpro", "descricao": "Serviço Federal de Processamento de Dados"})
    serpro.refresh_from_db()
    assert serpro.descricao == "Serviço Federal de Processamento de Dados"
    assert _auditoria("gestor_tecnologico.edicao").count() == 1


def test_gestor_tecnologico_requires_a_description(client_admin):
    resposta = client_admin.post(reverse("hipoteses:gestor_criar"), {"nome": "Celepar", "descricao": ""})
    assert resposta.status_code == 400
    assert "Este campo é obrigatório." in resposta.content.decode()
    assert not GestorTecnologico.objects.filter(nome="Celepar").exists()


# ------------------------------------------------------------------------- inactivate / reactivate / delete


def test_inactivate_and_reactivate_through_confirmation_pages(client_admin):
    hipotese = HipoteseLegal.objects.get(identificacao=1)
    url = reverse("hipoteses:hipotese_inativar", args=[hipotese.pk])
    assert "Confirma?" in client_admin.get(url).content.decode()
    assert client_admin.post(url).status_code == 302
    hipotese.refresh_from_db()
    assert not hipotese.ativo
    client_admin.post(reverse("hipoteses:hipotese_reativar", args=[hipotese.pk]))
    hipotese.refresh_from_db()
    assert hipotese.ativo
    assert _auditoria("hipotese_legal.inativacao").get().depois == {"ativo": False}
    assert _auditoria("hipotese_legal.reativacao").get().depois == {"ativo": True}


def test_inactivating_twice_is_refused_with_a_message(client_admin):
    hipotese = HipoteseLegal.objects.get(identificacao=1)
    services.inativar(hipotese)
    resposta = client_admin.post(reverse("hipoteses:hipotese_inativar", args=[hipotese.pk]), follow=True)
    assert "A hipótese legal já está inativa." in resposta.content.decode()
    assert _auditoria("hipotese_legal.inativacao").count() == 1


def test_unused_entry_is_deleted_and_audited(client_admin):
    especie = EspecieDocumentalFactory(nome="Espécie avulsa")
    resposta = client_admin.post(reverse("hipoteses:especie_excluir", args=[especie.pk]), follow=True)
    assert "excluída" in resposta.content.decode()
    assert not EspecieDocumental.objects.filter(pk=especie.pk).exists()
    registro = _auditoria("especie_documental.exclusao").get()
    assert registro.alvo_id == str(especie.pk) and registro.antes["nome"] == "Espécie avulsa"


def test_hipotese_in_use_by_a_suggestion_cannot_be_deleted_only_inactivated(client_admin):
    hipotese = HipoteseLegalFactory()
    SugestaoFactory(status=SugestaoDeHipotese.Status.ACEITA, hipotese_criada=hipotese)
    url = reverse("hipoteses:hipotese_excluir", args=[hipotese.pk])
    pagina = client_admin.get(url).content.decode()
    assert "está em uso" in pagina and "Inative-a" in pagina
    assert reverse("hipoteses:hipotese_inativar", args=[hipotese.pk]) in pagina
    resposta = client_admin.post(url, follow=True)
    assert "não pode ser excluída. Inative-a em vez de excluir." in resposta.content.decode()
    assert HipoteseLegal.objects.filter(pk=hipotese.pk).exists()
    assert not _auditoria("hipotese_legal.exclusao").exists()


def test_sistema_de_governo_used_by_a_comite_cannot_be_deleted(client_admin):
    comite = ComiteFactory()
    sistema = comite.sistema_de_governo
    resposta = client_admin.post(reverse("hipoteses:sistema_excluir", args=[sistema.pk]), follow=True)
    assert "O sistema de governo “SEI” está em uso" in resposta.content.decode()
    assert "Inative-o em vez de excluir." in resposta.content.decode()
    assert SistemaDeGoverno.objects.filter(pk=sistema.pk).exists()
    services.inativar(sistema)
    sistema.refresh_from_db()
    assert not sistema.ativo


def test_gestor_tecnologico_used_by_a_profile_cannot_be_deleted(db):
    dataprev = GestorTecnologico.objects.get(nome="Dataprev")
    assert not services.em_uso(dataprev)
    PerfilAtribuidoFactory(perfil=PerfilAtribuido.Perfil.ADMIN_EXTERNO, gestor_tecnologico=dataprev)
    assert services.referencias(dataprev) == ["perfis atribuídos"]
    with pytest.raises(ValidationError, match="Inative-o"):
        services.excluir(dataprev)
    assert GestorTecnologico.objects.filter(pk=dataprev.pk).exists()


def test_unused_gestor_tecnologico_is_deleted(db):
    prodemge = GestorTecnologico.objects.get(nome="Prodemge")
    services.excluir(prodemge)
    assert not GestorTecnologico.objects.filter(nome="Prodemge").exists()


# ----------------------------------------------------------------------------------------- public pages


@pytest.mark.parametrize(("rota", "texto"), [
    ("hipotese", "Art. 7º, § 3º, da Lei nº 12.527/2011"),
    ("especie", "Despacho"),
    ("sistema", "SIGADAer"),
    ("gestor", "Dataprev"),
])
def test_public_pages_open_without_login_and_show_no_admin_actions(client, rota, texto):
    resposta = client.get(reverse(f"hipoteses:{rota}_publico"), {"por_pagina": "100"})
    assert resposta.status_code == 200
    pagina = resposta.content.decode()
    assert texto in pagina
    for acao in ("Editar", "Inativar", "Reativar", "Excluir", "Cadastrar"):
        assert acao not in pagina
    assert "/editar/" not in pagina and "/gerenciar/" not in pagina


def test_public_pages_show_no_admin_actions_even_to_an_admin(client_admin):
    pagina = client_admin.get(reverse("hipoteses:hipotese_publico")).content.decode()
    assert "/editar/" not in pagina and "/inativar/" not in pagina


def test_public_links_are_listed_on_the_home_page(client):
    pagina = client.get(reverse("portal:home")).content.decode()
    for rota in ROTAS:
        assert reverse(f"hipoteses:{rota}_publico") in pagina


def test_public_page_filters_by_status(client):
    services.inativar(HipoteseLegal.objects.get(identificacao=2))
    resposta = client.get(reverse("hipoteses:hipotese_publico"), {"status": "inativo"})
    assert [linha.record.identificacao for linha in resposta.context["table"].rows] == [2]


def test_list_shows_the_total_of_filtered_records(client):
    pagina = client.get(reverse("hipoteses:especie_publico")).content.decode()
    assert "187 registro(s)" in pagina
    pagina = client.get(reverse("hipoteses:especie_publico"), {"nome": "despacho"}).content.decode()
    assert "1 registro(s)" in pagina
