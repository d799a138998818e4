"""The shell works in a real browser: home, login, logout, 404 page."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_shows_portal_title_in_portuguese(pagina, url):
    pagina.goto(url("/"))
    assert "Portal de Administração do Tramita.GOV.BR" in pagina.content()
    assert pagina.locator("html").get_attribute("lang") == "pt-BR"


def test_gestor_logs_in_and_out_with_email_and_password(pagina, url, login, gestor):
    login(gestor)
    pagina.wait_for_url(url("/principal/"))
    assert f"Olá, {gestor.get_short_name()}!" in pagina.content()
    pagina.click("#minha-conta summary")  # "Minha conta" menu
    pagina.click("#minha-conta >> text=Sair")
    pagina.wait_for_load_state()
    assert "Entrar" in pagina.content()


def test_unknown_url_shows_styled_404(pagina, url):
    resposta = pagina.goto(url("/nao-existe/"))
    assert resposta.status == 404
    assert "Página não encontrada" in pagina.content()
