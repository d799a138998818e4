"""Exact per-status counts of the Painel from the engine's counters (``tramites.models.ContadorDeSituacao``).

Used whenever the filter is expressible in the counters' dimensions — período (whole days), situação, and the
órgão / SPE of **one** side (or the same órgão on both) — and the person's scope too: the Administrador (every
trâmite) or a gestor of a single órgão ("sent or received by it": sent + received − both). One indexed
query over at most a few rows per day, whatever the size of the set. Anything else (unit, NUP, NRE, IDT,
"parados", the two sides' SPEs at once, a gestor of several órgãos, supervisors…) returns ``None`` and the
Painel falls back to the bounded counts of ``tramites.painel.contagem``.
"""

from __future__ import annotations

from django.db.models import Case, F, Q, Sum, When

from portal import permissions
from portal.permissions import Acao, Perfil, escopo_do_usuario
from tramites import state_machine as sm
from tramites.models import ContadorDeSituacao
from tramites.painel.contagem import Contagem, ItemDaContagem

Lado = ContadorDeSituacao.Lado
FILTROS_EXPRESSIVEIS = frozenset({"data_inicial", "data_final", "orgao_origem", "orgao_destino", "spe_origem",
                                  "spe_destino", "situacao", "grafico"})
GESTORES = frozenset({Perfil.GESTOR, Perfil.GESTOR_OUTROS})


def _id(valor) -> int | None:
    return int(valor) if valor not in (None, "") else None


def _recorte(principal, dados) -> tuple[list[tuple[str, int | None, int | None, int]], bool] | None:
    """``([(lado, comitê, SPE, sinal)…], restrito)``: the counter rows whose signed sum is the filtered set;
    ``restrito``: read through ``restringir`` (a gestor). None when not expressible."""
    perfis = {p for p in permissions.perfis(principal)
              if p in permissions.MATRIZ[Acao.PAINEL_VER]} if principal is not None else set()
    origem, destino = _id(dados.get("orgao_origem")), _id(dados.get("orgao_destino"))
    spe_origem, spe_destino = _id(dados.get("spe_origem")), _id(dados.get("spe_destino"))
    if Perfil.ADMINISTRADOR in perfis:
        orgao, restrito = None, False
    elif perfis and perfis <= GESTORES and len(escopo_do_usuario(principal).comite_ids) == 1:
        (orgao,), restrito = escopo_do_usuario(principal).comite_ids, True
    else:
        return None
    lado_origem = origem is not None or spe_origem is not None
    lado_destino = destino is not None or spe_destino is not None
    if lado_origem and lado_destino:
        if origem is not None and origem == destino and spe_origem is None and spe_destino is None:
            return ([(Lado.INTERNO, origem, None, 1)], restrito)  # both sides the same órgão
        return None
    if lado_origem:
        if orgao is not None and origem != orgao:
            return None  # a gestor's SPE alone: "sent or received by the órgão, sent through this SPE"
        return ([(Lado.REMETENTE, origem, spe_origem, 1)], restrito)
    if lado_destino:
        if orgao is not None and destino != orgao:
            return None
        return ([(Lado.DESTINATARIO, destino, spe_destino, 1)], restrito)
    if orgao is None:
        return ([(Lado.TODOS, None, None, 1)], restrito)
    return ([(Lado.REMETENTE, orgao, None, 1), (Lado.DESTINATARIO, orgao, None, 1), (Lado.INTERNO, orgao, None, -1)],
            restrito)


def contar_pelos_contadores(principal, dados: dict, situacoes) -> Contagem | None:
    """The exact counts of the Painel's filtered set (``dados``: the filter's cleaned data) per status of
    ``situacoes`` from the counters, or None when the filter or the scope is not expressible in them."""
    if any(valor not in (None, "", [], ()) for campo, valor in dados.items() if campo not in FILTROS_EXPRESSIVEIS):
        return None
    recorte = _recorte(principal, dados)
    if recorte is None:
        return None
    partes, restrito = recorte
    escolhidas = [s for s in sm.Status if situacoes is None or s in situacoes]
    linhas = ContadorDeSituacao.objects.filter(status__in=[s.value for s in escolhidas])
    if restrito:  # a gestor's rows through the one door (its órgão's sides; never the totals)
        linhas = permissions.restringir(linhas, principal, Acao.PAINEL_VER)
    if dados.get("data_inicial"):
        linhas = linhas.filter(dia__gte=dados["data_inicial"])
    if dados.get("data_final"):
        linhas = linhas.filter(dia__lte=dados["data_final"])
    casos, filtro = [], Q(pk__in=[])
    for lado, comite, sistema, sinal in partes:
        condicao = Q(lado=lado.value)
        if lado is not Lado.TODOS and comite is not None:
            condicao &= Q(comite_id=comite)
        if sistema is not None:
            condicao &= Q(sistema_id=sistema)
        filtro |= condicao
        casos.append(When(condicao, then=F("delta") * sinal))
    somas = dict(linhas.filter(filtro).values("status").order_by("status")
                 .annotate(n=Sum(Case(*casos, default=0))).values_list("status", "n"))
    return Contagem(tuple(ItemDaContagem(s, int(somas.get(s.value) or 0), False) for s in escolhidas))
