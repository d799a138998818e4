"""Administração › Gerenciar Acesso ao Tramita.GOV.BR: the evaluation queue of access requests."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from comites import busca, services
from comites.arquivos import detectar_tipo, tipo_mime
from comites.filtersets import SolicitacaoFilterSet
from comites.forms import MOTIVOS_DE_RECUSA, CorrecaoDoOrgaoForm, DecisaoForm, NotaForm
from comites.models import Ambiente, SolicitacaoDeAcesso
from comites.tables import SolicitacaoTable
from comites.views.publico import _busca_siorg
from portal import permissions
from portal.permissions import Acao, Perfil
from portal.views.generic import AcaoExigidaMixin, ObjectListView


class SolicitacaoListView(AcaoExigidaMixin, ObjectListView):
    acao = Acao.ACESSO_AVALIAR
    model = SolicitacaoDeAcesso
    filterset_class = SolicitacaoFilterSet
    table_class = SolicitacaoTable
    titulo = "Gerenciar Acesso ao Tramita.GOV.BR"
    queryset = SolicitacaoDeAcesso.objects.select_related(
        "unidade", "repositorio", "avaliador", "avaliado_por", "gestor_tecnologico", "sistema_de_governo"
    )


def _solicitacao_visivel(request, pk) -> SolicitacaoDeAcesso:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return permissions.obter_ou_404(
        SolicitacaoDeAcesso.objects.select_related(
            "unidade", "repositorio", "avaliador", "avaliado_por", "gestor_tecnologico", "sistema_de_governo"
        ),
        request.user, Acao.ACESSO_AVALIAR, pk=pk,
    )


def _breadcrumbs_solicitacao(solicitacao, *extra):
    return [("Gerenciar Acesso ao Tramita.GOV.BR", reverse("comites:solicitacao_lista")),
            (solicitacao.protocolo, reverse("comites:solicitacao_detalhe", args=[solicitacao.pk])), *extra]


@login_required
def solicitacao_detalhe(request, pk, decisao_form=None, nota_form=None):
    solicitacao = _solicitacao_visivel(request, pk)
    conta_existente = get_user_model().objects.filter(cpf=solicitacao.cpf).first()
    checklist = None
    if solicitacao.ambiente == Ambiente.PRODUCAO:
        checklist = services.checklist_para_producao(unidade=solicitacao.unidade, cnpj=solicitacao.orgao_cnpj)
    comites_ativos, outra_aberta = [], None
    if solicitacao.em_aberto:
        repetida = services.duplicidade(solicitacao.ambiente, unidade=solicitacao.unidade,
                                        cnpj="" if solicitacao.unidade_id else solicitacao.orgao_cnpj)
        if repetida:
            comites_ativos = [c for c in repetida.comites if c.ambiente == solicitacao.ambiente]
            if repetida.solicitacao and repetida.solicitacao.pk != solicitacao.pk:
                outra_aberta = repetida.solicitacao
    return render(request, "comites/solicitacao_detalhe.html", {
        "solicitacao": solicitacao, "notas": solicitacao.notas.select_related("autor"),
        "decisao_form": decisao_form or _decisao_form(request, solicitacao), "nota_form": nota_form or NotaForm(),
        "pode_criar_orgao": permissions.pode(request.user, Acao.REPOSITORIOS_GERENCIAR),
        "motivos": MOTIVOS_DE_RECUSA, "conta_existente": conta_existente, "checklist": checklist,
        "comites_ativos": comites_ativos, "outra_aberta": outra_aberta,
        "titulo": f"Solicitação {solicitacao.protocolo}",
        "breadcrumbs": _breadcrumbs_solicitacao(solicitacao)[:1] + [(solicitacao.protocolo, None)],
    })


@login_required
@require_POST
def solicitacao_assumir(request, pk):
    solicitacao = _solicitacao_visivel(request, pk)
    try:
        services.assumir_analise(solicitacao, request.user)
    except services.ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
    else:
        messages.success(request, "Solicitação em análise por você.")
    return redirect("comites:solicitacao_detalhe", pk=solicitacao.pk)


@login_required
@require_POST
def solicitacao_nota(request, pk):
    solicitacao = _solicitacao_visivel(request, pk)
    form = NotaForm(request.POST)
    if not form.is_valid():
        return solicitacao_detalhe(request, pk, nota_form=form)
    services.adicionar_nota(solicitacao, request.user, form.cleaned_data["texto"])
    messages.success(request, "Nota registrada.")
    return redirect("comites:solicitacao_detalhe", pk=solicitacao.pk)


@login_required
@require_POST
def solicitacao_decidir(request, pk):
    solicitacao = _solicitacao_visivel(request, pk)
    form = _decisao_form(request, solicitacao, request.POST)
    if not form.is_valid():
        return solicitacao_detalhe(request, pk, decisao_form=form)
    try:
        if form.cleaned_data["decisao"] == "valida":
            comite = services.aprovar(solicitacao, request.user, repositorio=form.cleaned_data.get("repositorio"))
            messages.success(request, f"Solicitação aprovada: comitê de {comite.unidade} "
                                      f"({comite.get_ambiente_display()}) ativo e solicitante avisado por e-mail.")
        else:
            services.recusar(solicitacao, request.user, form.cleaned_data["texto_justificativa"])
            messages.success(request, "Solicitação recusada; o solicitante recebeu a justificativa por e-mail.")
    except services.ErroDeNegocio as erro:
        form.add_error(None, erro.mensagem)
        return solicitacao_detalhe(request, pk, decisao_form=form)
    return redirect("comites:solicitacao_detalhe", pk=solicitacao.pk)


def _decisao_form(request, solicitacao, dados=None) -> DecisaoForm:
    return DecisaoForm(dados, solicitacao=solicitacao, repositorios=_repositorios_do_avaliador(request.user))


def _repositorios_do_avaliador(usuario):
    escopo = permissions.escopo_do_usuario(usuario)
    return None if escopo.administrador else escopo.repositorios(Perfil.SUPERVISOR)


@login_required
def solicitacao_corrigir(request, pk):
    solicitacao = _solicitacao_visivel(request, pk)
    if not solicitacao.em_aberto:
        messages.error(request, "Esta solicitação já foi avaliada e não pode ser alterada.")
        return redirect("comites:solicitacao_detalhe", pk=solicitacao.pk)
    repositorios = _repositorios_do_avaliador(request.user)
    if request.method == "POST":
        form = CorrecaoDoOrgaoForm(request.POST, repositorios=repositorios)
        if form.is_valid():
            try:
                services.corrigir_orgao(solicitacao, request.user, form.cleaned_data)
            except services.ErroDeNegocio as erro:
                form.add_error(None, erro.mensagem)
            else:
                messages.success(request, "Dados do órgão corrigidos.")
                return redirect("comites:solicitacao_detalhe", pk=solicitacao.pk)
    else:
        inicial = CorrecaoDoOrgaoForm.inicial(solicitacao)
        if busca.unidade_siorg(request.GET.get("unidade")):
            inicial.update(unidade=int(request.GET["unidade"]), executivo_federal="sim")
        form = CorrecaoDoOrgaoForm(initial=inicial, repositorios=repositorios)
    termo, resultados, aviso_busca = _busca_siorg(request, services.repositorio_siorg())
    return render(request, "comites/solicitacao_corrigir.html", {
        "solicitacao": solicitacao, "form": form, "termo": termo, "resultados": resultados,
        "aviso_busca": aviso_busca, "titulo": "Corrigir dados do órgão",
        "breadcrumbs": _breadcrumbs_solicitacao(solicitacao, ("Corrigir dados do órgão", None)),
    })


DOCUMENTOS = {
    "comprobatorio": ("documento_comprobatorio", "documento_comprobatorio_nome"),
    "identificacao": ("documento_identificacao", "documento_identificacao_nome"),
}


@login_required
def solicitacao_documento(request, pk, documento):
    """Streams an attachment to an evaluator (never by public URL), as a download."""
    if documento not in DOCUMENTOS:
        raise Http404
    solicitacao = _solicitacao_visivel(request, pk)
    campo, campo_nome = DOCUMENTOS[documento]
    arquivo = getattr(solicitacao, campo)
    if not arquivo:
        raise Http404
    try:
        aberto = arquivo.open("rb")
    except FileNotFoundError:
        raise Http404("Arquivo não encontrado.") from None
    extensao = detectar_tipo(aberto)
    nome = getattr(solicitacao, campo_nome) or f"{documento}.{extensao or 'bin'}"
    if extensao and not nome.lower().endswith(("." + extensao, ".jpeg")):
        nome = f"{nome}.{extensao}"
    resposta = FileResponse(aberto, as_attachment=True, filename=nome, content_type=tipo_mime(extensao))
    resposta["Cache-Control"] = "private, no-store"
    return resposta
