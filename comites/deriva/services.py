"""Finding, announcing and fixing drift: units inactivated while still mapped (spec §7.7, §14).

``registrar`` runs once per inactivation (one SIORG sync, one Inativar in Hierarquia): it records one open
entry per comitê and unit, audits it and sends each comitê's gestores **one** e-mail listing that sync's
units (none when the sync found none, none for units already listed). ``desvincular`` is the gestor's
"Desvincular" action; ``resolucao.conciliar`` closes entries that stopped holding by other means.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from comites.deriva.models import PendenciaDeEstrutura
from comites.deriva.resolucao import LOTE, conciliar
from comites.mapeamento import services as mapeamento
from comites.models import Comite, Sistema, VinculoSistemaComite
from comites.services import ErroDeNegocio, gestores_ativos, url_absoluta
from estrutura.models import ExecucaoDeImportacao, ModoDeTramitacao, Unidade
from portal.services import auditoria, email

MAPEADA = Q(sistema__isnull=False) | Q(eh_centralizadora=True) | Q(unidade_receptora__isnull=False)
# The most units one e-mail lists by name (the page lists them all).
MAXIMO_NO_EMAIL = 50


def _afetadas(ids: list[int]) -> list[Unidade]:
    """The inactive units among ``ids`` that are still mapped, centralizing or covered."""
    unidades: list[Unidade] = []
    for inicio in range(0, len(ids), LOTE):
        unidades += list(Unidade.objects.filter(MAPEADA, pk__in=ids[inicio:inicio + LOTE], ativo=False)
                         .select_related("sistema", "unidade_receptora").order_by("caminho"))
    return unidades


def _comites_por_raiz(unidades: list[Unidade]) -> dict[str, list[Comite]]:
    """The comitês rooted at any ancestor-or-self of the units, by their root's path."""
    prefixos = {".".join(u.caminho.split(".")[:fim]) + "." for u in unidades
                for fim in range(1, u.caminho.count(".") + 1)}
    por_raiz: dict[str, list[Comite]] = defaultdict(list)
    for comite in Comite.objects.filter(unidade__caminho__in=prefixos).select_related("unidade").order_by("pk"):
        por_raiz[comite.unidade.caminho].append(comite)
    return por_raiz


def _raiz(caminho: str, por_raiz: dict[str, list[Comite]]) -> list[Comite]:
    """The comitês of the deepest root over ``caminho`` (as ``estrutura.escopo`` scopes units)."""
    partes = caminho.split(".")[:-1]
    for fim in range(len(partes), 0, -1):
        comites = por_raiz.get(".".join(partes[:fim]) + ".")
        if comites:
            return comites
    return []


def _sistemas_de(comites: Iterable[Comite]) -> dict[int, set[int]]:
    ids = [c.pk for c in comites]
    servidos: dict[int, set[int]] = defaultdict(set)
    for sistema_id, comite_id in Sistema.objects.filter(orgao_responsavel_id__in=ids).values_list(
            "pk", "orgao_responsavel_id"):
        servidos[comite_id].add(sistema_id)
    for sistema_id, comite_id in VinculoSistemaComite.objects.filter(comite_id__in=ids).values_list(
            "sistema_id", "comite_id"):
        servidos[comite_id].add(sistema_id)
    return servidos


def _comites_afetados(unidade: Unidade, candidatos: list[Comite], servidos: dict[int, set[int]]) -> list[Comite]:
    """Of the comitês owning the unit, those whose configuration it touches: its system serves them, or it
    takes part in their centralizadoras (stored on the unit, shared by the órgão's comitês). When its
    system serves none of them (unlinked since), every one, so someone sees it."""
    if unidade.eh_centralizadora or unidade.unidade_receptora_id:
        return candidatos
    return [c for c in candidatos if unidade.sistema_id in servidos[c.pk]] or candidatos


def _motivo(motivo: str) -> str:
    return motivo if motivo in PendenciaDeEstrutura.Motivo.values else PendenciaDeEstrutura.Motivo.MANUAL


@transaction.atomic
def registrar(ids: Iterable[int], motivo: str = "siorg", execucao_id: int | None = None) -> dict[int, int]:
    """Records the drift an inactivation caused and e-mails each affected comitê once (after commit).
    Returns comitê id → how many new entries. Units already listed (an open entry) are skipped."""
    unidades = _afetadas(sorted(set(ids)))
    if not unidades:
        return {}
    if execucao_id is not None and not ExecucaoDeImportacao.objects.filter(pk=execucao_id).exists():
        execucao_id = None
    por_raiz = _comites_por_raiz(unidades)
    servidos = _sistemas_de(c for comites in por_raiz.values() for c in comites)
    abertas = set(PendenciaDeEstrutura.objects.filter(
        resolvida_em__isnull=True, unidade_id__in=[u.pk for u in unidades]).values_list("comite_id", "unidade_id"))
    atendidas = dict(Unidade.objects.filter(unidade_receptora__in=[u.pk for u in unidades if u.eh_centralizadora])
                     .values("unidade_receptora").annotate(n=Count("pk")).values_list("unidade_receptora", "n"))
    agora, motivo = timezone.now(), _motivo(motivo)
    novas: dict[Comite, list[PendenciaDeEstrutura]] = defaultdict(list)
    for unidade in unidades:
        for comite in _comites_afetados(unidade, _raiz(unidade.caminho, por_raiz), servidos):
            if (comite.pk, unidade.pk) in abertas:
                continue
            modo = ModoDeTramitacao.de_flags(unidade.permite_envio, unidade.permite_recebimento)
            novas[comite].append(PendenciaDeEstrutura(
                comite=comite, unidade=unidade, sistema_id=unidade.sistema_id, modo=modo.value if modo else "",
                era_centralizadora=unidade.eh_centralizadora, atendidas=atendidas.get(unidade.pk, 0),
                centralizadora_id=unidade.unidade_receptora_id, motivo=motivo, execucao_id=execucao_id,
                detectada_em=agora,
            ))
    for comite, pendencias in novas.items():
        PendenciaDeEstrutura.objects.bulk_create(pendencias)
        auditoria.registrar(
            "comites.deriva.detectada", comite,
            depois={"unidades": [p.unidade_id for p in pendencias], "motivo": motivo, "execucao": execucao_id},
            detalhes=f"{len(pendencias)} unidade(s) inativada(s) ainda mapeada(s).",
        )
        _avisar(comite, pendencias, motivo, execucao_id, agora)
    return {comite.pk: len(pendencias) for comite, pendencias in novas.items()}


def afetado(pendencia: PendenciaDeEstrutura) -> str:
    """What the entry's unit still takes part in, as found (pt-BR)."""
    partes = []
    if pendencia.sistema_id:
        modo = ModoDeTramitacao(pendencia.modo).label if pendencia.modo else "sem modo"
        partes.append(f"vinculada ao sistema {pendencia.sistema.nome if pendencia.sistema else '(excluído)'} "
                      f"({modo})")
    if pendencia.era_centralizadora:
        partes.append(f"centralizadora de {pendencia.atendidas} unidade(s)")
    if pendencia.centralizadora_id:
        partes.append(f"atendida pela centralizadora {pendencia.centralizadora}")
    return "; ".join(partes)


def _avisar(comite: Comite, pendencias: list[PendenciaDeEstrutura], motivo: str, execucao_id, agora) -> None:
    destinatarios = sorted({g.pessoa.email_unidade or g.pessoa.email for g in gestores_ativos(comite)} - {""})
    if not destinatarios or not comite.ativo:
        return
    linhas = [f"- {p.unidade}: {afetado(p)}" for p in pendencias[:MAXIMO_NO_EMAIL]]
    if len(pendencias) > MAXIMO_NO_EMAIL:
        linhas.append(f"- e mais {len(pendencias) - MAXIMO_NO_EMAIL} unidade(s), listadas no portal")
    quando = timezone.localtime(agora).strftime("%d/%m/%Y %H:%M")
    origem = (f"na sincronização com o SIORG de {quando}" + (f" (execução nº {execucao_id})" if execucao_id else "")
              if motivo == PendenciaDeEstrutura.Motivo.SIORG else f"em {quando} ({_rotulo_motivo(motivo)})")
    email.enviar("deriva_estrutura", destinatarios, {
        "orgao": str(comite.unidade), "quantidade": len(pendencias), "origem": origem,
        "unidades": "\n".join(linhas),
        "link": url_absoluta(reverse("comites:comite_detalhe", args=[comite.pk]) + "#unidades-inativadas"),
    })


def _rotulo_motivo(motivo: str) -> str:
    return PendenciaDeEstrutura.Motivo(motivo).label.lower()


def desvincular(pendencia: PendenciaDeEstrutura, por) -> list[str]:
    """The gestor's action: unmaps the inactive unit everywhere (``comites.mapeamento``, audited) and
    resolves the entry (and the same unit's entries in the órgão's other comitês). A unit reactivated in
    the meantime keeps its mappings: its entry is closed as such and ``ErroDeNegocio`` says so."""
    if Unidade.objects.filter(pk=pendencia.unidade_id, ativo=True).exists():
        conciliar([pendencia.unidade_id])
        raise ErroDeNegocio("A unidade foi reativada: a pendência foi encerrada e os vínculos dela continuam "
                            "valendo.")
    return _desvincular(pendencia, por)


@transaction.atomic
def _desvincular(pendencia: PendenciaDeEstrutura, por) -> list[str]:
    pendencia = PendenciaDeEstrutura.objects.select_for_update(of=("self",)).select_related(
        "comite__unidade", "unidade").get(pk=pendencia.pk)
    if not pendencia.aberta:
        raise ErroDeNegocio("Esta pendência já foi resolvida.")
    feitos = mapeamento.desvincular_unidade_inativa(pendencia.comite, pendencia.unidade)
    PendenciaDeEstrutura.objects.filter(pk=pendencia.pk).update(
        resolvida_em=timezone.now(), resolucao=PendenciaDeEstrutura.Resolucao.DESVINCULADA, resolvida_por=por)
    auditoria.registrar("comites.deriva.desvinculada", pendencia.comite,
                        depois={"unidade": pendencia.unidade_id, "feito": feitos},
                        detalhes=f"{pendencia.unidade}: " + "; ".join(feitos or ["nenhum vínculo restava"]) + ".")
    conciliar([pendencia.unidade_id])
    return feitos


def abertas(comite: Comite):
    """The comitê's open entries with what the page shows (scope is applied by the caller)."""
    return (PendenciaDeEstrutura.objects.filter(comite=comite, resolvida_em__isnull=True)
            .select_related("unidade", "unidade__sistema", "unidade__unidade_receptora", "sistema",
                            "centralizadora", "execucao")
            .order_by("unidade__nome_busca", "pk"))
