"""Views of comites: thin — parse, check permission, call a service, render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from comites import busca, services
from comites.arquivos import detectar_tipo, tipo_mime
from comites.certificados.views import sistemas_com_certificados
from comites.filtersets import ComiteFilterSet, SolicitacaoFilterSet
from comites.forms import (
    MOTIVOS_DE_RECUSA,
    BuscaPorCpfForm,
    CorrecaoDoOrgaoForm,
    DecisaoForm,
    ImplantacaoForm,
    NotaForm,
    NovoGestorForm,
)
from comites.limite import consumir_busca_de_cpf
from comites.models import Ambiente, Comite, Gestor, SolicitacaoDeAcesso
from comites.tables import ComiteTable, GestorTable, SolicitacaoTable
from comites.templatetags.comites_tags import url_da_hierarquia
from estrutura.models import normalizar_busca
from portal import permissions
from portal.permissions import Acao, Perfil
from portal.validators import mascarar_cpf, somente_digitos
from portal.views.generic import AcaoExigidaMixin, ObjectListView

# ---------------------------------------------------------------------------------------------------
# Public: access request (the form itself lives in comites.solicitar)


def _busca_siorg(request, repositorio):
    termo = (request.GET.get("busca") or "").strip()
    resultados, aviso = busca.buscar_para_pagina(repositorio, termo)
    return termo, resultados, aviso


def acompanhar_solicitacao(request, token):
    # The secret token is the requester's capability: no principal, no scope to apply.
    solicitacao = get_object_or_404(
        SolicitacaoDeAcesso.objects.select_related("unidade", "comite"), token=token
    )
    return render(request, "comites/acompanhar.html", {
        "solicitacao": solicitacao, "titulo": f"Solicitação {solicitacao.protocolo}",
        "breadcrumbs": [("Acompanhar solicitação de acesso", None)],
    })


# ---------------------------------------------------------------------------------------------------
# Public lists


def gestores_publicos(request):
    """Every active comitê with its active gestores: name, e-mail da unidade, telefone. Never CPF."""
    qs = services.comites_publicos()
    orgao = (request.GET.get("orgao") or "").strip()
    nome_gestor = (request.GET.get("gestor") or "").strip()
    ambiente = request.GET.get("ambiente") or ""
    if orgao:
        termo = normalizar_busca(orgao)
        qs = qs.filter(Q(unidade__nome_busca__contains=termo) | Q(unidade__sigla_busca__contains=termo))
    if nome_gestor:
        qs = qs.filter(gestores__ativo=True, gestores__pessoa__nome__icontains=nome_gestor).distinct()
    if ambiente in Ambiente.values:
        qs = qs.filter(ambiente=ambiente)
    pagina = Paginator(qs, 20).get_page(request.GET.get("pagina"))
    consulta = request.GET.copy()
    consulta.pop("pagina", None)
    return render(request, "comites/gestores_publicos.html", {
        "pagina": pagina, "orgao": orgao, "nome_gestor": nome_gestor, "ambiente": ambiente,
        "ambientes": Ambiente.choices, "consulta": consulta.urlencode(),
        "titulo": "Gestores do Tramita.GOV.BR", "breadcrumbs": [("Gestores do Tramita.GOV.BR", None)],
    })


ORGAOS_POR_PAGINA = 50


def orgaos_publicos(request):
    """Órgãos em implantação (homologação authorised) and implantados (production tests done), paginated."""
    implantados, em_implantacao = services.orgaos_publicos(
        permissions.restringir(Comite.objects.filter(ativo=True), None, None))
    pagina = request.GET.get
    return render(request, "comites/orgaos_publicos.html", {
        "implantados": Paginator(implantados, ORGAOS_POR_PAGINA).get_page(pagina("pagina_implantados")),
        "em_implantacao": Paginator(em_implantacao, ORGAOS_POR_PAGINA).get_page(pagina("pagina_em_implantacao")),
        "consulta_implantados": _sem(request.GET, "pagina_implantados"),
        "consulta_em_implantacao": _sem(request.GET, "pagina_em_implantacao"),
        "titulo": "Órgãos e entidades no Tramita.GOV.BR", "breadcrumbs": [("Órgãos e entidades", None)],
    })


def _sem(consulta, chave: str) -> str:
    copia = consulta.copy()
    copia.pop(chave, None)
    return copia.urlencode()


# ---------------------------------------------------------------------------------------------------
# Gestão do Tramita.GOV.BR (comitês)


class ComiteListView(AcaoExigidaMixin, ObjectListView):
    acao = Acao.GESTAO_VER
    model = Comite
    filterset_class = ComiteFilterSet
    table_class = ComiteTable
    titulo = "Gestão do Tramita.GOV.BR"
    queryset = Comite.objects.select_related("unidade", "unidade__repositorio", "gestor_tecnologico").order_by(
        "unidade__nome", "ambiente"
    )

    def get_acoes_da_pagina(self):
        if permissions.pode(self.request.user, Acao.ORGAO_DEFINIR):
            return [("Definir novo Órgão/Entidade", reverse("comites:comite_definir"))]
        return []


def _comite_visivel(request, pk) -> Comite:
    """The comitê if the user may see it; 404 for comitês outside their scope."""
    return permissions.obter_ou_404(
        Comite.objects.select_related("unidade", "unidade__repositorio", "gestor_tecnologico", "sistema_de_governo"),
        request.user, Acao.GESTAO_VER, pk=pk,
    )


def _breadcrumbs_comite(comite, *extra):
    return [("Gestão do Tramita.GOV.BR", reverse("comites:comite_lista")),
            (str(comite.unidade), reverse("comites:comite_detalhe", args=[comite.pk])), *extra]


@login_required
def comite_detalhe(request, pk):
    comite = _comite_visivel(request, pk)
    usuario = request.user
    checklist = services.checklist_do_comite(comite)
    return render(request, "comites/comite_detalhe.html", {
        "comite": comite, "checklist": checklist,
        "gestores": services.gestores_ativos(comite).order_by("pessoa__nome"),
        "url_hierarquia": url_da_hierarquia(comite.unidade_id),
        "pode_configurar": permissions.pode(usuario, Acao.GESTAO_CONFIGURAR, comite),
        "pode_inativar": permissions.pode(usuario, Acao.COMITE_INATIVAR, comite),
        "pode_marcar": permissions.pode(usuario, Acao.IMPLANTACAO_MARCAR, comite)
        and comite.ambiente == Ambiente.PRODUCAO and comite.implantacao != Comite.Implantacao.IMPLANTADO,
        "form_implantacao": ImplantacaoForm(),
        "tem_sistema": services.tem_sistema_vinculado(comite),
        "sistemas_com_certificados": sistemas_com_certificados(usuario, comite),
        "titulo": str(comite.unidade), "breadcrumbs": _breadcrumbs_comite(comite)[:1] + [(str(comite.unidade), None)],
    })


OPERACOES_DE_COMITE = {
    "inativar": ("Inativar órgão/entidade", services.inativar_comite, "Órgão/entidade inativado."),
    "reativar": ("Reativar órgão/entidade", services.reativar_comite, "Órgão/entidade reativado."),
    "excluir": ("Excluir órgão/entidade", services.excluir_comite, "Órgão/entidade excluído."),
}


@login_required
def comite_operacao(request, pk, operacao):
    if operacao not in OPERACOES_DE_COMITE:
        raise Http404
    comite = _comite_visivel(request, pk)
    permissions.exigir(request.user, Acao.COMITE_INATIVAR, comite)
    titulo, servico, sucesso = OPERACOES_DE_COMITE[operacao]
    if request.method == "POST":
        try:
            servico(comite, request.user)
        except services.ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
            return redirect("comites:comite_detalhe", pk=comite.pk)
        messages.success(request, sucesso)
        if operacao == "excluir":
            return redirect("comites:comite_lista")
        return redirect("comites:comite_detalhe", pk=comite.pk)
    return render(request, "comites/comite_confirmar.html", {
        "comite": comite, "operacao": operacao, "titulo": titulo,
        "tem_sistema": services.tem_sistema_vinculado(comite),
        "breadcrumbs": _breadcrumbs_comite(comite, (titulo, None)),
    })


@login_required
@require_POST
def comite_marcar_implantado(request, pk):
    comite = _comite_visivel(request, pk)
    permissions.exigir(request.user, Acao.IMPLANTACAO_MARCAR, comite)
    form = ImplantacaoForm(request.POST)
    if form.is_valid():
        try:
            services.marcar_implantado(comite, request.user, justificativa=form.cleaned_data["justificativa"])
        except services.ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
        else:
            messages.success(request, "Órgão/entidade marcado como implantado.")
    return redirect("comites:comite_detalhe", pk=comite.pk)


# ---------------------------------------------------------------------------------------------------
# Gestores de protocolo


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


# ---------------------------------------------------------------------------------------------------
# Gerenciar Acesso ao Tramita.GOV.BR (evaluation queue)


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

