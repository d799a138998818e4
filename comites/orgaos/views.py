"""Protocolo › Gestão: Gestor Tecnológico (every profile that sees the órgão reads the history; only the
Administrador changes it, spec §4.4, §11) and Definir novo Órgão/Entidade (Supervisor and Administrador, §4.2)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from comites.models import Ambiente, Comite
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


# ---------------------------------------------------------------------------------------------------
# Definir novo Órgão/Entidade (spec §4.2): Supervisor (its repositórios) and Administrador


def _repositorios(usuario):
    from estrutura.models import RepositorioDeEstruturas

    return permissions.restringir(RepositorioDeEstruturas.objects.filter(ativo=True), usuario, Acao.ORGAO_DEFINIR)


class EscolhaDeRepositorioForm(forms.Form):
    repositorio = forms.ModelChoiceField(label="Repositório", queryset=None, empty_label="Selecione")
    ambiente = forms.ChoiceField(label="Ambiente", choices=Ambiente.choices)
    busca = forms.CharField(label="Nome ou sigla da unidade (opcional)", max_length=250, required=False)

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["repositorio"].queryset = _repositorios(usuario).order_by("nome")


@login_required
def definir_orgao(request):
    from urllib.parse import urlencode

    from estrutura.models import Unidade

    permissions.exigir(request.user, Acao.ORGAO_DEFINIR)
    escolha = EscolhaDeRepositorioForm(request.POST if request.method == "POST" else (request.GET or None),
                                       usuario=request.user)
    if request.method == "POST" and escolha.is_valid():
        repositorio, ambiente = escolha.cleaned_data["repositorio"], escolha.cleaned_data["ambiente"]
        consulta = urlencode({"repositorio": repositorio.pk, "ambiente": ambiente})
        voltar = f"{reverse('comites:comite_definir')}?{consulta}"
        if not request.POST.get("unidade"):
            messages.error(request, "Selecione a unidade que será definida como órgão/entidade.")
            return redirect(voltar)
        unidade = permissions.obter_ou_404(Unidade.objects.filter(repositorio=repositorio), request.user,
                                           Acao.ORGAO_DEFINIR, pk=request.POST["unidade"])
        try:
            comite = services.definir_orgao(unidade, ambiente, request.user)
        except ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
            return redirect(voltar)
        messages.success(request, f"{unidade} definido como órgão/entidade. Adicione agora os gestores.")
        return redirect("comites:gestores", pk=comite.pk)
    nos, mais = [], False
    if escolha.is_bound and escolha.is_valid():
        nos, mais = services.nos_do_repositorio(escolha.cleaned_data["repositorio"], escolha.cleaned_data["ambiente"],
                                                escolha.cleaned_data["busca"])
    return render(request, "comites/orgaos/definir_orgao.html", {
        "escolha": escolha, "nos": nos, "mais": mais, "titulo": "Definir novo Órgão/Entidade",
        "breadcrumbs": [("Gestão do Tramita.GOV.BR", reverse("comites:comite_lista")),
                        ("Definir novo Órgão/Entidade", None)],
    }, status=400 if escolha.is_bound and escolha.errors else 200)
