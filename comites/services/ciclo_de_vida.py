"""Comitê lifecycle: inactivate, reactivate, delete, mark as implantado."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from comites import homologacao
from comites.models import Ambiente, Comite, Sistema, VinculoSistemaComite
from comites.services.comum import MSG_EXCLUSAO_COM_SISTEMA, ErroDeNegocio
from comites.services.gestores import _travar_comite, gestores_utilizaveis
from portal.services import auditoria
from portal.services.auditoria import resumo


@transaction.atomic
def inativar_comite(comite: Comite, por) -> Comite:
    comite = _travar_comite(comite)
    if not comite.ativo:
        raise ErroDeNegocio("Este órgão/entidade já está inativo.")
    comite.ativo = False
    comite.inativado_em = timezone.now()
    comite.save(update_fields=["ativo", "inativado_em"])
    auditoria.registrar("comite.inativado", comite, antes={"ativo": True}, depois={"ativo": False})
    return comite


@transaction.atomic
def reativar_comite(comite: Comite, por) -> Comite:
    comite = _travar_comite(comite)
    if comite.ativo:
        raise ErroDeNegocio("Este órgão/entidade já está ativo.")
    if Comite.objects.filter(unidade=comite.unidade, ambiente=comite.ambiente, ativo=True).exclude(pk=comite.pk):
        raise ErroDeNegocio("Já existe outro comitê ativo deste órgão neste ambiente.")
    if not gestores_utilizaveis(comite).exists():
        raise ErroDeNegocio(
            "O órgão/entidade não tem gestor de protocolo ativo com conta ativa no portal. Reative a conta de um "
            "dos gestores em Gerenciar Perfis antes de reativar o órgão/entidade."
        )
    comite.ativo = True
    comite.inativado_em = None
    comite.save(update_fields=["ativo", "inativado_em"])
    auditoria.registrar("comite.reativado", comite, antes={"ativo": False}, depois={"ativo": True})
    return comite


def tem_sistema_vinculado(comite: Comite) -> bool:
    return (
        VinculoSistemaComite.objects.filter(comite=comite).exists()
        or Sistema.objects.filter(orgao_responsavel=comite).exists()
    )


@transaction.atomic
def excluir_comite(comite: Comite, por) -> None:
    """Deletes an inactive comitê with no linked system (spec §4.3); the órgão's units stay."""
    comite = _travar_comite(comite)
    if comite.ativo:
        raise ErroDeNegocio("Inative o órgão/entidade antes de excluí-lo.")
    if tem_sistema_vinculado(comite):
        raise ErroDeNegocio(MSG_EXCLUSAO_COM_SISTEMA)
    auditoria.registrar("comite.excluido", comite, antes=resumo(comite), comite_id=comite.pk)
    comite.delete()


def checklist_do_comite(comite: Comite) -> homologacao.Checklist:
    return homologacao.verificar(comite, comite.ambiente)


@transaction.atomic
def marcar_implantado(comite: Comite, por, *, justificativa: str = "") -> Comite:
    """Marks the órgão implantado from its production checklist (spec §12).

    With the checklist incomplete (the trâmite records may be elsewhere) the evaluator must say why.
    """
    comite = _travar_comite(comite)
    if comite.ambiente != Ambiente.PRODUCAO:
        raise ErroDeNegocio("Só o comitê do ambiente de produção pode ser marcado como implantado.")
    if comite.implantacao == Comite.Implantacao.IMPLANTADO:
        raise ErroDeNegocio("Este órgão/entidade já está marcado como implantado.")
    checklist = checklist_do_comite(comite)
    justificativa = (justificativa or "").strip()
    if not checklist.cumprido and not justificativa:
        raise ErroDeNegocio(
            "Os testes mínimos em produção não aparecem todos nos registros de trâmite. Para marcar assim mesmo, "
            "informe a justificativa (por exemplo, a validação feita pela equipe do PEN)."
        )
    antes = resumo(comite, ["implantacao", "implantado_em"])
    comite.implantacao = Comite.Implantacao.IMPLANTADO
    comite.implantado_em = timezone.localdate()
    comite.save(update_fields=["implantacao", "implantado_em"])
    idts = "; ".join(f"{item.requisito.codigo}: {', '.join(map(str, item.idts)) or '—'}" for item in checklist.itens)
    auditoria.registrar(
        "comite.implantado", comite, antes=antes, depois=resumo(comite, ["implantacao", "implantado_em"]),
        detalhes=f"IDTs {idts}" + (f". Justificativa: {justificativa}" if justificativa else ""),
    )
    return comite
