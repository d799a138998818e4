"""Finding an órgão's root unit in the SIORG repository by name or sigla (no JavaScript needed)."""

from dataclasses import dataclass

from django.db.models import Q

from estrutura.models import Unidade, normalizar_busca
from portal import permissions

MINIMO_DE_CARACTERES = 3
LIMITE = 20


@dataclass
class Resultado:
    orgao: Unidade
    # Sub-units that matched the search and belong to this órgão (shown with an explanation).
    subunidades: list[Unidade]
    orgao_casou: bool


def buscar_orgaos(repositorio, termo: str, limite: int = LIMITE) -> list[Resultado]:
    """Active órgão root units matching ``termo``; a matching sub-unit brings its órgão with it."""
    termo = normalizar_busca(termo)
    if repositorio is None or len(termo) < MINIMO_DE_CARACTERES:
        return []
    encontradas = list(
        Unidade.objects.filter(repositorio=repositorio, ativo=True)
        .filter(Q(nome_busca__contains=termo) | Q(sigla_busca__contains=termo))
        .order_by("-eh_orgao", "profundidade", "nome")[: limite * 5]
    )
    ids_de_orgaos_ancestrais = {
        pk for unidade in encontradas if not unidade.eh_orgao for pk in unidade.ids_ancestrais
    }
    orgaos_ancestrais = {
        u.pk: u
        for u in Unidade.objects.filter(pk__in=ids_de_orgaos_ancestrais, eh_orgao=True, ativo=True)
    }
    resultados: dict[int, Resultado] = {}
    for unidade in encontradas:
        if unidade.eh_orgao:
            resultado = resultados.setdefault(unidade.pk, Resultado(unidade, [], True))
            resultado.orgao_casou = True
            continue
        orgao = next(
            (orgaos_ancestrais[pk] for pk in reversed(unidade.ids_ancestrais) if pk in orgaos_ancestrais), None
        )
        if orgao is None:
            continue
        resultado = resultados.setdefault(orgao.pk, Resultado(orgao, [], False))
        if len(resultado.subunidades) < 3:
            resultado.subunidades.append(unidade)
    ordenados = sorted(resultados.values(), key=lambda r: (not r.orgao_casou, r.orgao.nome_busca))
    return ordenados[:limite]


def buscar_para_pagina(repositorio, termo: str) -> tuple[list[Resultado] | None, str]:
    """(results, warning) for a search typed on a page: None results when nothing was searched."""
    termo = (termo or "").strip()
    if not termo:
        return None, ""
    if len(normalizar_busca(termo)) < MINIMO_DE_CARACTERES:
        return None, f"Digite ao menos {MINIMO_DE_CARACTERES} letras do nome ou da sigla do órgão."
    if repositorio is None:
        return [], "A estrutura do SIORG ainda não foi carregada neste portal."
    return buscar_orgaos(repositorio, termo), ""


def unidade_siorg(valor) -> Unidade | None:
    """The SIORG unit with the id given as text, or None."""
    try:
        pk = int(valor)
    except (TypeError, ValueError):
        return None
    return permissions.restringir(Unidade.objects.all(), None, None).filter(pk=pk, repositorio__is_siorg=True).first()
