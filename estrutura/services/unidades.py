"""Hand editing of a non-SIORG hierarchy: add a child, edit, change parent, inactivate, reactivate.

Every function is atomic and audited. Permission checks (who may touch which órgão) stay in the views,
which call ``portal.permissions``; these functions enforce the data rules (SIORG is read-only, no
cycles, no child under an inactive unit) and raise ``ValidationError`` with a pt-BR message.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from estrutura.models import RepositorioDeEstruturas, Unidade
from estrutura.services import arvore
from estrutura.signals import unidades_inativadas, unidades_reativadas
from portal.services import auditoria

MENSAGEM_SIORG = (
    "Esta unidade pertence à estrutura do Poder Executivo Federal, que vem do SIORG e é atualizada "
    "automaticamente. Ela não pode ser alterada no portal: correções devem ser feitas pela área do órgão "
    "responsável pelo SIORG e chegarão na próxima sincronização."
)
CAMPOS_EDITAVEIS = ["nome", "sigla", "codigo_no_orgao", "descricao", "eh_orgao"]


def exigir_editavel(unidade: Unidade) -> None:
    if unidade.vem_do_siorg:
        raise ValidationError(MENSAGEM_SIORG)


def _validar_repositorio(repositorio: RepositorioDeEstruturas) -> None:
    if repositorio.is_siorg:
        raise ValidationError(
            "O repositório do Poder Executivo Federal é importado do SIORG: não é permitido cadastrar unidades nele."
        )


@transaction.atomic
def criar_unidade(
    *,
    nome: str,
    sigla: str = "",
    pai: Unidade | None = None,
    repositorio: RepositorioDeEstruturas | None = None,
    codigo_no_orgao: str = "",
    descricao: str = "",
    eh_orgao: bool = False,
    origem: str = Unidade.Origem.MANUAL,
    detalhes: str = "",
) -> Unidade:
    """A child of ``pai`` or, without ``pai``, a first-level node of ``repositorio`` (also the root of an
    órgão created when an access request is approved: ``comites`` calls this, never the model)."""
    if pai is not None:
        pai = Unidade.objects.select_related("repositorio").get(pk=pai.pk)
        exigir_editavel(pai)
        if not pai.ativo:
            raise ValidationError("A unidade superior está inativa: reative-a antes de cadastrar unidades abaixo dela.")
        repositorio = pai.repositorio
    if repositorio is None:
        raise ValidationError("Informe o repositório ou a unidade superior.")
    _validar_repositorio(repositorio)
    if pai is not None and len(pai.caminho) + len(arvore.segmento(1)) > arvore.LIMITE_CAMINHO:
        raise ValidationError("A hierarquia ficaria profunda demais.")
    unidade = Unidade(
        repositorio=repositorio, parent=pai, nome=nome.strip(), sigla=sigla.strip(),
        codigo_no_orgao=codigo_no_orgao.strip(), descricao=descricao.strip(), eh_orgao=eh_orgao, origem=origem,
    )
    unidade.save()
    auditoria.registrar("estrutura.unidade.criada", unidade, depois=auditoria.resumo(unidade, CAMPOS_EDITAVEIS),
                        detalhes=detalhes)
    return unidade


@transaction.atomic
def editar_unidade(unidade: Unidade, **dados) -> Unidade:
    unidade = Unidade.objects.select_for_update().select_related("repositorio").get(pk=unidade.pk)
    exigir_editavel(unidade)
    antes = auditoria.resumo(unidade, CAMPOS_EDITAVEIS)
    for campo, valor in dados.items():
        if campo not in CAMPOS_EDITAVEIS:
            raise ValueError(f"campo não editável: {campo}")
        setattr(unidade, campo, valor.strip() if isinstance(valor, str) else valor)
    depois = auditoria.resumo(unidade, CAMPOS_EDITAVEIS)
    if antes == depois:
        return unidade
    unidade.save()
    antes, depois = auditoria.diferenca(antes, depois)
    auditoria.registrar("estrutura.unidade.editada", unidade, antes=antes, depois=depois)
    return unidade


@transaction.atomic
def alterar_pai(unidade: Unidade, novo_pai: Unidade) -> Unidade:
    """Moves the unit and its whole subtree under ``novo_pai`` (same repositório). Ids do not change."""
    unidade = Unidade.objects.select_for_update().select_related("repositorio").get(pk=unidade.pk)
    novo_pai = Unidade.objects.select_related("repositorio").get(pk=novo_pai.pk)
    exigir_editavel(unidade)
    exigir_editavel(novo_pai)
    if novo_pai.repositorio_id != unidade.repositorio_id:
        raise ValidationError(
            "A nova unidade superior deve estar no mesmo repositório. Para outro repositório, use Migrar."
        )
    if not novo_pai.ativo:
        raise ValidationError("A nova unidade superior está inativa.")
    if novo_pai.pk == unidade.parent_id:
        return unidade
    anterior = unidade.parent_id
    arvore.mover_subarvore(unidade, novo_pai)
    auditoria.registrar("estrutura.unidade.movida", unidade, antes={"parent": anterior},
                        depois={"parent": novo_pai.pk})
    return unidade


@transaction.atomic
def inativar(unidade: Unidade, motivo: str = "manual") -> int:
    """Inactivates the unit and every active unit below it. Returns how many were inactivated."""
    unidade = Unidade.objects.select_for_update().select_related("repositorio").get(pk=unidade.pk)
    exigir_editavel(unidade)
    alvo = Unidade.objects.subarvore(unidade).filter(ativo=True)
    ids = list(alvo.values_list("pk", flat=True))
    if not ids:
        return 0
    Unidade.objects.filter(pk__in=ids).update(ativo=False, alterado_em=timezone.now())
    auditoria.registrar(
        "estrutura.unidade.inativada", unidade, antes={"ativo": True}, depois={"ativo": False},
        detalhes=f"{len(ids)} unidade(s) inativada(s), incluindo as subunidades.",
    )
    transaction.on_commit(lambda: unidades_inativadas.send(sender=Unidade, ids=ids, motivo=motivo))
    return len(ids)


@transaction.atomic
def reativar(unidade: Unidade, *, incluir_subunidades: bool = False) -> int:
    unidade = Unidade.objects.select_for_update(of=("self",)).select_related("repositorio", "parent").get(pk=unidade.pk)
    exigir_editavel(unidade)
    if unidade.parent_id and not unidade.parent.ativo:
        raise ValidationError("A unidade superior está inativa: reative-a primeiro.")
    alvo = Unidade.objects.subarvore(unidade) if incluir_subunidades else Unidade.objects.filter(pk=unidade.pk)
    ids = list(alvo.filter(ativo=False).values_list("pk", flat=True))
    total = Unidade.objects.filter(pk__in=ids).update(ativo=True, alterado_em=timezone.now()) if ids else 0
    if total:
        transaction.on_commit(lambda: unidades_reativadas.send(sender=Unidade, ids=ids, motivo="manual"))
        auditoria.registrar(
            "estrutura.unidade.reativada", unidade, antes={"ativo": False}, depois={"ativo": True},
            detalhes=f"{total} unidade(s) reativada(s).",
        )
    return total
