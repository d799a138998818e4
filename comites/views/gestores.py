"""Gestores de protocolo of a comitê: list, detail, add (CPF look-up), remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from comites import services
from comites.forms import BuscaPorCpfForm, NovoGestorForm
from comites.limite import consumir_busca_de_cpf
from comites.models import Gestor
from comites.tables import GestorTable
from comites.views.gestao import _breadcrumbs_comite, _comite_visivel
from portal import permissions
from portal.permissions import Acao
from portal.validators import mascarar_cpf, somente_digitos


@login_required
def gestores_do_comite(request, pk):
    comite = _comite_visivel(request, pk)
    qs = services.gestores_ativos(comite).order_by("pessoa__nome")
    termo = (request.GET.get("nome") or "").strip()
    if termo:
        qs = qs.filter(pessoa__nome__icontains=termo)
    tabela = GestorTable(qs, usuario=request.user)
    RequestConfig(request, paginate={"per_page": 50}).configure(tabela)
    return render(request, "comites/gestores.html", {
        "comite": comite, "table": tabela, "termo": termo,
        "pode_configurar": permissions.pode(request.user, Acao.GESTAO_CONFIGURAR, comite),
        "titulo": f"Gestores de Protocolo — {comite.unidade}",
        "breadcrumbs": _breadcrumbs_comite(comite, ("Gestores", None)),
    })


def _gestor_do_comite(request, comite, gid) -> Gestor:
    return permissions.obter_ou_404(
        Gestor.objects.select_related("pessoa", "adicionado_por"), request.user, Acao.GESTAO_VER, pk=gid, comite=comite
    )


@login_required
def gestor_detalhe(request, pk, gid):
    comite = _comite_visivel(request, pk)
    gestor = _gestor_do_comite(request, comite, gid)
    return render(request, "comites/gestor_detalhe.html", {
        "comite": comite, "gestor": gestor, "titulo": gestor.pessoa.nome,
        "pode_configurar": permissions.pode(request.user, Acao.GESTAO_CONFIGURAR, comite),
        "breadcrumbs": _breadcrumbs_comite(comite, ("Gestores", reverse("comites:gestores", args=[comite.pk])),
                                           (gestor.pessoa.nome, None)),
    })


MSG_LIMITE_DE_BUSCAS = (
    "Foram feitas muitas consultas de CPF em pouco tempo. Aguarde alguns minutos e tente de novo."
)


@login_required
def gestor_adicionar(request, pk):
    """Adicionar gestor: look a CPF up (POST only, rate-limited), then add the person found or register one.

    A person found is confirmed with the minimum — name and masked CPF — and adding them changes none of
    their data. The CPF travels only in POST bodies, never in a URL.
    """
    comite = _comite_visivel(request, pk)
    permissions.exigir(request.user, Acao.GESTAO_CONFIGURAR, comite)
    contexto = {
        "comite": comite, "pessoa": None, "form": None, "titulo": "Adicionar gestor de protocolo",
        "breadcrumbs": _breadcrumbs_comite(comite, ("Gestores", reverse("comites:gestores", args=[comite.pk])),
                                           ("Adicionar gestor", None)),
    }
    if request.method != "POST":
        return render(request, "comites/gestor_adicionar.html", {**contexto, "busca_form": BuscaPorCpfForm()})
    if not consumir_busca_de_cpf(request):
        contexto.update(busca_form=BuscaPorCpfForm(), aviso_limite=MSG_LIMITE_DE_BUSCAS)
        return render(request, "comites/gestor_adicionar.html", contexto, status=429)
    busca_form = BuscaPorCpfForm(request.POST)
    contexto["busca_form"] = busca_form
    if not busca_form.is_valid():
        return render(request, "comites/gestor_adicionar.html", contexto)
    cpf = somente_digitos(busca_form.cleaned_data["cpf"])
    etapa = request.POST.get("etapa")
    pessoa = services.buscar_pessoa_por_cpf(cpf)
    form, gestor = None, None
    try:
        if pessoa is not None:
            if etapa == "adicionar":
                gestor = services.adicionar_gestor(comite, pessoa, request.user)
        else:
            form = NovoGestorForm(request.POST if etapa == "cadastrar" else None)
            if etapa == "cadastrar" and form.is_valid():
                gestor = services.cadastrar_e_adicionar_gestor(comite, {**form.cleaned_data, "cpf": cpf},
                                                               request.user)
    except services.ErroDeNegocio as erro:
        if form is not None:
            form.add_error(None, erro.mensagem)
        else:
            messages.error(request, erro.mensagem)
    if gestor is not None:
        messages.success(request, f"{gestor.pessoa.nome} agora é gestor de protocolo de {comite.unidade}. "
                                  "Enviamos um e-mail avisando.")
        return redirect("comites:gestores", pk=comite.pk)
    contexto.update(
        pessoa=pessoa, form=form, cpf=cpf, cpf_mascarado=mascarar_cpf(cpf),
        ja_gestor=pessoa is not None and comite.gestores.filter(pessoa=pessoa, ativo=True).exists(),
    )
    return render(request, "comites/gestor_adicionar.html", contexto)


@login_required
def gestor_remover(request, pk, gid):
    comite = _comite_visivel(request, pk)
    gestor = _gestor_do_comite(request, comite, gid)
    permissions.exigir(request.user, Acao.GESTAO_CONFIGURAR, comite)
    if request.method == "POST":
        try:
            services.remover_gestor(gestor, request.user)
        except services.ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
        else:
            messages.success(request, f"{gestor.pessoa.nome} não é mais gestor de protocolo deste órgão/entidade.")
        return redirect("comites:gestores", pk=comite.pk)
    return render(request, "comites/gestor_remover.html", {
        "comite": comite, "gestor": gestor, "titulo": "Remover gestor de protocolo",
        "ultimo": not services.gestores_utilizaveis(comite).exclude(pk=gestor.pk).exists(),
        "breadcrumbs": _breadcrumbs_comite(comite, ("Gestores", reverse("comites:gestores", args=[comite.pk])),
                                           ("Remover gestor", None)),
    })
