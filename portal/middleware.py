from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from portal import context, permissions
from portal.rede import ip_do_cliente


class RequestIdMiddleware:
    """Gives every request an id (from X-Request-ID when sane) and echoes it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        recebido = request.headers.get("X-Request-ID", "")
        request.request_id = recebido if recebido.isalnum() and len(recebido) <= 32 else context.novo_request_id()
        token = context.definir(request_id=request.request_id, ip=ip_do_cliente(request), origem="web", usuario=None,
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


def passou_pelo_segundo_fator(request, user) -> bool:
    """True when *this session* completed a second-factor step (TOTP or recovery code).

    allauth records each authentication method used in the session (``method == "mfa"`` after the login's
    TOTP step, after an MFA reauthentication, and — see ``portal.signals`` — right after enrolment). Having
    an authenticator enrolled is not enough: a session opened with the password alone does not count.
    """
    from allauth.account.authentication import get_authentication_records

    return any(registro.get("method") == "mfa" for registro in get_authentication_records(request, user))


class MfaObrigatorioMiddleware:
    """Staff profiles (Administrador, Supervisor, Administrador Externo) and superusers need the second factor.

    * Not enrolled yet: every page but the enrolment, logout, account and static pages redirects to the
      TOTP activation page with an explanation.
    * Enrolled, but this session has not passed the second factor (e.g. it was opened with the password
      alone): only the TOTP confirmation page and logout answer; everything else — the account pages
      included, so that TOTP cannot be turned off — redirects to the confirmation, which then returns to
      the page asked for.
    """

    LIVRES = ("/contas/", "/static/", "/saude/", "/favicon.ico")
    LIVRES_SEM_SEGUNDO_FATOR = ("/static/", "/saude/", "/favicon.ico")
    NOMES_LIVRES_SEM_SEGUNDO_FATOR = ("mfa_reauthenticate", "account_logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not permissions.precisa_mfa(user):
            return self.get_response(request)
        if not tem_mfa(user):
            if request.path.startswith(self.LIVRES):
                return self.get_response(request)
            messages.warning(
                request,
                "Seu perfil exige autenticação em dois fatores. Ative um aplicativo autenticador "
                "para continuar.",
            )
            return redirect(reverse("mfa_activate_totp"))
        if passou_pelo_segundo_fator(request, user) or self._livre_sem_segundo_fator(request.path):
            return self.get_response(request)
        messages.warning(
            request,
            "Seu perfil exige autenticação em dois fatores. Informe o código do seu aplicativo autenticador "
            "para continuar.",
        )
        destino = reverse("mfa_reauthenticate")
        if request.method == "GET":
            destino += "?" + urlencode({"next": request.get_full_path()}, safe="/")
        return redirect(destino)

    def _livre_sem_segundo_fator(self, caminho: str) -> bool:
        if caminho.startswith(self.LIVRES_SEM_SEGUNDO_FATOR):
            return True
        return caminho in {reverse(nome) for nome in self.NOMES_LIVRES_SEM_SEGUNDO_FATOR}
