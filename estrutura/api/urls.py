from django.urls import path

from . import views

# The bus's paths, without a trailing slash (as the systems call them). Cached inside the views, after the
# certificate authentication (portal.cache_publico.resposta_da_api), never before it.
urlpatterns = [
    path("repositorios-de-estruturas", views.RepositoriosView.as_view(), name="api-repositorios"),
    path(
        "repositorios-de-estruturas/<str:id_repositorio>/estruturas-organizacionais",
        views.EstruturasView.as_view(),
        name="api-estruturas",
    ),
    path(
        "repositorios-de-estruturas/<str:id_repositorio>/estruturas-organizacionais/<str:id_estrutura>",
        views.EstruturaView.as_view(),
        name="api-estrutura",
    ),
    path(
        "repositorios-de-estruturas/<str:id_repositorio>/estruturas-organizacionais/<str:id_estrutura>/filhas",
        views.FilhasView.as_view(),
        name="api-estruturas-filhas",
    ),
]
