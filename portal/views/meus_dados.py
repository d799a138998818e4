"""Meus Dados: any signed-in person keeps their own contact data up to date."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from portal.forms.meus_dados import MeusDadosForm
from portal.services import pessoas


@login_required
def meus_dados(request):
    usuario = request.user
    inicial = {campo: getattr(usuario, campo) for campo in pessoas.CAMPOS_MEUS_DADOS}
    form = MeusDadosForm(request.POST or None, initial=inicial)
    if request.method == "POST" and form.is_valid():
        try:
            pessoas.atualizar_dados(usuario, form.cleaned_data)
        except ValidationError as erro:
            form.add_error(None, erro)
        else:
            messages.success(request, "Seus dados foram atualizados.")
            return redirect("portal:meus_dados")
    return render(request, "portal/meus_dados.html", {
        "form": form, "titulo": "Meus Dados", "breadcrumbs": [("Meus Dados", None)],
    })
