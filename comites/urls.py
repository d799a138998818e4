from django.urls import path

from comites import solicitar, views
from comites.deriva import views as deriva
from comites.mapeamento import views as mapeamento
from comites.mapeamento import views_centralizadoras as centralizadoras
from comites.orgaos import views as orgaos
from comites.sistemas import views as sistemas
from portal.cache_publico import pagina_publica

app_name = "comites"

urlpatterns = [
    # Public (no login)
    path("solicitar-acesso/", solicitar.solicitar_acesso, name="solicitar_acesso"),
    path("solicitar-acesso/acompanhar/<str:token>/", views.acompanhar_solicitacao, name="acompanhar_solicitacao"),
    path("gestores/", pagina_publica(views.gestores_publicos), name="gestores_publicos"),
    path("orgaos/", pagina_publica(views.orgaos_publicos), name="orgaos_publicos"),
    # Protocolo › Gestão do Tramita.GOV.BR
    path("comites/", views.ComiteListView.as_view(), name="comite_lista"),
    path("comites/definir/", orgaos.definir_orgao, name="comite_definir"),
    path("comites/<int:pk>/", views.comite_detalhe, name="comite_detalhe"),
    path("comites/<int:pk>/implantado/", views.comite_marcar_implantado, name="comite_implantado"),
    path("comites/<int:pk>/inativar/", views.comite_operacao, {"operacao": "inativar"}, name="comite_inativar"),
    path("comites/<int:pk>/reativar/", views.comite_operacao, {"operacao": "reativar"}, name="comite_reativar"),
    path("comites/<int:pk>/excluir/", views.comite_operacao, {"operacao": "excluir"}, name="comite_excluir"),
    path("comites/<int:pk>/gestores/", views.gestores_do_comite, name="gestores"),
    path("comites/<int:pk>/gestores/adicionar/", views.gestor_adicionar, name="gestor_adicionar"),
    path("comites/<int:pk>/gestores/<int:gid>/", views.gestor_detalhe, name="gestor_detalhe"),
    path("comites/<int:pk>/gestores/<int:gid>/remover/", views.gestor_remover, name="gestor_remover"),
    path("comites/<int:pk>/gestor-tecnologico/", orgaos.gestor_tecnologico, name="comite_gestor_tecnologico"),
    path("comites/<int:pk>/sistemas/", sistemas.sistemas_do_comite, name="comite_sistemas"),
    path("comites/<int:pk>/sistemas/vincular/", sistemas.sistema_vincular, name="comite_sistema_vincular"),
    path("comites/<int:pk>/sistemas/<int:sid>/desvincular/", sistemas.sistema_desvincular,
         name="comite_sistema_desvincular"),
    # Administração › Sistemas de Processo Eletrônico
    path("sistemas-de-processo-eletronico/", sistemas.SistemaListView.as_view(), name="spe_lista"),
    path("sistemas-de-processo-eletronico/novo/", sistemas.sistema_novo, name="spe_novo"),
    path("sistemas-de-processo-eletronico/<int:sid>/editar/", sistemas.sistema_editar, name="spe_editar"),
    path("sistemas-de-processo-eletronico/<int:sid>/inativar/", sistemas.sistema_situacao, {"operacao": "inativar"},
         name="spe_inativar"),
    path("sistemas-de-processo-eletronico/<int:sid>/reativar/", sistemas.sistema_situacao, {"operacao": "reativar"},
         name="spe_reativar"),
    path("comites/<int:pk>/sistemas/<int:sid>/unidades-administrativas/", mapeamento.unidades_do_sistema,
         name="mapeamento_unidades"),
    path("comites/<int:pk>/unidades-centralizadoras/", centralizadoras.lista, name="centralizadoras"),
    path("comites/<int:pk>/unidades-centralizadoras/definir/", centralizadoras.definir, name="centralizadoras_definir"),
    path("comites/<int:pk>/unidades-centralizadoras/<int:uid>/unidades/", centralizadoras.atendidas,
         name="centralizadora_unidades"),
    path("comites/<int:pk>/unidades-centralizadoras/<int:uid>/remover/", centralizadoras.remover,
         name="centralizadora_remover"),
    path("comites/<int:pk>/unidades-inativadas/<int:did>/desvincular/", deriva.desvincular,
         name="deriva_desvincular"),
    # Administração › Gerenciar Acesso ao Tramita.GOV.BR
    path("acesso/solicitacoes/", views.SolicitacaoListView.as_view(), name="solicitacao_lista"),
    path("acesso/solicitacoes/<int:pk>/", views.solicitacao_detalhe, name="solicitacao_detalhe"),
    path("acesso/solicitacoes/<int:pk>/assumir/", views.solicitacao_assumir, name="solicitacao_assumir"),
    path("acesso/solicitacoes/<int:pk>/notas/", views.solicitacao_nota, name="solicitacao_nota"),
    path("acesso/solicitacoes/<int:pk>/corrigir/", views.solicitacao_corrigir, name="solicitacao_corrigir"),
    path("acesso/solicitacoes/<int:pk>/decidir/", views.solicitacao_decidir, name="solicitacao_decidir"),
    path("acesso/solicitacoes/<int:pk>/documentos/<str:documento>/", views.solicitacao_documento,
         name="solicitacao_documento"),
]
