"""Audit records for authentication events (logins, failures, logouts, MFA, password and e-mail changes), and
the second-factor record of a session that enrols TOTP."""

from allauth.account.signals import (
    email_added,
    email_changed,
    email_confirmed,
    email_removed,
    password_changed,
    password_reset,
)
from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal import permissions
from portal.services import auditoria


@receiver(user_logged_in)
def _login(sender, request, user, **kwargs):
    # The request's audit context was set before the user was known: name the profile here.
    auditoria.registrar("conta.login", user, usuario=user, perfil=permissions.perfil_principal(user))


@receiver(user_logged_out)
def _logout(sender, request, user, **kwargs):
    if user is not None:
        auditoria.registrar("conta.logout", user, usuario=user)


@receiver(user_login_failed)
def _login_falhou(sender, credentials, request=None, **kwargs):
    tentativa = str(credentials.get("email") or credentials.get("username") or "")[:200]
    auditoria.registrar("conta.login_falhou", detalhes=f"e-mail informado: {tentativa}", usuario_repr=tentativa)


@receiver(password_changed)
def _senha_alterada(sender, request, user, **kwargs):
    auditoria.registrar("conta.senha_alterada", user, usuario=user)


@receiver(password_reset)
def _senha_redefinida(sender, request, user, **kwargs):
    auditoria.registrar("conta.senha_redefinida", user, usuario=user)


@receiver(email_changed)
def _email_alterado(sender, request, user, from_email_address, to_email_address, **kwargs):
    auditoria.registrar(
        "conta.email_alterado",
        user,
        usuario=user,
        antes={"email": getattr(from_email_address, "email", None)},
        depois={"email": to_email_address.email},
    )


# The allauth e-mail records a person changes on Meus Dados › E-mail (add, confirm, remove an address).


@receiver(email_added)
def _email_adicionado(sender, request, user, email_address, **kwargs):
    auditoria.registrar("conta.email_adicionado", user, usuario=user, depois={"email": email_address.email})


@receiver(email_confirmed)
def _email_confirmado(sender, request, email_address, **kwargs):
    user = email_address.user
    auditoria.registrar("conta.email_confirmado", user, usuario=user, depois={"email": email_address.email})


@receiver(email_removed)
def _email_removido(sender, request, user, email_address, **kwargs):
    auditoria.registrar("conta.email_removido", user, usuario=user, antes={"email": email_address.email})


@receiver(authenticator_added)
def _mfa_ativado(sender, request, user, authenticator, **kwargs):
    auditoria.registrar("conta.mfa_ativado", user, usuario=user, detalhes=authenticator.type)


@receiver(post_save, sender=Authenticator)
def _totp_ativado_nesta_sessao(sender, instance, created, **kwargs):
    """Activation asks for a valid code of the new authenticator: the session that activates TOTP has just
    passed the second factor. Recorded as allauth records its TOTP login step (the MFA middleware reads
    these records), at once rather than on commit so that the request's own session carries it."""
    request = getattr(allauth_context, "request", None)
    usuario = getattr(request, "user", None)
    if not created or instance.type != Authenticator.Type.TOTP or usuario is None or usuario.pk != instance.user_id:
        return
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, usuario, "mfa", id=instance.pk, type=instance.type, ativacao=True)


@receiver(authenticator_removed)
def _mfa_removido(sender, request, user, authenticator, **kwargs):
    auditoria.registrar("conta.mfa_removido", user, usuario=user, detalhes=authenticator.type)


@receiver(authenticator_reset)
def _mfa_recriado(sender, request, user, authenticator, **kwargs):
    auditoria.registrar("conta.codigos_recuperacao_gerados", user, usuario=user, detalhes=authenticator.type)
