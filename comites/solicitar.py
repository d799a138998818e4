"""The public access request (spec §3.2), in two steps that work without JavaScript.

1. "O órgão é do Poder Executivo Federal?" — Sim or Não (a plain GET form).
2. The request form with only the block for that answer: the SIORG search and its results (Sim) or the
   órgão's own data (Não). The SIORG search, the "ver requisitos" buttons and the change of answer are
   buttons of the same form, so everything typed is kept; the files already accepted are kept as
   temporary private uploads named by signed tokens (``comites.anexos``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from comites import anexos, busca, services
from comites.arquivos import validar_documento
from comites.forms import SIM_NAO, SolicitacaoDeAcessoForm
from comites.limite import consumir_anexo, consumir_solicitacao, ip_de
from comites.models import Ambiente

RESPOSTAS = dict(SIM_NAO)
CAMPOS_DE_ANEXO = ("documento_comprobatorio", "documento_identificacao")
TITULO = "Solicitar Acesso ao Tramita.GOV.BR"


def _resposta(valor) -> str | None:
    return valor if valor in RESPOSTAS else None


def _contexto_base(**extra) -> dict:
    return {"titulo": TITULO, "breadcrumbs": [(TITULO, None)], "minimo": busca.MINIMO_DE_CARACTERES, **extra}


def solicitar_acesso(request):
    if request.method == "POST":
        return _receber(request)
    resposta = _resposta(request.GET.get("executivo_federal"))
    # Old links (search results, "ver requisitos") carry only the search or the unit: that means "Sim".
    if resposta is None and (request.GET.get("busca") or busca.unidade_siorg(request.GET.get("unidade"))):
        resposta = "sim"
    ambiente = request.GET.get("ambiente") if request.GET.get("ambiente") in Ambiente.values else ""
    if resposta is None:
        return render(request, "comites/solicitar_acesso_inicio.html", _contexto_base(
            ambiente=ambiente, respostas=SIM_NAO,
            erro_resposta="passo" in request.GET or "executivo_federal" in request.GET,
        ))
    inicial = {"executivo_federal": resposta}
    if ambiente:
        inicial["ambiente"] = ambiente
    selecionada = busca.unidade_siorg(request.GET.get("unidade")) if resposta == "sim" else None
    if selecionada:
        inicial["unidade"] = selecionada.pk
    form = SolicitacaoDeAcessoForm(initial=inicial)
    return _pagina(request, form, resposta, termo=request.GET.get("busca", ""), selecionada=selecionada)


def _receber(request):
    """A POST of step 2: the SIORG search, a change of answer, or the submission itself."""
    dados = request.POST
    resposta = _resposta(dados.get("executivo_federal")) or "sim"
    termo = (dados.get("busca") or "").strip()
    arquivos, tokens = _arquivos_recebidos(dados, request.FILES)

    mudar_para = _resposta(dados.get("mudar_para"))
    requisitos = busca.unidade_siorg(dados.get("requisitos"))
    # A search term not searched yet means the person pressed Enter in the search box (or typed a new
    # term and then sent): show the results instead of validating a form they are still filling.
    nova_busca = resposta == "sim" and termo and termo != (dados.get("busca_feita") or "").strip()
    if mudar_para or requisitos or "buscar" in dados or nova_busca:
        inicial = {campo: dados.get(campo) for campo in SolicitacaoDeAcessoForm.base_fields if campo in dados}
        inicial.pop("executivo_federal", None)
        if mudar_para:
            resposta = mudar_para
        if requisitos:
            inicial.update(unidade=requisitos.pk, ambiente=Ambiente.PRODUCAO)
        inicial["executivo_federal"] = resposta
        form = SolicitacaoDeAcessoForm(initial=inicial)
        mantidos = _manter_anexos(request, arquivos, tokens)
        selecionada = busca.unidade_siorg(inicial.get("unidade")) if resposta == "sim" else None
        return _pagina(request, form, resposta, termo=termo, selecionada=selecionada, mantidos=mantidos,
                       enviados=set(arquivos))

    if not consumir_solicitacao(request):
        return render(request, "comites/limite_excedido.html", _contexto_base(), status=429)
    form = SolicitacaoDeAcessoForm(dados, arquivos)
    contexto = {}
    if form.is_valid():
        try:
            solicitacao = services.criar_solicitacao(form.cleaned_data, ip=ip_de(request))
        except services.SolicitacaoDuplicada as erro:
            return _mostrar_duplicidade(request, erro)
        except services.ProducaoNaoHabilitada as erro:
            form.add_error(None, erro.mensagem)
            contexto["checklist"] = erro.checklist
        else:
            for token in tokens.values():
                anexos.descartar(token)
            messages.success(
                request,
                f"Solicitação enviada. Protocolo {solicitacao.protocolo}. Enviamos para {solicitacao.email} "
                "o link desta página, onde você acompanha a análise.",
            )
            return redirect("comites:acompanhar_solicitacao", token=solicitacao.token)
    selecionada = (form.unidade_escolhida or busca.unidade_siorg(dados.get("unidade"))) if resposta == "sim" else None
    mantidos = _manter_anexos(request, arquivos, tokens, form)
    return _pagina(request, form, resposta, termo=termo, selecionada=selecionada, mantidos=mantidos,
                   enviados=set(arquivos), **contexto)


def _arquivos_recebidos(dados, files):
    """The files of this submission: those just chosen, else those kept from a previous one (by token)."""
    arquivos = files.copy()
    tokens = {}
    for campo in CAMPOS_DE_ANEXO:
        if arquivos.get(campo):
            continue  # a new choice replaces the kept file
        token = dados.get(f"{campo}_mantido") or ""
        recuperado = anexos.recuperar(token) if token else None
        if recuperado is not None:
            arquivos[campo] = recuperado
            tokens[campo] = token
    return arquivos, tokens


def _manter_anexos(request, arquivos, tokens, form=None) -> dict[str, tuple[str, str]]:
    """{campo: (token, file name)} of the accepted files, kept for the next submission."""
    mantidos = {}
    for campo in CAMPOS_DE_ANEXO:
        arquivo = arquivos.get(campo)
        if arquivo is None or (form is not None and form.has_error(campo)):
            continue
        token = tokens.get(campo)
        if token is None:
            if form is None:  # not validated yet (search, change of answer): check it the same way
                try:
                    validar_documento(arquivo)
                except ValidationError:
                    continue
            if not consumir_anexo(request):
                continue
            token = anexos.guardar(arquivo)
        mantidos[campo] = (token, anexos.nome_original(token) or arquivo.name)
    return mantidos


def _pagina(request, form, resposta, *, termo="", selecionada=None, mantidos=None, enviados=(), **extra):
    termo = (termo or "").strip() if resposta == "sim" else ""
    resultados, aviso_busca = busca.buscar_para_pagina(services.repositorio_siorg() if termo else None, termo)
    ambiente = form.data.get("ambiente") if form.is_bound else form.initial.get("ambiente",
                                                                                  form.fields["ambiente"].initial)
    contexto = _contexto_base(
        form=form, resposta=resposta, rotulo_resposta=RESPOSTAS[resposta],
        outra_resposta="nao" if resposta == "sim" else "sim", termo=termo, resultados=resultados,
        aviso_busca=aviso_busca, selecionada=selecionada, ambiente_escolhido=ambiente,
        pede_producao=ambiente == Ambiente.PRODUCAO, ids_resultados={r.orgao.pk for r in resultados or []},
        anexos=[_anexo(form, campo, (mantidos or {}).get(campo), campo in enviados) for campo in CAMPOS_DE_ANEXO],
        **extra,
    )
    if contexto["pede_producao"] and selecionada is not None and "checklist" not in contexto:
        contexto["checklist"] = services.checklist_para_producao(unidade=selecionada)
    return render(request, "comites/solicitar_acesso.html", contexto)


def _anexo(form, campo, mantido, enviado) -> dict:
    token, nome = mantido or ("", "")
    return {"campo": form[campo], "token": token, "nome": nome,
            "perdido": enviado and not mantido and not form[campo].errors}


def _mostrar_duplicidade(request, erro):
    dup = erro.duplicidade
    grupos = [
        (c, list(services.gestores_ativos(c).order_by("pessoa__nome"))) for c in dup.comites if c.ativo
    ]
    return render(request, "comites/solicitacao_duplicada.html", {
        "mensagem": erro.mensagem, "unidade": dup.unidade, "grupos": grupos,
        "titulo": "Órgão já cadastrado ou com solicitação em análise",
        "breadcrumbs": [(TITULO, reverse("comites:solicitar_acesso")), ("Solicitação não registrada", None)],
    })
