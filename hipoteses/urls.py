from django.urls import path

from . import views

app_name = "hipoteses"

# URL segment of each catalogue under /catalogos/.
SEGMENTOS = {
    "hipotese": "hipoteses-legais",
    "especie": "especies-documentais",
    "sistema": "sistemas-de-governo",
    "gestor": "gestores-tecnologicos",
}


def _rotas_do_catalogo(rota: str, segmento: str) -> list:
    catalogo = views.CATALOGOS[rota]
    base = f"catalogos/{segmento}/"
    return [
        path(base, views.CatalogoPublicoView.as_view(catalogo=catalogo), name=f"{rota}_publico"),
        path(f"{base}gerenciar/", views.CatalogoListaView.as_view(catalogo=catalogo), name=f"{rota}_lista"),
        path(f"{base}cadastrar/", views.CatalogoFormView.as_view(catalogo=catalogo), name=f"{rota}_criar"),
        path(f"{base}<int:pk>/editar/", views.CatalogoFormView.as_view(catalogo=catalogo), name=f"{rota}_editar"),
        *[
            path(f"{base}<int:pk>/{operacao}/",
                 views.CatalogoConfirmarView.as_view(catalogo=catalogo, operacao=operacao),
                 name=f"{rota}_{operacao}")
            for operacao in ("inativar", "reativar", "excluir")
        ],
    ]


urlpatterns = [
    path("catalogos/", views.catalogos, name="catalogos"),
    *[rota for chave, segmento in SEGMENTOS.items() for rota in _rotas_do_catalogo(chave, segmento)],
    path("catalogos/sugestoes/", views.SugestaoListaView.as_view(), name="sugestao_lista"),
    path("catalogos/sugestoes/nova/", views.SugestaoCriarView.as_view(), name="sugestao_criar"),
    path("catalogos/sugestoes/<int:pk>/", views.SugestaoDetalheView.as_view(), name="sugestao_detalhe"),
    path("catalogos/sugestoes/<int:pk>/aceitar/", views.SugestaoAvaliarView.as_view(decisao="aceitar"),
         name="sugestao_aceitar"),
    path("catalogos/sugestoes/<int:pk>/recusar/", views.SugestaoAvaliarView.as_view(decisao="recusar"),
         name="sugestao_recusar"),
]
