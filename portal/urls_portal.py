from django.urls import path

from portal.views import auditoria, exportacoes, meus_dados, parametros, perfis, publico

app_name = "portal"

urlpatterns = [
    path("", publico.home, name="home"),
    path("principal/", publico.principal, name="principal"),
    path("auditoria/", auditoria.AuditoriaListView.as_view(), name="auditoria"),
    path("auditoria/<int:pk>/", auditoria.AuditoriaDetailView.as_view(), name="auditoria_detalhe"),
    path("parametros/", parametros.ParametroListView.as_view(), name="parametros"),
    path("parametros/<int:pk>/editar/", parametros.ParametroEditView.as_view(), name="parametro_editar"),
    path("meus-dados/", meus_dados.meus_dados, name="meus_dados"),
    path("exportacoes/", exportacoes.minhas_exportacoes, name="exportacoes"),
    path("exportacoes/<int:pk>/baixar/", exportacoes.baixar, name="exportacao_baixar"),
    path("perfis/", perfis.PerfisListView.as_view(), name="perfis"),
    path("perfis/cadastrar/", perfis.cadastrar, name="perfis_cadastrar"),
    path("perfis/<int:pk>/editar/", perfis.editar, name="perfis_editar"),
    path("perfis/<int:pk>/<str:operacao>/", perfis.situacao, name="perfis_situacao"),
]
