"""Read-side helpers shared by the API, the public search and the screens. They never write.

Ancestors come from the materialized path: one ``pk IN (…)`` query for a whole page of units, whatever
their depth; subtrees are one indexed prefix/range query (``UnidadeQuerySet.subarvore``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Concat

from estrutura.models import RepositorioDeEstruturas, Unidade, filtro_de_subarvore, normalizar_busca


@dataclass(frozen=True)
class Ancestral:
    id: int
    nome: str
    sigla: str


def ids_do_caminho(caminho: str) -> list[int]:
    return [int(p) for p in caminho.split(".") if p]


def hierarquias(unidades: Iterable[Unidade]) -> dict[int, list[Ancestral]]:
    """For each unit, its ancestors nearest parent first (root last). One query for all of them."""
    unidades = list(unidades)
    linhagens = {u.pk: ids_do_caminho(u.caminho)[:-1] for u in unidades}
    todos = {i for ids in linhagens.values() for i in ids}
    dados = {
        pk: Ancestral(pk, nome, sigla)
        for pk, nome, sigla in Unidade.objects.filter(pk__in=todos).order_by().values_list("pk", "nome", "sigla")
    } if todos else {}
    return {pk: [dados[i] for i in reversed(ids) if i in dados] for pk, ids in linhagens.items()}


def caminho_legivel(ancestrais: list[Ancestral]) -> str:
    """ "SIGLA / PAI / … / RAIZ" as shown to people (nearest parent first, like the API)."""
    return " / ".join(a.sigla or a.nome for a in ancestrais)


@dataclass
class FiltroDeUnidades:
    nome: str = ""
    sigla: str = ""
    apenas_ativas: bool = False
    raiz: Unidade | None = None
    pai: Unidade | None = None
    permite_recebimento: bool = False
    permite_envio: bool = False
    apenas_orgaos: bool = False
    excluir: list[int] = field(default_factory=list)


def buscar(repositorio: RepositorioDeEstruturas, filtro: FiltroDeUnidades) -> QuerySet[Unidade]:
    """Units of one repositório matching the filter, ordered by name without accents (stable for paging)."""
    qs = Unidade.objects.filter(repositorio=repositorio)
    nome = normalizar_busca(filtro.nome)
    if nome:
        qs = qs.filter(nome_busca__contains=nome)
    sigla = normalizar_busca(filtro.sigla)
    if sigla:
        qs = qs.filter(sigla_busca__contains=sigla)
    if filtro.apenas_ativas:
        qs = qs.filter(ativo=True)
    if filtro.raiz is not None:
        qs = qs.filter(filtro_de_subarvore(filtro.raiz.caminho))
    if filtro.pai is not None:
        qs = qs.filter(parent=filtro.pai)
    if filtro.permite_recebimento:
        qs = qs.filter(permite_recebimento=True)
    if filtro.permite_envio:
        qs = qs.filter(permite_envio=True)
    if filtro.apenas_orgaos:
        qs = qs.filter(eh_orgao=True)
    return qs.order_by("nome_busca", "id")


# Below this many matches, a page is cut from the sorted matches instead of walking the name index.
LIMIAR_ORDENACAO_EM_MEMORIA = 10_000


def pagina_ordenada(qs: QuerySet[Unidade], total: int, inicio: int, quantidade: int) -> list[Unidade]:
    """One page of ``buscar`` results, with a plan that suits how many rows match.

    Given ``ORDER BY nome_busca LIMIT n``, databases like to walk the name index and test each row until n
    match; when the matches are few, or all sort late ("serviço de …"), that reads most of the table.
    Knowing ``total`` first (a cheap trigram/covering-index count), small result sets are fetched through
    the filter indexes and sorted (ordering by an expression keeps the planner off the name index); large
    ones, where matches are dense, keep the index walk.
    """
    if total == 0 or inicio >= total:
        return []
    if total <= LIMIAR_ORDENACAO_EM_MEMORIA:
        qs = qs.order_by(Concat("nome_busca", Value(""), output_field=CharField()), "id")
    return list(qs[inicio:inicio + quantidade])


# --- Trees for the screens -------------------------------------------------------------------------------


@dataclass
class No:
    unidade: Unidade
    nivel: int
    filhos: int = 0  # direct children among the shown units
    aberto: bool = False
    destaque: bool = False


def com_ancestrais(unidades: list[Unidade], ate: Unidade | None = None) -> list[Unidade]:
    """Adds the ancestors missing from ``unidades`` (down from ``ate``, when given) so a tree can show paths."""
    presentes = {u.pk for u in unidades}
    faltando = set()
    for u in unidades:
        for pk in ids_do_caminho(u.caminho)[:-1]:
            if pk not in presentes:
                faltando.add(pk)
    if ate is not None:
        faltando = {pk for pk in faltando if pk not in ids_do_caminho(ate.caminho)[:-1]}
    if not faltando:
        return unidades
    extras = list(Unidade.objects.filter(pk__in=faltando))
    return sorted([*unidades, *extras], key=lambda u: u.caminho)


def montar_arvore(unidades: list[Unidade], destacar: set[int] | None = None,
                  abrir_ate_nivel: int = 1) -> list[No]:
    """Flat, path-ordered list of nodes with their level relative to the shallowest unit shown.

    Rendering a tree from this list needs no recursion: each node knows its level and how many of its
    children are shown.
    """
    unidades = sorted(unidades, key=lambda u: u.caminho)
    if not unidades:
        return []
    base = min(u.profundidade for u in unidades)
    nos = [No(u, u.profundidade - base) for u in unidades]
    por_id = {no.unidade.pk: no for no in nos}
    destacar = destacar or set()
    for no in nos:
        pai = por_id.get(no.unidade.parent_id)
        if pai is not None:
            pai.filhos += 1
        no.destaque = no.unidade.pk in destacar
        no.aberto = no.nivel < abrir_ate_nivel
    if destacar:
        for pk in destacar:
            no = por_id.get(pk)
            while no is not None:
                pai = por_id.get(no.unidade.parent_id)
                if pai is not None:
                    pai.aberto = True
                no = pai
    return nos
