"""The shell every page shares: gov.br DS header/menu/footer, logo, local font, favicon, "Minha conta",
the footer's service-status page, the styled 404 in development, the catalogue index, and what the
home page and the e-mails promise."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from portal.parametros_padrao import DEFINICOES
from portal.views import saude

pytestmark = pytest.mark.django_db


def test_pages_load_ds_classes_without_core_init_and_the_portal_script(client):
    html = client.get("/").content.decode()
    assert "core-init" not in html  # it starts every DS component, stamping id="cardundefined" on cards
    assert "vendor/govbr-ds/core.min.js" in html and "js/portal.js" in html
    assert '<header class="br-header' in html and 'class="br-menu" id="main-navigation"' in html
    assert 'data-target="#main-navigation"' in html  # the DS header looks its menu button up by this target
    assert '<footer class="br-footer' in html


def test_header_shows_the_govbr_logo_image_and_local_font_and_favicon(client):
    html = client.get("/").content.decode()
    assert re.search(r'<img src="[^"]*img/govbr-logo\.svg" alt="gov\.br"', html)
    assert "css/fontes.css" in html and 'rel="icon"' in html
    assert "fonts.googleapis" not in html and "cdngovbr" not in html


def test_menu_opens_without_javascript_through_a_link_to_the_menu(client):
    html = client.get("/").content.decode()
    assert 'href="#main-navigation"' in html
    assert 'id="header-navigation"' in html  # skip link "Ir para o menu" target exists
    assert 'href="#header-navigation"' in html


def test_signed_in_person_has_a_minha_conta_menu_with_data_password_2fa_and_logout(client_gestor):
    html = client_gestor.get(reverse("portal:principal")).content.decode()
    conta = html[html.index('id="minha-conta"'):]
    conta = conta[:conta.index("</details>")]
    assert "Minha conta" in conta
    for destino in (reverse("portal:meus_dados"), reverse("account_change_password"), reverse("mfa_index"),
                    reverse("account_logout")):
        assert f'"{destino}"' in conta


def test_anonymous_visitor_sees_entrar_and_no_account_menu(client):
    html = client.get("/").content.decode()
    assert 'id="minha-conta"' not in html and reverse("account_login") in html


def test_footer_service_status_opens_an_html_page(client):
    html = client.get("/").content.decode()
    assert f'href="{reverse("situacao_servico")}"' in html
    assert f'href="{reverse("saude")}"' not in html
    resposta = client.get(reverse("situacao_servico"))
    assert resposta.status_code == 200 and resposta["Content-Type"].startswith("text/html")
    pagina = resposta.content.decode()
    assert "Situação do serviço" in pagina and "Banco de dados" in pagina and "Funcionando" in pagina


def test_service_status_page_answers_503_and_names_the_failing_component(client, monkeypatch):
    def _cache_fora():
        raise ConnectionError("recusada")

    monkeypatch.setattr(saude, "_cache", _cache_fora)
    resposta = client.get(reverse("situacao_servico"))
    assert resposta.status_code == 503
    assert "Com falha" in resposta.content.decode()
    assert client.get(reverse("saude"))["Content-Type"].startswith("application/json")


@override_settings(DEBUG=True)
def test_missing_page_shows_the_portal_404_in_development(client):
    resposta = client.get("/nao-existe/")
    html = resposta.content.decode()
    assert resposta.status_code == 404
    assert "Página não encontrada" in html and "br-header" in html
    assert "URLconf" not in html


@override_settings(DEBUG=True)
def test_api_404_stays_json_in_development(client):
    resposta = client.get("/interoperabilidade/rest/v3/nao-existe")
    assert resposta.status_code == 404 and resposta["Content-Type"].startswith("application/json")


@override_settings(DEBUG=True, PORTAL_404_TECNICO=True)
def test_technical_404_can_be_brought_back(client):
    assert "URLconf" in client.get("/nao-existe/").content.decode()


def test_catalogos_lists_the_four_public_catalogues(client):
    resposta = client.get("/catalogos/")
    html = resposta.content.decode()
    assert resposta.status_code == 200
    for rota in ("hipotese", "especie", "sistema", "gestor"):
        assert f'href="{reverse(f"hipoteses:{rota}_publico")}"' in html
        assert reverse(f"hipoteses:{rota}_lista") not in html  # management links only for who may manage


def test_catalogos_offers_management_links_to_administrators(client_admin):
    html = client_admin.get("/catalogos/").content.decode()
    assert reverse("hipoteses:hipotese_lista") in html


@pytest.mark.parametrize("promessa", ["Painel", "certificado", "centralizadora"])  # the NUP lookup exists now
def test_home_page_promises_only_what_exists(client, promessa):
    assert promessa.lower() not in client.get("/").content.decode().lower()


@pytest.mark.parametrize("promessa", ["certificado", "centralizadora", "enviam e recebem", "Painel"])
def test_approval_email_promises_only_what_exists(promessa):
    corpo = next(d.padrao for d in DEFINICOES if d.chave.startswith("email_acesso_aprovado") and "corpo" in d.chave)
    assert promessa.lower() not in corpo.lower()


class _Formulario(forms.Form):
    nome = forms.CharField(label="Nome", help_text="Como no documento.")
    email = forms.EmailField(label="E-mail")


def _tag(html, id_):
    return re.search(rf'<[a-z]+[^>]*\bid="{id_}"[^>]*>', html).group(0)


def test_field_error_id_is_the_one_the_input_points_to():
    form = _Formulario({"email": "x"})
    assert not form.is_valid()
    html = render_to_string("includes/form.html", {"form": form})
    for campo in ("nome", "email"):
        descrito_por = re.search(r'aria-describedby="([^"]*)"', _tag(html, f"id_{campo}")).group(1).split()
        assert f"id_{campo}_error" in descrito_por
        assert f'id="id_{campo}_error"' in html


def test_form_errors_have_one_focusable_summary_linking_each_field_and_no_alert_per_field():
    form = _Formulario({"email": "x"})
    form.is_valid()
    html = render_to_string("includes/form.html", {"form": form})
    assert html.count('id="resumo-erros"') == 1
    assert 'tabindex="-1"' in _tag(html, "resumo-erros")
    assert html.index('id="resumo-erros"') < html.index('id="id_nome"')  # at the top
    assert 'href="#id_nome"' in html and 'href="#id_email"' in html
    assert 'role="alert"' not in html
