"""Minhas exportações: the person's scheduled exports and the download of a ready file (owner only)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from portal.models import ExportacaoAgendada
from portal.services import exportacoes, parametros


@login_required
def minhas_exportacoes(request):
    return render(request, "portal/exportacoes/lista.html", {
        "exportacoes": exportacoes.do_usuario(request.user)[:100],
        "dias": parametros.inteiro("exportacao_dias_retencao"),
        "titulo": "Minhas exportações", "breadcrumbs": [("Minhas exportações", None)],
    })


@login_required
def baixar(request, pk):
    """Only the owner downloads; anyone else (administrators included) gets 404."""
    exportacao = get_object_or_404(exportacoes.do_usuario(request.user), pk=pk,
                                   situacao=ExportacaoAgendada.Situacao.PRONTA)
    if not exportacao.arquivo:
        raise Http404
    try:
        arquivo = exportacao.arquivo.open("rb")
    except FileNotFoundError as erro:
        raise Http404 from erro
    nome = exportacao.arquivo.name.rsplit("/", 1)[-1]
    return FileResponse(arquivo, as_attachment=True, filename=nome)
