from django.urls import path

from tramites.views.painel import PainelView

app_name = "tramites"

urlpatterns = [
    path("painel/", PainelView.as_view(), name="painel"),
]
