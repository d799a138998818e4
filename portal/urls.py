"""Root URLconf: the composition root, the one place that names every app."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from portal.api import views as api
from portal.views import saude

handler403 = "portal.views.publico.erro_403"
handler404 = "portal.views.publico.erro_404"
handler500 = "portal.views.publico.erro_500"

API_V3 = "interoperabilidade/rest/v3/"

urlpatterns = [
    path("saude/", saude.saude, name="saude"),
    path("situacao-do-servico/", saude.situacao_servico, name="situacao_servico"),
    path("contas/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
    # The API's documentation on the portal's host (the API host asks every client for a certificate).
    path("documentacao-da-api/", SpectacularSwaggerSplitView.as_view(url_name="openapi_publico"), name="api_docs"),
    path("documentacao-da-api/openapi.json", SpectacularJSONAPIView.as_view(), name="openapi_publico"),
    path("", include("portal.urls_portal")),
    path("", include("hipoteses.urls")),
    path("", include("estrutura.urls")),
    path("", include("comites.urls")),
    path("", include("comites.certificados.urls")),
    path("", include("tramites.urls")),
    path(API_V3, include("estrutura.api.urls")),
    path(API_V3, include("hipoteses.api.urls")),
    path(API_V3, include("tramites.api.urls")),
    path(API_V3 + "healthcheck", api.healthcheck, name="api_healthcheck"),
    # Public: the document describes the API (and how to authenticate), it holds no data.
    path(API_V3 + "openapi.json",
         SpectacularJSONAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]), name="openapi"),
    # (?s): a path with an encoded line break (%0A) is an unknown API path too, not the HTML 404 page.
    re_path(r"^" + API_V3 + r"(?P<caminho>(?s:.*))$", api.nao_encontrado),
]
