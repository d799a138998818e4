from itertools import groupby

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from portal import permissions
from portal.forms.parametros import ParametroForm
from portal.models import Parametro
from portal.permissions import Acao
from portal.services import parametros
from portal.views.generic import AcaoExigidaMixin

TITULO = "Parâmetros da Solução"


def variaveis_do_modelo(parametro: Parametro) -> list[str]:
    """The variables a template parameter receives, as listed in its description."""
    if parametro.tipo != Parametro.Tipo.MODELO:
        return []
    return parametros.variaveis_de(parametro.descricao)


def previa(parametro: Parametro, valor: str) -> str:
    try:
        return parametros.renderizar(valor, parametros.contexto_de_exemplo(parametro.descricao))
    except Exception as erro:  # a template stored before render-validation: show why, do not fail the page
        return f"[O modelo não pôde ser gerado: {type(erro).__name__}: {erro}]"


class ParametroListView(AcaoExigidaMixin, TemplateView):
    acao = Acao.PARAMETROS_GERENCIAR
    template_name = "portal/parametros/lista.html"

    def get_context_data(self, **kwargs):
        todos = Parametro.objects.order_by("categoria", "nome")
        return super().get_context_data(
            titulo=TITULO,
            categorias=[(categoria, list(itens)) for categoria, itens in groupby(todos, key=lambda p: p.categoria)],
            **kwargs,
        )


class ParametroEditView(AcaoExigidaMixin, View):
    acao = Acao.PARAMETROS_GERENCIAR
    template_name = "portal/parametros/editar.html"

    def _render(self, request, parametro, form, texto_previa=None):
        return render(request, self.template_name, {
            "titulo": f"Editar parâmetro: {parametro.nome}",
            "breadcrumbs": [(TITULO, reverse("portal:parametros")), (parametro.nome, None)],
            "parametro": parametro,
            "form": form,
            "variaveis": variaveis_do_modelo(parametro),
            "previa": texto_previa,
        })

    def get(self, request, pk):
        parametro = permissions.obter_ou_404(Parametro.objects.all(), request.user, Acao.PARAMETROS_GERENCIAR, pk=pk)
        form = ParametroForm(parametro=parametro)
        texto = previa(parametro, parametro.valor) if parametro.tipo == Parametro.Tipo.MODELO else None
        return self._render(request, parametro, form, texto)

    def post(self, request, pk):
        parametro = permissions.obter_ou_404(Parametro.objects.all(), request.user, Acao.PARAMETROS_GERENCIAR, pk=pk)
        form = ParametroForm(request.POST, parametro=parametro)
        if not form.is_valid():
            return self._render(request, parametro, form)
        if "pre_visualizar" in request.POST:
            return self._render(request, parametro, form, previa(parametro, form.cleaned_data["valor"]))
        parametros.alterar(parametro, form.cleaned_data["valor"], request.user)
        messages.success(request, f"Parâmetro “{parametro.nome}” salvo.")
        return redirect("portal:parametros")
