"""allauth adapter: no self sign-up, e-mails from the editable templates in Parâmetros."""

import datetime
import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage

from portal.rede import ip_do_cliente
from portal.services import email as email_service

# allauth e-mail → portal template (Parâmetros) and how to find the link in allauth's context.
MODELOS = {
    "account/email/password_reset_key": ("redefinir_senha", "password_reset_url"),
    "account/email/email_confirmation": ("confirmar_email", "activate_url"),
    "account/email/email_confirmation_signup": ("confirmar_email", "activate_url"),
}
AVISOS = {
    "account/email/password_changed": "A senha da sua conta foi alterada.",
    "account/email/password_set": "Uma senha foi definida para a sua conta.",
    "account/email/email_changed": "O e-mail da sua conta foi alterado.",
    "account/email/email_confirm": "Um endereço de e-mail da sua conta foi confirmado.",
    "account/email/email_deleted": "Um endereço de e-mail foi removido da sua conta.",
    "mfa/email/totp_activated": "A autenticação em dois fatores foi ativada na sua conta.",
    "mfa/email/totp_deactivated": "A autenticação em dois fatores foi desativada na sua conta.",
    "mfa/email/recovery_codes_generated": "Novos códigos de recuperação foram gerados para a sua conta.",
}


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come from approved access requests and from gestores/administrators adding people.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Staff are sent to TOTP enrolment right after signing in: the password they have just typed
        # counts as the confirmation allauth asks before MFA changes. Later changes (deactivating,
        # new recovery codes) still ask for it again.
        if app == "allauth.mfa" and _primeiro_cadastro_logo_apos_entrar():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_client_ip(self, request) -> str:
        # allauth's per-IP rate limits count the same client address as the portal's limits and audit trail.
        ip = ip_do_cliente(request)
        if not ip:
            raise PermissionDenied("Não foi possível identificar o endereço de origem da requisição.")
        return ip

    def render_mail(self, template_prefix, email, context, headers=None):
        usuario = context.get("user")
        nome = getattr(usuario, "nome", "") or ""
        if template_prefix in MODELOS:
            modelo, chave_link = MODELOS[template_prefix]
            assunto, corpo = email_service.montar(modelo, {"nome": nome, "link": context.get(chave_link, "")})
        elif template_prefix in AVISOS:
            assunto, corpo = email_service.montar("aviso_conta", {"nome": nome, "aviso": AVISOS[template_prefix]})
        else:
            return super().render_mail(template_prefix, email, context, headers=headers)
        return EmailMessage(assunto, corpo, self.get_from_email(), [email], headers=headers)


def _primeiro_cadastro_logo_apos_entrar() -> bool:
    """A password login in the last few minutes, and no second factor enrolled before it.

    Covers the first enrolment and the recovery codes shown right after it.
    """
    from allauth.account.internal.flows.login import get_authentication_records
    from allauth.mfa.models import Authenticator

    request = getattr(allauth_context, "request", None)
    usuario = getattr(request, "user", None)
    if usuario is None or not usuario.is_authenticated:
        return False
    limite = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    logins = [
        registro["at"]
        for registro in get_authentication_records(request, usuario)
        if registro.get("method") == "password" and registro.get("at", 0) >= limite
    ]
    if not logins:
        return False
    entrou_em = datetime.datetime.fromtimestamp(max(logins), tz=datetime.UTC)
    return not Authenticator.objects.filter(user=usuario, created_at__lt=entrou_em).exists()
