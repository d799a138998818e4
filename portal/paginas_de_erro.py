"""The portal's own 404 page in development too.

With ``DEBUG=True`` Django answers a missing page with its technical 404 (URL patterns, settings); a
person trying the portal from ``make run`` should see the same page production shows. This middleware,
active only when ``DEBUG`` is on, swaps any HTML 404 that the portal did not render itself for
``404.html``. JSON answers (the API) are left alone. ``PORTAL_404_TECNICO=true`` brings Django's page back.
"""

from django.conf import settings

from portal.views.publico import erro_404


class Pagina404EmDesenvolvimentoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        resposta = self.get_response(request)
        if (
            settings.DEBUG
            and not settings.PORTAL_404_TECNICO
            and resposta.status_code == 404
            and resposta.get("Content-Type", "").startswith("text/html")
            and not getattr(resposta, "pagina_do_portal", False)
        ):
            return erro_404(request)
        return resposta
