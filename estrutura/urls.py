from django.urls import path

from portal.cache_publico import pagina_publica

from . import views

app_name = "estrutura"

ORGAO_UNIDADE = "estrutura/orgaos/<int:orgao_id>/unidades/<int:unidade_id>"

urlpatterns = [
    # Hierarquia of one órgão (linked from comites with the órgão's root unit id)
    path("estrutura/orgaos/<int:unidade_id>/hierarquia/", views.HierarquiaView.as_view(), name="hierarquia"),
    path("estrutura/orgaos/<int:unidade_id>/hierarquia/acao/", views.AcaoNaHierarquiaView.as_view(),
         name="hierarquia_acao"),
    path(f"{ORGAO_UNIDADE}/", views.UnidadeDetalheView.as_view(), name="unidade_detalhe"),
    path(f"{ORGAO_UNIDADE}/filha/", views.UnidadeFormView.as_view(criar=True), name="unidade_adicionar_filha"),
    path(f"{ORGAO_UNIDADE}/editar/", views.UnidadeFormView.as_view(), name="unidade_editar"),
    path(f"{ORGAO_UNIDADE}/alterar-pai/", views.AlterarPaiView.as_view(), name="unidade_alterar_pai"),
    path(f"{ORGAO_UNIDADE}/inativar/", views.InativarView.as_view(), name="unidade_inativar"),
    path(f"{ORGAO_UNIDADE}/reativar/", views.ReativarView.as_view(), name="unidade_reativar"),
    path(f"{ORGAO_UNIDADE}/importar-csv/", views.ImportarCsvView.as_view(), name="importar_csv"),
    path("estrutura/importar-csv/modelo.csv", views.modelo_csv, name="modelo_csv"),
    # Import runs: CSV previews and reports; SIORG uploads and reports
    path("estrutura/importacoes/", views.ImportacoesView.as_view(), name="importacoes"),
    path("estrutura/importacoes/<int:pk>/", views.ImportacaoDetalheView.as_view(), name="importacao_detalhe"),
    path("estrutura/siorg/importar/", views.ImportarSiorgView.as_view(), name="importar_siorg"),
    # Repositórios de Estrutura (Administrador)
    path("estrutura/repositorios/", views.RepositoriosView.as_view(), name="repositorios"),
    path("estrutura/repositorios/novo/", views.RepositorioFormView.as_view(), name="repositorio_novo"),
    path("estrutura/repositorios/<int:pk>/editar/", views.RepositorioFormView.as_view(), name="repositorio_editar"),
    path("estrutura/repositorios/<int:pk>/inativar/", views.RepositorioSituacaoView.as_view(),
         name="repositorio_inativar"),
    path("estrutura/repositorios/<int:pk>/reativar/", views.RepositorioSituacaoView.as_view(ativar=True),
         name="repositorio_reativar"),
    path("estrutura/repositorios/<int:pk>/excluir/", views.RepositorioExcluirView.as_view(),
         name="repositorio_excluir"),
    path("estrutura/repositorios/<int:pk>/orgaos/", views.RepositorioOrgaosView.as_view(), name="repositorio_orgaos"),
    path("estrutura/repositorios/<int:pk>/orgaos/acao/", views.RepositorioAcaoView.as_view(),
         name="repositorio_acao"),
    path("estrutura/repositorios/<int:pk>/orgaos/novo/", views.AdicionarOrgaoView.as_view(),
         name="repositorio_adicionar_orgao"),
    path("estrutura/repositorios/<int:pk>/migrar/", views.MigrarView.as_view(), name="repositorio_migrar"),
    # Public
    path("consultar-unidades/", pagina_publica(views.ConsultarUnidadesView.as_view()), name="consultar_unidades"),
]
