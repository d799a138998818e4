"""Helpers shared by the estrutura screens: messages, the safe "voltar" link, the tree of a root."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.http import url_has_allowed_host_and_scheme

from estrutura import consultas
from estrutura.models import Unidade, normalizar_busca
from portal import permissions
from portal.identificadores import ler_id
from portal.permissions import Acao

# Above this many units, the tree opens with its first levels only; the search reaches the rest.
LIMITE_DA_ARVORE = 3000
NIVEIS_QUANDO_GRANDE = 2


def _mensagens_de(erro: ValidationError) -> list[str]:
    return list(erro.messages)


def _voltar(request, padrao: str) -> str:
    destino = request.POST.get("voltar") or request.GET.get("voltar")
    if destino and url_has_allowed_host_and_scheme(destino, allowed_hosts={request.get_host()}):
        return destino
    return padrao


def _eh_administrador(usuario) -> bool:
    return permissions.pode(usuario, Acao.REPOSITORIOS_GERENCIAR)


def _arvore_de(raiz: Unidade, *, termo: str = "", inativos: bool = False, selecionada=None) -> dict:
    """Nodes to show under ``raiz``: all of them, the first levels of a huge tree, or the search hits."""
    qs = Unidade.objects.subarvore(raiz)
    if not inativos:
        qs = qs.filter(Q(ativo=True) | Q(pk=raiz.pk))
    total = qs.count()
    aviso = ""
    destacar: set[int] = set()
    if termo:
        chave = normalizar_busca(termo)
        achadas = list(qs.filter(Q(nome_busca__contains=chave) | Q(sigla_busca__contains=chave))[:LIMITE_DA_ARVORE])
        destacar = {u.pk for u in achadas}
        lista = consultas.com_ancestrais([raiz, *achadas], ate=raiz)
        aviso = (f"{len(achadas)} unidade(s) encontrada(s) para “{termo}”." if achadas
                 else f"Nenhuma unidade encontrada para “{termo}”.")
    elif total > LIMITE_DA_ARVORE:
        lista = list(qs.filter(profundidade__lte=raiz.profundidade + NIVEIS_QUANDO_GRANDE))
        aviso = (f"Esta estrutura tem {total} unidades: mostrando os {NIVEIS_QUANDO_GRANDE + 1} primeiros níveis. "
                 "Use a busca para encontrar unidades mais abaixo.")
    else:
        lista = list(qs)
    abrir = set(destacar)
    id_selecionada = ler_id(selecionada)
    if id_selecionada is not None:
        abrir.add(id_selecionada)
        if all(u.pk != id_selecionada for u in lista):  # deeper than the levels shown: bring its path
            escolhida = qs.filter(pk=id_selecionada).first()
            if escolhida is not None:
                lista = consultas.com_ancestrais([*lista, escolhida], ate=raiz)
    nos = consultas.montar_arvore(lista, destacar=abrir, abrir_ate_nivel=1)
    for no in nos:
        no.destaque = no.unidade.pk in destacar
    return {"nos": nos, "total": total, "aviso_arvore": aviso}


def _com_voltar(url: str, voltar: str) -> str:
    return f"{url}?{urlencode({'voltar': voltar})}"
