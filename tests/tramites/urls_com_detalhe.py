"""The project's URLconf plus a stand-in ``tramites:tramite`` page, for tests of links to a trâmite's page
that must pass whether or not the Painel's detail view is in this checkout."""

from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse

from portal import urls as raiz
from tramites import urls as tramites_urls


def _tramite(request, idt):
    return HttpResponse(f"IDT {idt}")


try:
    reverse("tramites:tramite", args=[1], urlconf=raiz)
    urlpatterns = raiz.urlpatterns
except NoReverseMatch:
    _padroes = [*tramites_urls.urlpatterns, path("painel/tramites/<int:idt>/", _tramite, name="tramite")]
    urlpatterns = [
        p for p in raiz.urlpatterns if getattr(p, "urlconf_module", None) is not tramites_urls
    ] + [path("", include((_padroes, "tramites")))]
