"""Serves ``/saude/`` before the middlewares that read the session and the user.

A request that carries a session cookie made the audit-context and MFA middlewares load the session
and the user from the database before any view ran; with the database down that raised an HTML 500
instead of the health report. Monitoring needs no user, so the health view answers here. This sits
after the security, CSP and clickjacking middlewares (their headers still apply) and after the session
and authentication middlewares, which are lazy: nothing reads the session, so no query is made.
"""

from django.urls import reverse


class SaudeDiretaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._caminho = None

    def __call__(self, request):
        if self._caminho is None:
            self._caminho = reverse("saude")
        if request.path == self._caminho and request.method in ("GET", "HEAD"):
            from portal.views.saude import saude

            return saude(request)
        return self.get_response(request)
