"""Protocolo › Gestão › Gestor Tecnológico: every profile that sees the órgão reads the history;
only the Administrador changes it (spec §4.4, §11)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from comites.models import Comite
from comites.orgaos import services
from comites.services import ErroDeNegocio
from portal import permissions
from portal.models import GestorTecnologico
from portal.permissions import Acao


class GestorTecnologicoForm(forms.Form):
    gestor_tecnologico = forms.ModelChoiceField(
        label="Onde está implantado o seu Sistema de Processo Eletrônico",
        queryset=GestorTecnologico.objects.filter(ativo=True), empty_label="Selecione",
    )


@login_required
def gestor_tecnologico(request, pk):
    comite = permissions.obter_ou_404(
        Comite.objects.select_related("unidade", "gestor_tecnologico"), request.user, Acao.GESTAO_VER, pk=pk
    )
    pode_alterar = permissions.pode(request.user, Acao.GESTOR_TECNOLOGICO_ALTERAR, comite)
    form = GestorTecnologicoForm(initial={"gestor_tecnologico": comite.gestor_tecnologico_id})
    status = 200
    if request.method == "POST":
        permissions.exigir(request.user, Acao.GESTOR_TECNOLOGICO_ALTERAR, comite)
        form = GestorTecnologicoForm(request.POST)
        if form.is_valid():
            try:
                services.alterar_gestor_tecnologico(comite, form.cleaned_data["gestor_tecnologico"], request.user)
            except ErroDeNegocio as erro:
                form.add_error("gestor_tecnologico", erro.mensagem)
            else:
                messages.success(request, "Gestor tecnológico alterado.")
                return redirect("comites:comite_gestor_tecnologico", pk=comite.pk)
        status = 400
    return render(request, "comites/orgaos/gestor_tecnologico.html", {
        "comite": comite, "form": form, "pode_alterar": pode_alterar, "historico": services.historico(comite),
        "titulo": "Gestor Tecnológico", "breadcrumbs": [
            ("Gestão do Tramita.GOV.BR", reverse("comites:comite_lista")),
            (str(comite), reverse("comites:comite_detalhe", args=[comite.pk])), ("Gestor Tecnológico", None),
        ],
    }, status=status)
