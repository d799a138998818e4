from django.urls import path

from portal.views import auditoria, parametros, publico

app_name = "portal"

urlpatterns = [
    path("", publico.home, name="home"),
    path("principal/", publico.principal, name="principal"),
    path("auditoria/", auditoria.AuditoriaListView.as_view(), name="auditoria"),
    path("auditoria/<int:pk>/", auditoria.AuditoriaDetailView.as_view(), name="auditoria_detalhe"),
    path("parametros/", parametros.ParametroListView.as_view(), name="parametros"),
    path("parametros/<int:pk>/editar/", parametros.ParametroEditView.as_view(), name="parametro_editar"),
]
