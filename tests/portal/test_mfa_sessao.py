"""The second factor belongs to the session: enrolled staff reach the portal only after this session passed it.

Regression tests for issue 7 §3.1 (a superuser signed in at /django-admin/login/ with the password alone and
that session opened the whole portal; that login page had no rate limit).
"""

import pytest
from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

from portal.models import RegistroDeAuditoria
from tests.conftest import ativar_mfa, entrar
from tests.factories.portal import SENHA_PADRAO, PessoaFactory

pytestmark = pytest.mark.django_db

PAGINAS_DA_EQUIPE = ["/perfis/", "/parametros/", "/django-admin/", "/principal/"]


def _codigo_atual(pessoa) -> str:
    autenticador = Authenticator.objects.get(user=pessoa, type=Authenticator.Type.TOTP)
    segredo = get_mfa_adapter().decrypt(autenticador.data["secret"])
    contadores = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(segredo, contadores[len(contadores) // 2]))


@pytest.fixture
def superusuario(db):
    return ativar_mfa(PessoaFactory(is_staff=True, is_superuser=True))


def _sessao_autenticada(client) -> bool:
    return "_auth_user_id" in client.session


def test_django_admin_login_page_sends_to_the_portal_login_keeping_next(client):
    resposta = client.get("/django-admin/login/?next=/django-admin/portal/pessoa/")

    assert resposta.status_code == 302
    assert resposta.url == reverse("account_login") + "?next=/django-admin/portal/pessoa/"


def test_anonymous_visit_to_django_admin_ends_at_the_portal_login(client):
    resposta = client.get("/django-admin/", follow=True)

    assert resposta.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "next=/django-admin/" in resposta.redirect_chain[-1][0]


def test_password_alone_posted_to_the_django_admin_login_opens_nothing(client, superusuario, admin):
    resposta = client.post("/django-admin/login/", {"username": superusuario.email, "password": SENHA_PADRAO})

    assert resposta.status_code == 302
    assert not _sessao_autenticada(client)
    for caminho in PAGINAS_DA_EQUIPE:
        assert client.get(caminho).status_code == 302, caminho
    assert not RegistroDeAuditoria.objects.filter(acao="conta.login").exists()


def test_django_admin_login_cannot_be_used_to_guess_passwords(client, superusuario):
    for _ in range(12):
        client.post("/django-admin/login/", {"username": superusuario.email, "password": "senha-errada"})

    client.post("/django-admin/login/", {"username": superusuario.email, "password": SENHA_PADRAO})

    assert not _sessao_autenticada(client)
    assert not RegistroDeAuditoria.objects.filter(acao="conta.login").exists()


def test_superuser_reaches_django_admin_after_password_and_totp_on_the_portal_login(client, superusuario):
    primeiro = client.post(reverse("account_login") + "?next=/django-admin/",
                           {"login": superusuario.email, "password": SENHA_PADRAO})
    assert primeiro.url == reverse("mfa_authenticate")
    assert client.get("/django-admin/").status_code == 302

    segundo = client.post(reverse("mfa_authenticate"), {"code": _codigo_atual(superusuario)})

    assert segundo.status_code == 302
    assert segundo.url == "/django-admin/"
    assert client.get("/django-admin/").status_code == 200


@pytest.mark.parametrize("caminho", PAGINAS_DA_EQUIPE)
def test_enrolled_staff_session_without_the_second_factor_is_sent_to_confirm_it(client, admin, caminho):
    entrar(client, admin, mfa_verificado=False)

    resposta = client.get(caminho)

    assert resposta.status_code == 302
    assert resposta.url == f"{reverse('mfa_reauthenticate')}?next={caminho}"


def test_enrolled_superuser_session_without_the_second_factor_cannot_open_the_django_admin(client, superusuario):
    entrar(client, superusuario, mfa_verificado=False)

    assert client.get("/django-admin/portal/pessoa/").url.startswith(reverse("mfa_reauthenticate"))


def test_document_download_needs_the_second_factor_of_this_session(client, admin):
    from tests.factories.comites import SolicitacaoFactory

    solicitacao = SolicitacaoFactory()
    url = reverse("comites:solicitacao_documento", args=[solicitacao.pk, "comprobatorio"])
    entrar(client, admin, mfa_verificado=False)

    resposta = client.get(url)

    assert resposta.status_code == 302
    assert resposta.url.startswith(reverse("mfa_reauthenticate"))


def test_session_without_the_second_factor_cannot_turn_totp_off_or_change_the_account(client, admin):
    entrar(client, admin, mfa_verificado=False)
    client.post(reverse("account_reauthenticate"), {"password": SENHA_PADRAO})

    for nome in ("mfa_deactivate_totp", "mfa_index", "mfa_generate_recovery_codes", "account_change_password",
                 "account_email"):
        resposta = client.get(reverse(nome))
        assert resposta.status_code == 302, nome
        assert resposta.url.startswith(reverse("mfa_reauthenticate")), nome
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()


def test_confirming_the_totp_code_lets_the_session_in(client, admin):
    entrar(client, admin, mfa_verificado=False)
    assert client.get(reverse("mfa_reauthenticate")).status_code == 200

    resposta = client.post(f"{reverse('mfa_reauthenticate')}?next=/perfis/", {"code": _codigo_atual(admin)})

    assert resposta.status_code == 302
    assert resposta.url == "/perfis/"
    assert client.get("/perfis/").status_code == 200


def test_a_wrong_code_on_the_confirmation_keeps_the_session_out(client, admin):
    entrar(client, admin, mfa_verificado=False)

    resposta = client.post(reverse("mfa_reauthenticate"), {"code": "000000"})

    assert resposta.status_code == 200
    assert client.get("/perfis/").status_code == 302


def test_session_without_the_second_factor_can_still_log_out(client, admin):
    entrar(client, admin, mfa_verificado=False)

    resposta = client.post(reverse("account_logout"))

    assert resposta.status_code == 302
    assert not _sessao_autenticada(client)


def test_entrar_marks_the_session_as_allauth_does_after_the_totp_step(client, admin):
    entrar(client, admin)

    registros = get_authentication_records(client.get("/principal/").wsgi_request, admin)

    assert [r["method"] for r in registros] == ["mfa"]
    assert registros[0]["type"] == Authenticator.Type.TOTP


def test_gestor_without_a_staff_profile_needs_no_second_factor(client, gestor):
    entrar(client, gestor, mfa_verificado=False)

    assert client.get("/principal/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_enrolling_totp_counts_as_passing_the_second_factor_in_that_session(client):
    from portal.models import PerfilAtribuido
    from tests.factories.portal import PerfilAtribuidoFactory

    pessoa = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=pessoa, perfil=PerfilAtribuido.Perfil.SUPERVISOR)
    client.post(reverse("account_login"), {"login": pessoa.email, "password": SENHA_PADRAO})
    formulario = client.get(reverse("mfa_activate_totp"))
    segredo = formulario.context["form"].secret
    contadores = list(yield_hotp_counters_from_time())
    codigo = format_hotp_value(hotp_value(segredo, contadores[len(contadores) // 2]))

    assert client.post(reverse("mfa_activate_totp"), {"code": codigo}).status_code == 302

    assert client.get("/principal/").status_code == 200
