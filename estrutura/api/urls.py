from django.urls import path

from portal.cache_publico import pagina_publica

from . import views

# The bus's paths, without a trailing slash (as the systems call them).
urlpatterns = [
    path("repositorios-de-estruturas", views.RepositoriosView.as_view(), name="api-repositorios"),
    path(
        "repositorios-de-estruturas/<str:id_repositorio>/estruturas-organizacionais",
        pagina_publica(views.EstruturasView.as_view()),
        name="api-estruturas",
    ),
    path(
        "repositorios-de-estruturas/<str:id_repositorio>/estruturas-organizacionais/<str:id_estrutura>",
        pagina_publica(views.EstruturaView.as_view()),
        name="api-estrutura",
    ),
    path(
        "repositorios-de-estruturas/<str:id_repositorio>/estruturas-organizacionais/<str:id_estrutura>/filhas",
        pagina_publica(views.FilhasView.as_view()),
        name="api-estruturas-filhas",
    ),
]
