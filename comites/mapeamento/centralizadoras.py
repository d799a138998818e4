"""Unidades centralizadoras (spec §7.6): units that receive on behalf of other units of the same órgão.

First the gestor chooses the centralizadora(s), then the units each answers for. Rules: a centralizadora
is an active unit of the órgão mapped for receiving to a system serving the comitê; a covered unit has at
most one centralizadora (the conflict names it); a centralizadora is not itself covered (no chains). Stored
on ``estrutura.Unidade`` (``eh_centralizadora``, ``unidade_receptora``) and written by
``estrutura.services.mapeamento``; the structure API reports ``unidadeReceptora``/``codigoUnidadeReceptora``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count

from comites.deriva import resolucao
from comites.mapeamento.services import lista_curta, sistemas_do_comite
from comites.models import Comite
from comites.services import ErroDeNegocio
from estrutura.models import Unidade
from estrutura.services import mapeamento as escrita


def _rotulo(u: Unidade) -> str:
    return f"{u.nome} - {u.sigla}" if u.sigla else u.nome


def centralizadoras(comite: Comite):
    """The órgão's centralizadoras with how many units each answers for."""
    return (Unidade.objects.subarvore(comite.unidade).filter(eh_centralizadora=True)
            .annotate(atendidas=Count("unidades_atendidas")).order_by("nome_busca", "pk"))


def elegiveis(comite: Comite):
    """Units that may become centralizadoras: active, receiving through a system serving the comitê."""
    return Unidade.objects.subarvore(comite.unidade).filter(
        ativo=True, permite_recebimento=True, sistema__in=sistemas_do_comite(comite).values("pk"))


def centralizadora_do_comite(comite: Comite, uid: int) -> Unidade | None:
    return Unidade.objects.subarvore(comite.unidade).filter(pk=uid, eh_centralizadora=True).first()


@transaction.atomic
def definir(comite: Comite, ids: set[int]) -> int:
    """Makes the units centralizadoras. Raises ``ErroDeNegocio`` (nothing changes) when one is not eligible."""
    if not ids:
        raise ErroDeNegocio("Marque ao menos uma unidade para ser centralizadora.")
    unidades = list(Unidade.objects.subarvore(comite.unidade).filter(pk__in=ids).select_related("unidade_receptora"))
    if len(unidades) != len(ids):
        raise ErroDeNegocio("Alguma unidade enviada não pertence a este órgão/entidade. Recarregue a página e "
                            "tente de novo.")
    aptas = set(elegiveis(comite).filter(pk__in=ids).values_list("pk", flat=True))
    inaptas = [_rotulo(u) for u in unidades if u.pk not in aptas]
    if inaptas:
        raise ErroDeNegocio(
            "A unidade centralizadora precisa estar ativa e marcada para receber processos por um sistema deste "
            "órgão/entidade (Unidades administrativas). Não atendem a isso: " + lista_curta(inaptas) + ".")
    atendidas = [f"{_rotulo(u)} (atendida por {_rotulo(u.unidade_receptora)})" for u in unidades
                 if u.unidade_receptora_id is not None]
    if atendidas:
        raise ErroDeNegocio("Uma unidade atendida por uma centralizadora não pode ser centralizadora: "
                            + lista_curta(atendidas) + ". Retire-a da outra centralizadora antes.")
    return escrita.definir_centralizadoras(orgao=comite.unidade, ids=ids,
                                           detalhes=f"Comitê {comite.pk}: {len(ids)} unidade(s).")


@transaction.atomic
def remover(comite: Comite, centralizadora: Unidade) -> int:
    atendidas = list(Unidade.objects.filter(unidade_receptora=centralizadora).values_list("pk", flat=True))
    total = escrita.remover_centralizadora(orgao=comite.unidade, centralizadora=centralizadora,
                                           detalhes=f"Comitê {comite.pk}: {_rotulo(centralizadora)}.")
    resolucao.conciliar([centralizadora.pk, *atendidas])
    return total


@transaction.atomic
def salvar_atendidas(comite: Comite, centralizadora: Unidade, exibidas: set[int],
                     marcadas: set[int]) -> tuple[int, int]:
    """Among the shown units, the marked ones answer to ``centralizadora`` and the others no longer do.
    Returns (included, removed). Raises ``ErroDeNegocio`` (nothing changes) when a rule is broken."""
    if not marcadas <= exibidas:
        raise ErroDeNegocio("Foram enviadas unidades que não estavam na tela. Recarregue a página e tente de novo.")
    unidades = {u.pk: u for u in Unidade.objects.subarvore(comite.unidade).filter(pk__in=exibidas)
                .select_related("unidade_receptora")}
    if len(unidades) != len(exibidas):
        raise ErroDeNegocio("Alguma unidade enviada não pertence a este órgão/entidade. Recarregue a página e "
                            "tente de novo.")
    proprias = [_rotulo(unidades[pk]) for pk in marcadas if unidades[pk].eh_centralizadora]
    if proprias:
        raise ErroDeNegocio("Uma unidade centralizadora não pode ser atendida por outra: "
                            + lista_curta(proprias) + ".")
    de_outra = [f"{_rotulo(unidades[pk])} (atendida por {_rotulo(unidades[pk].unidade_receptora)})"
                for pk in marcadas if unidades[pk].unidade_receptora_id not in (None, centralizadora.pk)]
    if de_outra:
        raise ErroDeNegocio("Cada unidade só pode ser atendida por uma centralizadora. Já são atendidas por outra: "
                            + lista_curta(de_outra) + ". Retire-as da outra centralizadora antes.")
    incluir = [pk for pk in marcadas if unidades[pk].unidade_receptora_id is None]
    retirar = [pk for pk, u in unidades.items() if pk not in marcadas and u.unidade_receptora_id == centralizadora.pk]
    try:
        escrita.definir_atendidas(orgao=comite.unidade, centralizadora=centralizadora, incluir=incluir,
                                  retirar=retirar, detalhes=f"Comitê {comite.pk}: centralizadora "
                                                            f"{_rotulo(centralizadora)}.")
    except escrita.UnidadeEmOutraCentralizadora as erro:
        raise ErroDeNegocio("Outra pessoa entregou ao mesmo tempo estas unidades a outra centralizadora: "
                            + lista_curta([_rotulo(unidades[pk]) for pk in erro.ids if pk in unidades])
                            + ". Recarregue a página e confira.") from None
    resolucao.conciliar(retirar)
    return len(incluir), len(retirar)
