"""``/consulta/nup/``: anyone types a NUP and sees where that process is travelling (issue 12, item 9).

A GET form (works without JavaScript). Each lookup is counted per client IP (``comites.limite``, the
address from ``portal.rede``) before anything else, cache hits included; past the quota the answer is the
429 page. Anonymous answers are cached briefly (``portal.cache_publico.pagina_publica``, at most
``CONSULTA_NUP_CACHE_SEGUNDOS``, since the systems' transitions do not invalidate the public cache).
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from comites import limite
from portal.cache_publico import pagina_publica
from tramites import consulta_publica
from tramites.nup import FORMATO, TAMANHO_MAXIMO_DA_ENTRADA

TITULO = "Consultar processo pelo NUP"
LIMITE_PADRAO = (60, 60)
"""(lookups, seconds) per client IP; ``TRAMITES_LIMITE_CONSULTA_NUP`` overrides it."""
CACHE_PADRAO_SEGUNDOS = 30


def _contexto(**extra) -> dict:
    return {"titulo": TITULO, "breadcrumbs": [(TITULO, None)], "formato": FORMATO,
            "tamanho_maximo": TAMANHO_MAXIMO_DA_ENTRADA, **extra}


def limitada(view):
    """Counts every lookup (a request carrying ``nup``) per IP; past the quota answers 429."""

    @functools.wraps(view)
    def embrulho(request, *args, **kwargs):
        if "nup" in request.GET:
            quantidade, janela = getattr(settings, "TRAMITES_LIMITE_CONSULTA_NUP", LIMITE_PADRAO)
            if not limite.consumir(request, "consulta_nup", quantidade, janela):
                resposta = render(request, "tramites/consulta_nup_limite.html",
                                  _contexto(janela_minutos=max(1, janela // 60)), status=429)
                resposta["Retry-After"] = str(janela)
                return resposta
        return view(request, *args, **kwargs)

    return embrulho


def _gestores(orgao) -> str:
    """The public gestores page filtered to ``orgao`` (a ``consulta_publica.Orgao``)."""
    return reverse("comites:gestores_publicos") + "?" + urlencode({"orgao": orgao.nome, "ambiente": orgao.ambiente})


def consulta_nup(request):
    texto = request.GET.get("nup", "")
    if "nup" not in request.GET:
        return render(request, "tramites/consulta_nup.html", _contexto(texto=""))
    try:
        nup = consulta_publica.ler_nup(texto)
    except ValueError as erro:
        return render(request, "tramites/consulta_nup.html", _contexto(texto=texto[:TAMANHO_MAXIMO_DA_ENTRADA],
                                                                        erro=str(erro)))
    passos = consulta_publica.tramites_do_nup(nup)
    linhas = [{"passo": p, "gestores": _gestores(p.orgao_a_contatar) if p.orgao_a_contatar else ""} for p in passos]
    return render(request, "tramites/consulta_nup.html", _contexto(
        texto=texto, nup=nup, linhas=linhas, restrito=any(p.restrito for p in passos),
        limite_de_tramites=consulta_publica.LIMITE_DE_TRAMITES,
    ))


def _vida_do_cache() -> int:
    return getattr(settings, "CONSULTA_NUP_CACHE_SEGUNDOS", CACHE_PADRAO_SEGUNDOS)


pagina = limitada(pagina_publica(consulta_nup, segundos=_vida_do_cache))
