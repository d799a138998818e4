"""Serves ``/saude/`` before the session and authentication middlewares.

A request that carries a session cookie makes those middlewares read the session (and the user) from
the database before any view runs; with the database down that raised an HTML 500 instead of the
health report. Monitoring needs no session, user, CSRF or messages, so the health view answers here,
right after the request id is assigned, and reports the database like any other check (503 JSON).
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
