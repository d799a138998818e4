from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from portal import context, permissions


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class RequestIdMiddleware:
    """Gives every request an id (from X-Request-ID when sane) and echoes it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        recebido = request.headers.get("X-Request-ID", "")
        request.request_id = recebido if recebido.isalnum() and len(recebido) <= 32 else context.novo_request_id()
        token = context.definir(request_id=request.request_id, ip=_ip(request), origem="web", usuario=None,
                                perfil="")
        try:
            response = self.get_response(request)
        finally:
            context.restaurar(token)
        response["X-Request-ID"] = request.request_id
        return response


class AuditContextMiddleware:
    """Once the user is known, puts them and their main profile in the audit context."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        autenticado = user is not None and user.is_authenticated
        origem = "api" if request.path.startswith("/interoperabilidade/") else "web"
        token = context.definir(
            usuario=user if autenticado else None,
            perfil=permissions.perfil_principal(user) if autenticado else "",
            origem=origem,
        )
        try:
            return self.get_response(request)
        finally:
            context.restaurar(token)


def tem_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MfaObrigatorioMiddleware:
    """Staff profiles (Administrador, Supervisor, Administrador Externo) must enrol TOTP first.

    Until they do, every page but the enrolment, logout, account and static pages redirects to the
    TOTP activation page with an explanation.
    """

    LIVRES = ("/contas/", "/static/", "/saude/", "/favicon.ico")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.LIVRES)
            and permissions.precisa_mfa(user)
            and not tem_mfa(user)
        ):
            messages.warning(
                request,
                "Seu perfil exige autenticação em dois fatores. Ative um aplicativo autenticador "
                "para continuar.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
