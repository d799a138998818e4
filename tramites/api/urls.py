from django.urls import include, path

urlpatterns = [
    path("", include("tramites.api.urls_recebimento")),
    path("", include("tramites.api.urls_envio")),
    path("", include("tramites.api.urls_pendencias")),
]
