"""Gestor Tecnológico per órgão with its history: the only writer of ``HistoricoGestorTecnologico``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from comites.models import Comite, HistoricoGestorTecnologico
from comites.services import ErroDeNegocio
from portal.services import auditoria


@dataclass(frozen=True)
class Periodo:
    gestor_tecnologico: object
    data_inicial: datetime
    data_final: datetime | None


def historico(comite: Comite) -> list[Periodo]:
    """The periods, newest first. A comitê never changed has one period: its current one since creation."""
    periodos = [
        Periodo(h.gestor_tecnologico, h.data_inicial, h.data_final)
        for h in comite.historico_gestor_tecnologico.select_related("gestor_tecnologico")
    ]
    if not periodos:
        periodos = [Periodo(comite.gestor_tecnologico, comite.criado_em, None)]
    return periodos


@transaction.atomic
def alterar_gestor_tecnologico(comite: Comite, novo, por) -> Comite:
    """Closes the current period and opens one for ``novo``; the comitê's current gestor tecnológico
    (what every scope rule reads: Gestor Outros, Administrador Externo) changes in the same transaction."""
    # of=self: PostgreSQL cannot lock the nullable side of the gestor tecnológico's outer join.
    comite = (
        Comite.objects.select_for_update(of=("self",)).select_related("gestor_tecnologico", "unidade")
        .get(pk=comite.pk)
    )
    if not novo.ativo:
        raise ErroDeNegocio("Escolha um gestor tecnológico ativo.")
    if comite.gestor_tecnologico_id == novo.pk:
        raise ErroDeNegocio(f"{novo} já é o gestor tecnológico deste órgão/entidade.")
    agora = timezone.now()
    atual = HistoricoGestorTecnologico.objects.select_for_update().filter(comite=comite, data_final=None).first()
    if atual is None:  # the first change: record the period the comitê had since its creation
        atual = HistoricoGestorTecnologico(comite=comite, gestor_tecnologico=comite.gestor_tecnologico,
                                           data_inicial=comite.criado_em)
    atual.data_final = agora
    atual.save()
    HistoricoGestorTecnologico.objects.create(comite=comite, gestor_tecnologico=novo, data_inicial=agora,
                                              alterado_por=por if getattr(por, "pk", None) else None)
    antes = str(comite.gestor_tecnologico or "—")
    comite.gestor_tecnologico = novo
    comite.save(update_fields=["gestor_tecnologico"])
    auditoria.registrar("comite.gestor_tecnologico_alterado", comite, antes={"gestor_tecnologico": antes},
                        depois={"gestor_tecnologico": str(novo)}, comite_id=comite.pk)
    return comite


# ---------------------------------------------------------------------------------------------------
# Definir novo Órgão/Entidade (spec §4.2)


@dataclass(frozen=True)
class No:
    """A node offered by Definir novo órgão: already an órgão in the ambiente, or under which one."""

    unidade: object
    ja_definido: bool
    responsavel: str  # sigla (or name) of the órgão whose subtree holds it; "" when none


def nos_do_repositorio(repositorio, ambiente: str, busca: str = "", limite: int = 300) -> tuple[list[No], bool]:
    """The repositório's active units in tree order (optionally only those matching ``busca``), each
    marked "(já definido)" or with the órgão responsible for it. Returns (nodes, more than ``limite``)."""
    from estrutura.models import Unidade, normalizar_busca

    unidades = Unidade.objects.filter(repositorio=repositorio, ativo=True).order_by("caminho")
    termo = normalizar_busca(busca)
    if termo:
        from django.db.models import Q

        unidades = unidades.filter(Q(nome_busca__contains=termo) | Q(sigla_busca__contains=termo))
    linhas = list(unidades[: limite + 1])
    raizes = {
        caminho: sigla or nome
        for caminho, sigla, nome in Comite.objects.filter(unidade__repositorio=repositorio, ambiente=ambiente)
        .values_list("unidade__caminho", "unidade__sigla", "unidade__nome")
    }
    nos = []
    for unidade in linhas[:limite]:
        segmentos = unidade.caminho.split(".")[:-1]
        responsavel = ""
        for fim in range(len(segmentos) - 1, 0, -1):
            responsavel = raizes.get(".".join(segmentos[:fim]) + ".", "")
            if responsavel:
                break
        nos.append(No(unidade, unidade.caminho in raizes, responsavel))
    return nos, len(linhas) > limite


@transaction.atomic
def definir_orgao(unidade, ambiente: str, por) -> Comite:
    """A node of a repositório becomes a managed órgão (a comitê) in ``ambiente``; its subtree belongs to
    it until a descendant node is itself defined. The comitê starts without gestores (add them next)."""
    from estrutura.models import Unidade

    unidade = Unidade.objects.select_for_update().get(pk=unidade.pk)
    if not unidade.ativo:
        raise ErroDeNegocio("Uma unidade inativa não pode ser definida como órgão/entidade.")
    if Comite.objects.filter(unidade=unidade, ambiente=ambiente).exists():
        raise ErroDeNegocio("Esta unidade já está definida como órgão/entidade neste ambiente (já definido).")
    comite = Comite.objects.create(unidade=unidade, ambiente=ambiente)
    auditoria.registrar("comite.definido", comite, depois={"orgao": str(unidade), "ambiente": ambiente},
                        comite_id=comite.pk)
    return comite
