from django.urls import path

from comites.certificados import views

app_name = "certificados"

urlpatterns = [
    path("sistemas/<int:sid>/certificados/", views.lista, name="lista"),
    path("sistemas/<int:sid>/certificados/gerar/", views.gerar, name="gerar"),
    path("sistemas/<int:sid>/certificados/requisicao/", views.enviar_csr, name="csr"),
    path("sistemas/<int:sid>/certificados/<int:cid>/revogar/", views.revogar, name="revogar"),
    # Public and stable: what the TLS proxy and the systems fetch.
    path("ac/certificado.pem", views.certificado_da_ac, name="ac_certificado"),
    path("ac/crl.der", views.crl, name="crl"),
]
