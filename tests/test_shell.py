"""Cross-app checks of the shell: demo data, menus, error pages, request ids."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from estrutura.models import RepositorioDeEstruturas, Unidade
from portal import navigation
from portal.models import PerfilAtribuido, Pessoa, RegistroDeAuditoria
from tests.conftest import entrar

pytestmark = pytest.mark.django_db


def test_demo_loader_is_idempotent_and_prints_both_logins(capsys):
    call_command("carregar_demo")
    call_command("carregar_demo")
    saida = capsys.readouterr().out
    assert "admin@demo.tramita.gov.br" in saida
    assert "gestor@demo.tramita.gov.br" in saida
    assert Pessoa.objects.filter(email="admin@demo.tramita.gov.br").count() == 1
    admin = Pessoa.objects.get(email="admin@demo.tramita.gov.br")
    assert admin.check_password("Demo-Tramita-2026")
    assert PerfilAtribuido.objects.filter(pessoa=admin, perfil="administrador").count() == 1


def test_every_menu_entry_opens_for_the_administrator(client, admin):
    entrar(client, admin)
    itens = navigation.todos_os_itens()
    assert itens, "the menu is empty"
    for item in itens:
        resposta = client.get(reverse(item.url_name))
        assert resposta.status_code == 200, f"{item.rotulo} ({item.url_name}) answered {resposta.status_code}"


def test_gestor_menu_hides_staff_entries(client, gestor):
    entrar(client, gestor)
    html = client.get(reverse("portal:principal")).content.decode()
    for item in navigation.todos_os_itens():
        if item.acao is not None and item.acao.value in {"parametros.gerenciar", "acesso.avaliar", "perfis.ver"}:
            assert f'href="{reverse(item.url_name)}"' not in html, item.rotulo


def test_every_public_link_opens_without_login(client):
    for link in navigation.links_publicos():
        resposta = client.get(link["url"])
        assert resposta.status_code == 200, f"{link['rotulo']} answered {resposta.status_code}"


def test_unknown_url_gets_the_styled_404_in_portuguese(client):
    resposta = client.get("/nao-existe/")
    assert resposta.status_code == 404
    html = resposta.content.decode()
    assert "Página não encontrada" in html
    assert 'lang="pt-BR"' in html


def test_request_id_is_echoed_and_reaches_the_audit_trail(client, gestor):
    client.force_login(gestor)
    client.post(reverse("account_logout"), HTTP_X_REQUEST_ID="abc123def456")
    registro = RegistroDeAuditoria.objects.filter(acao="conta.logout").latest("id")
    assert registro.request_id == "abc123def456"
    assert registro.usuario == gestor
    assert registro.ip == "127.0.0.1"
    resposta = client.get("/", HTTP_X_REQUEST_ID="xyz789")
    assert resposta["X-Request-ID"] == "xyz789"


def test_malicious_request_id_is_replaced(client):
    resposta = client.get("/", HTTP_X_REQUEST_ID="<script>")
    assert resposta["X-Request-ID"] != "<script>"
    assert resposta["X-Request-ID"].isalnum()


def test_failed_login_is_audited_with_the_email_tried(client, gestor):
    client.post(reverse("account_login"), {"login": gestor.email, "password": "errada"})
    registro = RegistroDeAuditoria.objects.get(acao="conta.login_falhou")
    assert gestor.email in registro.detalhes
    assert registro.usuario is None


def test_django_admin_is_a_read_only_window_for_superusers(client):
    from django.contrib import admin

    from tests.conftest import ativar_mfa
    from tests.factories.portal import PessoaFactory

    raiz = ativar_mfa(PessoaFactory(is_staff=True, is_superuser=True))
    entrar(client, raiz)
    nossos = {"portal", "hipoteses", "estrutura", "comites", "tramites"}
    modelos = [m for m in admin.site._registry if m._meta.app_label in nossos]
    assert len(modelos) >= 10
    for model in modelos:
        rotulo = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"{rotulo}_changelist")).status_code == 200, rotulo
        assert client.get(reverse(f"{rotulo}_add")).status_code == 403, rotulo


def test_superuser_without_second_factor_is_sent_to_enrol(client):
    from tests.factories.portal import PessoaFactory

    entrar(client, PessoaFactory(is_staff=True, is_superuser=True))
    resposta = client.get("/django-admin/")
    assert resposta.status_code == 302
    assert resposta["Location"] == reverse("mfa_activate_totp")


def test_login_record_names_the_profile_used(client, gestor):
    from tests.factories.portal import SENHA_PADRAO

    client.post(reverse("account_login"), {"login": gestor.email, "password": SENHA_PADRAO})
    registro = RegistroDeAuditoria.objects.filter(acao="conta.login").latest("id")
    assert registro.usuario == gestor
    assert registro.perfil == "Gestor de Protocolo"


def test_demo_gestor_can_edit_and_import_the_hierarchy_of_its_non_siorg_orgao_after_two_loads(client):
    call_command("carregar_demo")
    call_command("carregar_demo")
    gestor = Pessoa.objects.get(email="gestor@demo.tramita.gov.br")
    (orgao,) = Unidade.objects.filter(comites__gestores__pessoa=gestor, repositorio__is_siorg=False)
    assert orgao.repositorio.nome == "Estado – Minas Gerais" and orgao.sigla == "GOVMG"
    assert Unidade.objects.subarvore(orgao, incluir_raiz=False).count() >= 3

    entrar(client, gestor)
    html = client.get(reverse("estrutura:hierarquia", args=[orgao.pk])).content.decode()
    assert "somente leitura" not in html and 'value="adicionar_filha"' in html
    csv = client.get(reverse("estrutura:importar_csv", args=[orgao.pk, orgao.pk]))
    assert csv.status_code == 200
    assert RepositorioDeEstruturas.objects.filter(is_siorg=True).count() == 1
