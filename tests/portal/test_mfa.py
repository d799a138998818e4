"""Two-factor authentication: enforcement for staff profiles, the login's TOTP step, recovery codes, audit."""

import pytest
from allauth.core import context
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.urls import reverse

from portal.models import PerfilAtribuido, RegistroDeAuditoria
from tests.conftest import entrar
from tests.factories.portal import SENHA_PADRAO, GestorTecnologicoFactory, PerfilAtribuidoFactory, PessoaFactory

pytestmark = pytest.mark.django_db

AVISO_MFA = "Seu perfil exige autenticação em dois fatores"


def _codigos_validos(secret: str) -> set[str]:
    return {format_hotp_value(hotp_value(secret, contador)) for contador in yield_hotp_counters_from_time()}


def _codigo_atual(secret: str) -> str:
    contadores = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, contadores[len(contadores) // 2]))


def _codigo_errado(secret: str) -> str:
    validos = _codigos_validos(secret)
    candidatos = (format_hotp_value(n) for n in range(1, 100))
    return next(c for c in candidatos if c not in validos)


def _segredo(pessoa) -> str:
    autenticador = Authenticator.objects.get(user=pessoa, type=Authenticator.Type.TOTP)
    return get_mfa_adapter().decrypt(autenticador.data["secret"])


def _pessoa_com_perfil(perfil, **extra):
    pessoa = PessoaFactory()
    if perfil == PerfilAtribuido.Perfil.ADMIN_EXTERNO:
        extra.setdefault("gestor_tecnologico", GestorTecnologicoFactory())
    PerfilAtribuidoFactory(pessoa=pessoa, perfil=perfil, **extra)
    return pessoa


def _reautenticar(client, senha=SENHA_PADRAO):
    """allauth asks for the password again before sensitive MFA changes."""
    resposta = client.post(reverse("account_reauthenticate"), {"password": senha})
    assert resposta.status_code == 302, resposta.content.decode()[:500]


def _post_com_on_commit(client, capturar, url, dados=None):
    """POSTs and runs the on-commit callbacks as the request would (the test transaction never commits).

    allauth sends its MFA signals on commit, while the request is still its current request.
    """
    with capturar(execute=False) as callbacks:
        resposta = client.post(url, dados or {})
    with context.request_context(resposta.wsgi_request):
        for callback in callbacks:
            callback()
    return resposta


def _entrar_com_senha(client, pessoa, senha=SENHA_PADRAO):
    return client.post(reverse("account_login"), {"login": pessoa.email, "password": senha})


@pytest.mark.parametrize(
    "perfil",
    [PerfilAtribuido.Perfil.ADMINISTRADOR, PerfilAtribuido.Perfil.SUPERVISOR, PerfilAtribuido.Perfil.ADMIN_EXTERNO],
)
@pytest.mark.parametrize("caminho", ["/principal/", "/django-admin/"])
def test_staff_profile_without_totp_is_sent_to_totp_activation(client, perfil, caminho):
    pessoa = _pessoa_com_perfil(perfil)
    entrar(client, pessoa)

    resposta = client.get(caminho)

    assert resposta.status_code == 302
    assert resposta.url == reverse("mfa_activate_totp")
    pagina = client.get(resposta.url, follow=True)
    assert AVISO_MFA in pagina.content.decode()


def test_staff_profile_with_totp_gets_through(client, supervisor):
    entrar(client, supervisor)

    assert client.get("/principal/").status_code == 200


def test_account_pages_stay_reachable_while_enrolment_is_pending(client):
    pessoa = _pessoa_com_perfil(PerfilAtribuido.Perfil.ADMINISTRADOR)
    entrar(client, pessoa)

    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_change_password")).status_code == 200
    assert client.get(reverse("saude")).status_code in (200, 503)


def test_gestor_de_protocolo_is_not_forced_to_enrol(client, gestor):
    entrar(client, gestor)

    resposta = client.get("/principal/")

    assert resposta.status_code == 200
    assert not Authenticator.objects.filter(user=gestor).exists()


def test_enrolling_through_the_activation_page_lets_the_administrator_in_and_is_audited(
    client, django_capture_on_commit_callbacks
):
    pessoa = _pessoa_com_perfil(PerfilAtribuido.Perfil.ADMINISTRADOR)
    entrar(client, pessoa)
    assert client.get(reverse("mfa_activate_totp")).url.startswith(reverse("account_reauthenticate"))
    _reautenticar(client)

    formulario = client.get(reverse("mfa_activate_totp"))
    assert formulario.status_code == 200
    html = formulario.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html  # QR code as a data URI: allowed by img-src 'self' data:
    assert "<script>" not in html  # nothing inline for the CSP to block
    segredo = formulario.context["form"].secret

    errado = _post_com_on_commit(
        client, django_capture_on_commit_callbacks, reverse("mfa_activate_totp"), {"code": _codigo_errado(segredo)}
    )
    assert errado.status_code == 200
    assert not Authenticator.objects.filter(user=pessoa, type=Authenticator.Type.TOTP).exists()

    resposta = _post_com_on_commit(
        client, django_capture_on_commit_callbacks, reverse("mfa_activate_totp"), {"code": _codigo_atual(segredo)}
    )

    assert resposta.status_code == 302
    assert Authenticator.objects.filter(user=pessoa, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=pessoa, type=Authenticator.Type.RECOVERY_CODES).exists()
    registro = RegistroDeAuditoria.objects.get(acao="conta.mfa_ativado", detalhes="totp")
    assert registro.usuario == pessoa
    aviso = [m for m in mail.outbox if m.to == [pessoa.email]]
    assert aviso and "autenticação em dois fatores foi ativada" in aviso[0].body
    assert client.get("/principal/").status_code == 200


def test_first_enrolment_right_after_a_password_login_asks_no_second_password(client):
    pessoa = _pessoa_com_perfil(PerfilAtribuido.Perfil.SUPERVISOR)

    resposta = _entrar_com_senha(client, pessoa)
    assert resposta.status_code == 302

    destino = client.get(resposta.url)
    assert destino.url == reverse("mfa_activate_totp")
    formulario = client.get(destino.url)
    assert formulario.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in formulario.content.decode()

    ativado = client.post(destino.url, {"code": _codigo_atual(formulario.context["form"].secret)})
    assert ativado.status_code == 302 and ativado.url == reverse("mfa_view_recovery_codes")
    codigos = client.get(ativado.url)  # the new recovery codes are shown at once, no second password
    assert codigos.status_code == 200
    assert codigos.context["unused_codes"][0] in codigos.content.decode()


def test_an_enrolled_person_confirms_again_before_turning_totp_off(client, admin):
    _entrar_com_senha(client, admin)
    segredo = _segredo(admin)
    resposta = client.post(reverse("mfa_authenticate"), {"code": _codigo_atual(segredo)})
    assert resposta.status_code == 302

    assert client.get(reverse("mfa_deactivate_totp")).url.startswith(reverse("account_reauthenticate"))


def test_forced_login_without_a_password_still_has_to_confirm_before_enrolling(client):
    pessoa = _pessoa_com_perfil(PerfilAtribuido.Perfil.SUPERVISOR)
    entrar(client, pessoa)  # no password typed in this session

    assert client.get(reverse("mfa_activate_totp")).url.startswith(reverse("account_reauthenticate"))


def test_removing_totp_is_audited_and_the_administrator_is_forced_to_enrol_again(
    client, admin, django_capture_on_commit_callbacks
):
    entrar(client, admin)
    _reautenticar(client)

    resposta = _post_com_on_commit(client, django_capture_on_commit_callbacks, reverse("mfa_deactivate_totp"))

    assert resposta.status_code == 302
    assert not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()
    assert RegistroDeAuditoria.objects.filter(acao="conta.mfa_removido", usuario=admin, detalhes="totp").exists()
    assert client.get("/principal/").url == reverse("mfa_activate_totp")


def test_login_of_an_enrolled_administrator_stops_at_the_totp_step(client, admin):
    resposta = _entrar_com_senha(client, admin)

    assert resposta.status_code == 302
    assert resposta.url == reverse("mfa_authenticate")
    assert client.get("/principal/").url.startswith(reverse("account_login"))
    assert not RegistroDeAuditoria.objects.filter(acao="conta.login").exists()
    pagina = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Verificação em duas etapas" in pagina


def test_wrong_totp_code_is_refused(client, admin):
    _entrar_com_senha(client, admin)

    resposta = client.post(reverse("mfa_authenticate"), {"code": _codigo_errado(_segredo(admin))})

    assert resposta.status_code == 200
    assert "Código incorreto" in resposta.content.decode()
    assert client.get("/principal/").url.startswith(reverse("account_login"))
    assert not RegistroDeAuditoria.objects.filter(acao="conta.login").exists()


def test_valid_totp_code_completes_the_login(client, admin):
    _entrar_com_senha(client, admin)

    resposta = client.post(reverse("mfa_authenticate"), {"code": _codigo_atual(_segredo(admin))})

    assert resposta.status_code == 302
    assert resposta.url == reverse("portal:principal")
    assert client.get("/principal/").status_code == 200
    assert RegistroDeAuditoria.objects.filter(acao="conta.login", usuario=admin).count() == 1


def test_a_recovery_code_replaces_the_totp_code_only_once(client, admin):
    codigo = RecoveryCodes.activate(admin).get_unused_codes()[0]

    _entrar_com_senha(client, admin)
    resposta = client.post(reverse("mfa_authenticate"), {"code": codigo})
    assert resposta.status_code == 302
    assert client.get("/principal/").status_code == 200
    client.post(reverse("account_logout"))

    _entrar_com_senha(client, admin)
    reuso = client.post(reverse("mfa_authenticate"), {"code": codigo})

    assert reuso.status_code == 200
    assert client.get("/principal/").url.startswith(reverse("account_login"))
    assert codigo not in RecoveryCodes(Authenticator.objects.get(user=admin, type="recovery_codes")).get_unused_codes()


def test_staff_member_can_enrol_even_with_an_unverified_address_on_record(client):
    """allauth creates unverified address rows on password resets; they must not block forced enrolment."""
    from allauth.account.models import EmailAddress

    pessoa = _pessoa_com_perfil(PerfilAtribuido.Perfil.SUPERVISOR)
    EmailAddress.objects.create(user=pessoa, email=pessoa.email, verified=False, primary=True)
    entrar(client, pessoa)
    _reautenticar(client)

    resposta = client.get(reverse("mfa_activate_totp"))

    assert resposta.status_code == 200
    assert "form" in resposta.context

