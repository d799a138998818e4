from django.urls import path

from . import views

# The bus's paths, without a trailing slash (as the systems call them).
urlpatterns = [
    path("hipoteses", views.HipotesesView.as_view(), name="api-hipoteses"),
    path("especies", views.EspeciesView.as_view(), name="api-especies"),
    path("motivosUrgencia", views.MotivosUrgenciaView.as_view(), name="api-motivos-urgencia"),
]
