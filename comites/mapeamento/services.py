"""Unidades administrativas per SPE (spec §7.5): which units of an órgão send and/or receive through
which system.

The mapping is stored on ``estrutura.Unidade`` (``sistema`` and the mode flags) so the structure API needs
nothing above ``estrutura``; this service decides and validates, and ``estrutura.services.mapeamento``
writes it (set-based, audited). Rules: a unit is mapped to at most one system (the conflict names the
other system); only active units are newly mapped; the system must serve the comitê.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from comites.deriva import resolucao
from comites.models import Comite, Sistema
from comites.services import ErroDeNegocio
from estrutura.models import ModoDeTramitacao, Unidade
from estrutura.services import mapeamento as escrita

MAXIMO_DE_NOMES = 5


def sistemas_do_comite(comite: Comite):
    """The active systems serving the comitê's órgão: the one it is responsible for and those linked to it."""
    return (
        Sistema.objects.filter(Q(orgao_responsavel=comite) | Q(comites=comite), ativo=True)
        .distinct().order_by("nome")
    )


@dataclass(frozen=True)
class Resultado:
    incluidas: int = 0
    alteradas: int = 0
    removidas: int = 0

    @property
    def total(self) -> int:
        return self.incluidas + self.alteradas + self.removidas


def lista_curta(nomes: list[str]) -> str:
    texto = "; ".join(nomes[:MAXIMO_DE_NOMES])
    return texto + (f"; e mais {len(nomes) - MAXIMO_DE_NOMES}" if len(nomes) > MAXIMO_DE_NOMES else "")


def _modo(envio: bool, recebimento: bool) -> str | None:
    modo = ModoDeTramitacao.de_flags(envio, recebimento)
    return modo.value if modo else None


@transaction.atomic
def salvar_mapeamento(comite: Comite, sistema: Sistema, exibidas: set[int], escolhas: dict[int, str]) -> Resultado:
    """Saves the units shown on the screen (``exibidas``): those in ``escolhas`` (unit id → mode) are mapped
    to ``sistema`` with that mode, the other shown units mapped to it are unmapped. Units not shown are
    left alone. Raises ``ErroDeNegocio`` (and changes nothing) when a rule is broken."""
    if not sistemas_do_comite(comite).filter(pk=sistema.pk).exists():
        raise ErroDeNegocio(f"O sistema {sistema.nome} não está ativo nem vinculado a este órgão/entidade.")
    if not set(escolhas) <= exibidas:
        raise ErroDeNegocio("Foram enviadas unidades que não estavam na tela. Recarregue a página e tente de novo.")
    try:
        modos = {pk: ModoDeTramitacao(valor) for pk, valor in escolhas.items()}
    except ValueError:
        raise ErroDeNegocio("Escolha para cada unidade marcada: Enviar e Receber, Somente Enviar ou "
                            "Somente Receber.") from None
    orgao = comite.unidade
    linhas = {
        pk: (nome, sigla, ativo, sistema_id, envio, recebimento)
        for pk, nome, sigla, ativo, sistema_id, envio, recebimento in Unidade.objects.subarvore(orgao)
        .filter(pk__in=exibidas).order_by().values_list(
            "pk", "nome", "sigla", "ativo", "sistema_id", "permite_envio", "permite_recebimento")
    }
    if len(linhas) != len(exibidas):
        raise ErroDeNegocio("Alguma unidade enviada não pertence a este órgão/entidade. Recarregue a página e "
                            "tente de novo.")

    def rotulo(pk):
        nome, sigla = linhas[pk][0], linhas[pk][1]
        return f"{nome} - {sigla}" if sigla else nome

    em_outro = [pk for pk in modos if linhas[pk][3] not in (None, sistema.pk)]
    if em_outro:
        outros = dict(Sistema.objects.filter(pk__in={linhas[pk][3] for pk in em_outro}).values_list("pk", "nome"))
        raise ErroDeNegocio(
            "Uma unidade só pode estar vinculada a um sistema. Já estão vinculadas a outro sistema: "
            + lista_curta([f"{rotulo(pk)} (sistema {outros.get(linhas[pk][3], linhas[pk][3])})" for pk in em_outro])
            + ". Desvincule-as no outro sistema antes."
        )
    centralizadoras = set(Unidade.objects.filter(pk__in=exibidas, eh_centralizadora=True).values_list("pk", flat=True))
    deixam_de_receber = [pk for pk in centralizadoras if linhas[pk][3] == sistema.pk
                         and (pk not in modos or not modos[pk].flags[1])]
    if deixam_de_receber:
        raise ErroDeNegocio(
            "Uma unidade centralizadora precisa receber processos: "
            + lista_curta([rotulo(pk) for pk in deixam_de_receber])
            + ". Remova-a das unidades centralizadoras antes de desvinculá-la ou de deixá-la somente enviar.")
    inativas = [pk for pk in modos if not linhas[pk][2] and linhas[pk][3] != sistema.pk]
    if inativas:
        raise ErroDeNegocio("Unidades inativas não podem ser vinculadas: "
                            + lista_curta([rotulo(pk) for pk in inativas]) + ".")
    antes = {pk: _modo(linha[4], linha[5]) if linha[3] == sistema.pk else None for pk, linha in linhas.items()}
    mudar = {pk: modo for pk, modo in modos.items() if antes[pk] != modo.value}
    soltar = [pk for pk in exibidas if pk not in modos and antes[pk] is not None]
    resultado = Resultado(
        incluidas=sum(1 for pk in mudar if antes[pk] is None),
        alteradas=sum(1 for pk in mudar if antes[pk] is not None),
        removidas=len(soltar),
    )
    if not resultado.total:
        return resultado
    try:
        escrita.aplicar_mapeamento(
            sistema_id=sistema.pk, orgao=orgao, modos=mudar, desvincular=soltar,
            antes={pk: antes[pk] for pk in [*mudar, *soltar]},
            detalhes=(f"Sistema {sistema.nome} (comitê {comite.pk}): {resultado.incluidas} incluída(s), "
                      f"{resultado.alteradas} alterada(s), {resultado.removidas} removida(s)."),
        )
    except escrita.UnidadeEmOutroSistema as erro:
        raise ErroDeNegocio(
            "Outra pessoa vinculou ao mesmo tempo estas unidades a outro sistema: "
            + lista_curta([rotulo(pk) for pk in erro.ids if pk in linhas]) + ". Recarregue a página e confira."
        ) from None
    resolucao.conciliar(soltar)  # an inactive unit unmapped here leaves the drift list
    return resultado


def contagem_por_subarvore(orgao: Unidade, sistema: Sistema) -> dict[int, int]:
    """For each unit of the órgão, how many units strictly below it are mapped to ``sistema`` (one query)."""
    contagem: dict[int, int] = {}
    caminhos = Unidade.objects.subarvore(orgao).filter(sistema=sistema).order_by().values_list("caminho", flat=True)
    for caminho in caminhos:
        for parte in caminho.split(".")[:-2]:  # the ancestors (the last part is empty, the one before is itself)
            pk = int(parte)
            contagem[pk] = contagem.get(pk, 0) + 1
    return contagem


@transaction.atomic
def desvincular_unidade_inativa(comite: Comite, unidade: Unidade) -> list[str]:
    """Takes an inactive unit of the órgão out of every mapping: its system, its role as centralizadora (the
    units it answered for are freed) and the centralizadora that answered for it. Each step is written and
    audited by ``estrutura.services.mapeamento``. Returns what was undone (pt-BR, for the message)."""
    unidade = Unidade.objects.subarvore(comite.unidade).select_for_update(of=("self",)).select_related(
        "sistema", "unidade_receptora").filter(pk=unidade.pk).first()
    if unidade is None:
        raise ErroDeNegocio("Esta unidade não pertence mais a este órgão/entidade.")
    if unidade.ativo:
        raise ErroDeNegocio("Esta unidade está ativa: altere os vínculos dela nas telas de unidades "
                            "administrativas e centralizadoras.")
    orgao, feitos = comite.unidade, []
    detalhes = f"Comitê {comite.pk}: unidade inativada {unidade} desvinculada."
    if unidade.eh_centralizadora:
        n = escrita.remover_centralizadora(orgao=orgao, centralizadora=unidade, detalhes=detalhes)
        feitos.append(f"deixou de ser centralizadora ({n} unidade(s) liberada(s))")
    if unidade.unidade_receptora_id is not None:
        escrita.definir_atendidas(orgao=orgao, centralizadora=unidade.unidade_receptora, retirar=[unidade.pk],
                                  detalhes=detalhes)
        feitos.append(f"deixou de ser atendida por {unidade.unidade_receptora}")
    if unidade.sistema_id is not None:
        escrita.aplicar_mapeamento(sistema_id=unidade.sistema_id, orgao=orgao, modos={}, desvincular=[unidade.pk],
                                   antes={unidade.pk: _modo(unidade.permite_envio, unidade.permite_recebimento)},
                                   detalhes=detalhes)
        feitos.append(f"desvinculada do sistema {unidade.sistema.nome}")
    return feitos
