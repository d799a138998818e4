"""Accounts: login by e-mail, failures and their rate limit, password reset, closed sign-up, e-mail change."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from portal.models import Parametro, Pessoa, RegistroDeAuditoria
from portal.services import parametros
from tests.conftest import entrar
from tests.factories.portal import SENHA_PADRAO, PessoaFactory

pytestmark = pytest.mark.django_db

NOVA_SENHA = "Outra-senha-forte-2026"


def _entrar(client, login, senha=SENHA_PADRAO):
    return client.post(reverse("account_login"), {"login": login, "password": senha})


def _limite_por_chave(acao: str) -> int:
    """The per-key (per e-mail) budget of ``acao`` in ACCOUNT_RATE_LIMITS, e.g. 5 for "5/5m/key"."""
    for regra in settings.ACCOUNT_RATE_LIMITS[acao].split(","):
        quantidade, _periodo, *chave = regra.strip().split("/")
        if chave == ["key"]:
            return int(quantidade)
    raise AssertionError(f"{acao} has no per-key limit")


def _link(corpo: str, caminho: str) -> str:
    """The path of the first link in ``corpo`` under ``caminho`` (e-mails carry absolute URLs)."""
    encontrado = re.search(r"https?://\S+", corpo)
    assert encontrado, corpo
    caminho_do_link = urlsplit(encontrado.group(0)).path
    assert caminho_do_link.startswith(caminho), corpo
    return caminho_do_link


# --- login ---------------------------------------------------------------------------------------


def test_login_by_email_works_and_is_audited(client, gestor):
    resposta = _entrar(client, gestor.email.upper())

    assert resposta.status_code == 302
    assert resposta.url == reverse("portal:principal")
    assert client.get(reverse("portal:principal")).status_code == 200
    registro = RegistroDeAuditoria.objects.get(acao="conta.login")
    assert registro.usuario == gestor


def test_login_page_reads_in_portuguese_and_offers_no_sign_up(client):
    html = client.get(reverse("account_login")).content.decode()

    assert "Entrar" in html
    assert "Esqueceu sua senha?" in html
    assert "cadastre-se" not in html.lower()
    assert reverse("account_signup") not in html
    assert "Lembrar" not in html  # sessions end with the browser: no "remember me"


def test_wrong_password_is_refused_and_audited_without_user(client, gestor):
    resposta = _entrar(client, gestor.email, "senha-errada")

    assert resposta.status_code == 200
    assert "e-mail e/ou senha" in resposta.content.decode()
    registro = RegistroDeAuditoria.objects.get(acao="conta.login_falhou")
    assert registro.usuario is None
    assert gestor.email in registro.detalhes
    assert not RegistroDeAuditoria.objects.filter(acao="conta.login").exists()


def test_login_is_rate_limited_after_the_configured_failures(client, gestor):
    limite = _limite_por_chave("login_failed")
    for _ in range(limite):
        assert _entrar(client, gestor.email, "senha-errada").status_code == 200
    assert RegistroDeAuditoria.objects.filter(acao="conta.login_falhou").count() == limite

    # Even the right password is refused now, with allauth's message.
    resposta = _entrar(client, gestor.email, SENHA_PADRAO)

    assert resposta.status_code == 200
    assert "Muitas tentativas de login falharam" in resposta.content.decode()
    assert client.get(reverse("portal:principal")).status_code == 302
    assert not RegistroDeAuditoria.objects.filter(acao="conta.login").exists()


def test_rate_limit_of_one_email_does_not_lock_out_another(client, gestor, pessoa):
    for _ in range(_limite_por_chave("login_failed")):
        _entrar(client, gestor.email, "senha-errada")

    assert _entrar(client, pessoa.email).status_code == 302


def test_logout_is_audited(client, gestor):
    entrar(client, gestor)

    resposta = client.post(reverse("account_logout"))

    assert resposta.status_code == 302
    assert RegistroDeAuditoria.objects.filter(acao="conta.logout", usuario=gestor).count() == 1
    assert client.get(reverse("portal:principal")).status_code == 302


def test_logout_confirmation_page_is_in_portuguese(client, gestor):
    entrar(client, gestor)

    html = client.get(reverse("account_logout")).content.decode()

    assert "Deseja encerrar sua sessão" in html
    assert "Sign Out" not in html


# --- password reset ------------------------------------------------------------------------------


def test_password_reset_email_uses_the_parametros_template_and_its_link_works(
    client, gestor, django_capture_on_commit_callbacks
):
    assunto = Parametro.objects.get(chave="email_redefinir_senha_assunto")
    with django_capture_on_commit_callbacks(execute=True):
        parametros.alterar(assunto, "Nova senha para {{ nome }}")

    resposta = client.post(reverse("account_reset_password"), {"email": gestor.email})

    assert resposta.status_code == 302
    assert resposta.url == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    mensagem = mail.outbox[0]
    assert mensagem.to == [gestor.email]
    assert mensagem.subject == f"Nova senha para {gestor.nome}"
    assert gestor.nome in mensagem.body

    formulario = client.get(_link(mensagem.body, "/contas/password/reset/key/"), follow=True)
    assert formulario.status_code == 200
    assert "Definir nova senha" in formulario.content.decode()
    envio = client.post(formulario.redirect_chain[-1][0], {"password1": NOVA_SENHA, "password2": NOVA_SENHA})
    assert envio.status_code == 302
    assert envio.url == reverse("account_reset_password_from_key_done")

    gestor.refresh_from_db()
    assert gestor.check_password(NOVA_SENHA)
    assert RegistroDeAuditoria.objects.filter(acao="conta.senha_redefinida", usuario=gestor).exists()
    assert _entrar(client, gestor.email, NOVA_SENHA).status_code == 302


def test_password_reset_link_works_only_once(client, gestor):
    client.post(reverse("account_reset_password"), {"email": gestor.email})
    formulario = client.get(_link(mail.outbox[0].body, "/contas/password/reset/key/"), follow=True)
    url_formulario = formulario.redirect_chain[-1][0]
    client.post(url_formulario, {"password1": NOVA_SENHA, "password2": NOVA_SENHA})

    de_novo = client.get(_link(mail.outbox[0].body, "/contas/password/reset/key/"), follow=True)

    assert "Link inválido ou expirado" in de_novo.content.decode()


def test_password_reset_for_an_unknown_email_sends_nothing(client):
    resposta = client.post(reverse("account_reset_password"), {"email": "ninguem@orgao.gov.br"})

    assert resposta.status_code == 302
    assert resposta.url == reverse("account_reset_password_done")  # same answer: no account enumeration
    assert mail.outbox == []


def test_weak_new_password_is_refused_in_portuguese(client, gestor):
    client.post(reverse("account_reset_password"), {"email": gestor.email})
    formulario = client.get(_link(mail.outbox[0].body, "/contas/password/reset/key/"), follow=True)

    resposta = client.post(formulario.redirect_chain[-1][0], {"password1": "curta", "password2": "curta"})

    assert resposta.status_code == 200
    assert "Esta senha é muito curta" in resposta.content.decode()
    gestor.refresh_from_db()
    assert gestor.check_password(SENHA_PADRAO)


# --- sign-up -------------------------------------------------------------------------------------


def test_sign_up_is_closed_and_creates_no_account(client):
    antes = Pessoa.objects.count()

    pagina = client.get(reverse("account_signup"))
    envio = client.post(
        reverse("account_signup"),
        {"email": "intruso@exemplo.com", "password1": NOVA_SENHA, "password2": NOVA_SENHA},
    )

    assert pagina.status_code == 200
    assert "Cadastro fechado" in pagina.content.decode()
    assert "Cadastro fechado" in envio.content.decode()
    assert Pessoa.objects.count() == antes
    assert not Pessoa.objects.filter(email="intruso@exemplo.com").exists()


# --- e-mail change -------------------------------------------------------------------------------


def test_email_change_keeps_the_old_login_until_the_new_address_is_confirmed(client, gestor):
    antigo = gestor.email
    entrar(client, gestor)

    resposta = client.post(reverse("account_email"), {"email": "Novo.Endereco@orgao.gov.br", "action_add": ""})

    assert resposta.status_code == 302
    gestor.refresh_from_db()
    assert gestor.email == antigo
    [confirmacao] = mail.outbox
    assert confirmacao.to == ["novo.endereco@orgao.gov.br"]
    assert confirmacao.subject == "Confirme seu endereço de e-mail"
    pagina = client.get(reverse("account_email")).content.decode()
    assert "Aguardando confirmação" in pagina and "novo.endereco@orgao.gov.br" in pagina
    # The old address still signs in while the change is pending.
    client.post(reverse("account_logout"))
    assert _entrar(client, antigo).status_code == 302

    link = _link(confirmacao.body, "/contas/confirm-email/")
    assert "novo.endereco@orgao.gov.br" in client.get(link).content.decode()
    client.post(link)

    gestor.refresh_from_db()
    assert gestor.email == "novo.endereco@orgao.gov.br"
    registro = RegistroDeAuditoria.objects.get(acao="conta.email_alterado")
    assert registro.usuario == gestor
    assert registro.antes == {"email": antigo}
    assert registro.depois == {"email": "novo.endereco@orgao.gov.br"}
    assert any(m.to == [antigo] and "e-mail da sua conta foi alterado" in m.body for m in mail.outbox)
    client.post(reverse("account_logout"))
    assert _entrar(client, "novo.endereco@orgao.gov.br").status_code == 302
    client.post(reverse("account_logout"))
    assert _entrar(client, antigo).status_code == 200


def test_pending_email_change_can_be_cancelled(client, gestor):
    entrar(client, gestor)
    client.post(reverse("account_email"), {"email": "outro@orgao.gov.br", "action_add": ""})

    client.post(reverse("account_email"), {"email": "outro@orgao.gov.br", "action_remove": ""})

    assert not EmailAddress.objects.filter(email="outro@orgao.gov.br").exists()
    gestor.refresh_from_db()
    assert EmailAddress.objects.get(user=gestor, email=gestor.email).verified


def test_email_of_another_account_is_refused(client, gestor):
    outra = PessoaFactory()
    entrar(client, gestor)

    resposta = client.post(reverse("account_email"), {"email": outra.email, "action_add": ""})

    assert resposta.status_code == 200
    assert "já pertence a outra conta" in resposta.content.decode()
    assert mail.outbox == []


def test_current_email_is_refused_as_the_new_one(client, gestor):
    entrar(client, gestor)

    resposta = client.post(reverse("account_email"), {"email": gestor.email, "action_add": ""})

    assert resposta.status_code == 200
    assert "Este já é o e-mail da sua conta" in resposta.content.decode()
    assert mail.outbox == []


def test_account_pages_render_in_portuguese(client, admin):
    entrar(client, admin)
    for nome in ("account_change_password", "account_email", "mfa_index"):
        html = client.get(reverse(nome)).content.decode()
        assert 'lang="pt-BR"' in html
        for ingles in ("Change Password", "Email Addresses", "Two-Factor Authentication", "Sign Out"):
            assert ingles not in html, f"{nome}: {ingles}"


def test_password_reset_requests_for_one_email_are_rate_limited(client, gestor):
    limite = _limite_por_chave("reset_password")
    for _ in range(limite):
        assert client.post(reverse("account_reset_password"), {"email": gestor.email}).status_code == 302

    resposta = client.post(reverse("account_reset_password"), {"email": gestor.email})

    assert resposta.status_code == 429
    assert "Muitas tentativas em pouco tempo" in resposta.content.decode()
    assert len(mail.outbox) == limite


def test_inactive_account_cannot_sign_in(client):
    inativa = PessoaFactory(is_active=False)

    resposta = _entrar(client, inativa.email)

    assert client.get(reverse("portal:principal")).status_code == 302
    assert resposta.url == reverse("account_inactive")
    assert "Esta conta está inativa" in client.get(resposta.url).content.decode()
    assert not RegistroDeAuditoria.objects.filter(acao="conta.login").exists()


def test_every_change_to_the_allauth_email_records_on_meus_dados_is_audited(client, gestor):
    entrar(client, gestor)

    client.post(reverse("account_email"), {"email": "pendente@orgao.gov.br", "action_add": ""})
    adicionado = RegistroDeAuditoria.objects.get(acao="conta.email_adicionado")
    assert adicionado.usuario == gestor and adicionado.depois == {"email": "pendente@orgao.gov.br"}

    client.post(reverse("account_email"), {"email": "pendente@orgao.gov.br", "action_remove": ""})
    removido = RegistroDeAuditoria.objects.get(acao="conta.email_removido")
    assert removido.usuario == gestor and removido.antes == {"email": "pendente@orgao.gov.br"}
    assert not EmailAddress.objects.filter(email="pendente@orgao.gov.br").exists()

    mail.outbox.clear()
    client.post(reverse("account_email"), {"email": "confirmado@orgao.gov.br", "action_add": ""})
    [confirmacao] = mail.outbox
    client.post(_link(confirmacao.body, "/contas/confirm-email/"))
    confirmado = RegistroDeAuditoria.objects.get(acao="conta.email_confirmado")
    assert confirmado.usuario == gestor and confirmado.depois == {"email": "confirmado@orgao.gov.br"}
