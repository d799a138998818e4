"""Public pages: following an access request (the form lives in ``comites.solicitar``) and the public lists
of gestores and órgãos."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from comites import busca, services
from comites.models import Ambiente, Comite, SolicitacaoDeAcesso
from estrutura.models import normalizar_busca
from portal import permissions


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
