"""Administration of repositórios de estruturas: CRUD, (in)activation, first-level órgãos, migration."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from estrutura.models import RepositorioDeEstruturas, Unidade
from estrutura.services import arvore
from estrutura.services.unidades import criar_unidade
from portal.services import auditoria

CAMPOS = ["nome", "descricao", "ativo"]


def _nome_livre(nome: str, excluir: int | None = None) -> None:
    qs = RepositorioDeEstruturas.objects.filter(nome__iexact=nome.strip())
    if excluir:
        qs = qs.exclude(pk=excluir)
    if qs.exists():
        raise ValidationError("Já existe um repositório com este nome.")


@transaction.atomic
def criar_repositorio(*, nome: str, descricao: str) -> RepositorioDeEstruturas:
    _nome_livre(nome)
    repositorio = RepositorioDeEstruturas.objects.create(nome=nome.strip(), descricao=descricao.strip())
    auditoria.registrar("estrutura.repositorio.criado", repositorio, depois=auditoria.resumo(repositorio, CAMPOS))
    return repositorio


@transaction.atomic
def editar_repositorio(repositorio: RepositorioDeEstruturas, *, nome: str, descricao: str) -> RepositorioDeEstruturas:
    repositorio = RepositorioDeEstruturas.objects.select_for_update().get(pk=repositorio.pk)
    _nome_livre(nome, excluir=repositorio.pk)
    antes = auditoria.resumo(repositorio, CAMPOS)
    repositorio.nome, repositorio.descricao = nome.strip(), descricao.strip()
    repositorio.save(update_fields=["nome", "descricao"])
    antes, depois = auditoria.diferenca(antes, auditoria.resumo(repositorio, CAMPOS))
    if depois:
        auditoria.registrar("estrutura.repositorio.editado", repositorio, antes=antes, depois=depois)
    return repositorio


@transaction.atomic
def definir_ativo(repositorio: RepositorioDeEstruturas, ativo: bool) -> RepositorioDeEstruturas:
    repositorio = RepositorioDeEstruturas.objects.select_for_update().get(pk=repositorio.pk)
    if repositorio.is_siorg and not ativo:
        raise ValidationError("O repositório do Poder Executivo Federal (SIORG) não pode ser inativado.")
    if repositorio.ativo == ativo:
        return repositorio
    repositorio.ativo = ativo
    repositorio.save(update_fields=["ativo"])
    auditoria.registrar(
        "estrutura.repositorio.reativado" if ativo else "estrutura.repositorio.inativado", repositorio,
        antes={"ativo": not ativo}, depois={"ativo": ativo},
    )
    return repositorio


@transaction.atomic
def excluir_repositorio(repositorio: RepositorioDeEstruturas) -> None:
    """Only an unused repositório is deleted: no units, no import history, no profile scoped to it.
    Anything else is inactivated instead (and renamed with the "X_" prefix, by convention)."""
    from portal.models import PerfilAtribuido

    repositorio = RepositorioDeEstruturas.objects.select_for_update().get(pk=repositorio.pk)
    if repositorio.is_siorg:
        raise ValidationError("O repositório do Poder Executivo Federal (SIORG) não pode ser excluído.")
    if repositorio.unidades.exists() or repositorio.importacoes.exists():
        raise ValidationError("O repositório tem unidades ou histórico de importação: inative-o em vez de excluir.")
    if PerfilAtribuido.objects.filter(repositorios=repositorio).exists():
        raise ValidationError("Há perfis de Supervisor ou Administrador Externo com este repositório: "
                              "retire-o desses perfis ou inative o repositório.")
    resumo = auditoria.resumo(repositorio, CAMPOS)
    auditoria.registrar("estrutura.repositorio.excluido", repositorio, antes=resumo)
    try:
        repositorio.delete()
    except ProtectedError:
        raise ValidationError(
            "O repositório ainda é usado por outros registros: inative-o em vez de excluir."
        ) from None


def adicionar_orgao(repositorio: RepositorioDeEstruturas, **dados) -> Unidade:
    """A first-level node of the repositório (Administrador only: the view checks it)."""
    dados.setdefault("eh_orgao", True)
    return criar_unidade(repositorio=repositorio, pai=None, **dados)


@transaction.atomic
def migrar(unidade: Unidade, destino: RepositorioDeEstruturas, novo_pai: Unidade | None = None) -> int:
    """Moves a node with all its children to another node or repositório, keeping every id.

    Gestores, systems and mappings follow the units because they point at the (unchanged) ids. Refused
    when the SIORG repositório is either side. Returns how many units moved.
    """
    unidade = Unidade.objects.select_for_update().select_related("repositorio").get(pk=unidade.pk)
    destino = RepositorioDeEstruturas.objects.get(pk=destino.pk)
    if unidade.repositorio.is_siorg or destino.is_siorg:
        raise ValidationError("A migração não é permitida para o repositório do Poder Executivo Federal (SIORG).")
    if novo_pai is not None:
        novo_pai = Unidade.objects.get(pk=novo_pai.pk)
        if novo_pai.repositorio_id != destino.pk:
            raise ValidationError("A unidade de destino não pertence ao repositório de destino.")
        if not novo_pai.ativo:
            raise ValidationError("A unidade de destino está inativa.")
    if novo_pai is None and unidade.parent_id is None and unidade.repositorio_id == destino.pk:
        raise ValidationError("A unidade já está no primeiro nível deste repositório.")
    if novo_pai is not None and novo_pai.pk == unidade.parent_id:
        raise ValidationError("A unidade já está abaixo da unidade de destino.")
    antes = {"repositorio": unidade.repositorio_id, "parent": unidade.parent_id}
    movidas = arvore.mover_subarvore(unidade, novo_pai, repositorio_id=destino.pk)
    auditoria.registrar(
        "estrutura.unidade.migrada", unidade, antes=antes,
        depois={"repositorio": destino.pk, "parent": novo_pai.pk if novo_pai else None},
        detalhes=f"{movidas} unidade(s) migrada(s) para o repositório {destino.pk} – {destino.nome}.",
    )
    return movidas
