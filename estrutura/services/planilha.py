"""CSV import for non-SIORG órgãos: upload → preview (nothing created) → confirm (one transaction)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from estrutura.formatos import ErroDeLeitura, Falha
from estrutura.formatos import planilha as formato
from estrutura.models import ExecucaoDeImportacao, ItemDeImportacao, Unidade, normalizar_busca
from estrutura.services import arvore
from estrutura.services.unidades import exigir_editavel
from portal.services import auditoria

LIMITE_PADRAO = 5000


def limite_de_linhas() -> int:
    return int(getattr(settings, "ESTRUTURA_CSV_LIMITE_LINHAS", LIMITE_PADRAO))


def _validar_destino(destino: Unidade) -> None:
    exigir_editavel(destino)
    if not destino.ativo:
        raise ValidationError("A unidade escolhida está inativa: reative-a antes de importar unidades abaixo dela.")


def ler(destino: Unidade, conteudo: bytes, nome_arquivo: str = "") -> formato.Planilha:
    planilha = formato.ler(conteudo, limite_de_linhas=limite_de_linhas(), arquivo=nome_arquivo)
    espaco = arvore.LIMITE_CAMINHO - len(destino.caminho)
    if planilha.profundidade_maxima() * len(arvore.segmento(1)) > espaco:
        raise ErroDeLeitura([Falha(nome_arquivo, "", "CODIGO DO PAI", "a hierarquia do arquivo é profunda demais.")])
    return planilha


@transaction.atomic
def preparar(destino: Unidade, conteudo: bytes, nome_arquivo: str, usuario=None) -> ExecucaoDeImportacao:
    """Validates the file and keeps it as a preview. Raises ``ErroDeLeitura`` (line and column) or
    ``ValidationError`` (destination not editable); creates no unit."""
    destino = Unidade.objects.select_related("repositorio").get(pk=destino.pk)
    _validar_destino(destino)
    planilha = ler(destino, conteudo, nome_arquivo)
    execucao = ExecucaoDeImportacao.objects.create(
        tipo=ExecucaoDeImportacao.Tipo.CSV, origem=ExecucaoDeImportacao.Origem.UPLOAD,
        situacao=ExecucaoDeImportacao.Situacao.PREVIA, repositorio=destino.repositorio, unidade_destino=destino,
        arquivos=nome_arquivo[:1000], conteudo=conteudo.decode("utf-8-sig"), lidas=len(planilha.linhas),
        usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
    )
    auditoria.registrar("estrutura.csv.previa", destino,
                        detalhes=f"Prévia {execucao.pk}: {len(planilha.linhas)} unidade(s) no arquivo {nome_arquivo}.")
    return execucao


def planilha_da(execucao: ExecucaoDeImportacao) -> formato.Planilha:
    return ler(execucao.unidade_destino, execucao.conteudo.encode("utf-8"), execucao.arquivos)


@transaction.atomic
def confirmar(execucao: ExecucaoDeImportacao) -> ExecucaoDeImportacao:
    """Creates every unit of the preview under the destination, all or nothing."""
    execucao = ExecucaoDeImportacao.objects.select_for_update().get(pk=execucao.pk)
    if execucao.situacao != ExecucaoDeImportacao.Situacao.PREVIA:
        raise ValidationError(f"Esta importação não está aguardando confirmação ({execucao.get_situacao_display()}).")
    destino = Unidade.objects.select_related("repositorio").get(pk=execucao.unidade_destino_id)
    _validar_destino(destino)
    planilha = ler(destino, execucao.conteudo.encode("utf-8"), execucao.arquivos)
    ordem = planilha.em_ordem_de_arvore()
    ids = arvore.reservar_ids(len(ordem))
    id_do_codigo: dict[str, int] = {}
    caminho_do_codigo: dict[str, str] = {"": destino.caminho}
    novas, itens = [], []
    agora = timezone.now()
    for (_nivel, linha), pk in zip(ordem, ids, strict=True):
        id_do_codigo[linha.codigo] = pk
        caminho = caminho_do_codigo[linha.codigo_pai] + arvore.segmento(pk)
        caminho_do_codigo[linha.codigo] = caminho
        novas.append(Unidade(
            pk=pk, repositorio_id=destino.repositorio_id, parent_id=id_do_codigo.get(linha.codigo_pai, destino.pk),
            caminho=caminho, profundidade=caminho.count(".") - 1, nome=linha.nome, sigla=linha.sigla,
            nome_busca=normalizar_busca(linha.nome), sigla_busca=normalizar_busca(linha.sigla),
            origem=Unidade.Origem.IMPORTACAO, ativo=True, criado_em=agora, alterado_em=agora,
        ))
        itens.append(ItemDeImportacao(
            execucao=execucao, tipo=ItemDeImportacao.Tipo.INCLUIDA, unidade_id=pk, codigo=linha.codigo,
            nome=linha.nome, sigla=linha.sigla, detalhe=f"linha {linha.linha}",
        ))
    arvore.inserir(novas)
    ItemDeImportacao.objects.bulk_create(itens, batch_size=arvore.LOTE)
    execucao.situacao = ExecucaoDeImportacao.Situacao.SUCESSO
    execucao.iniciada_em = execucao.iniciada_em or agora
    execucao.concluida_em = timezone.now()
    execucao.incluidas = len(novas)
    execucao.mensagem = f"{len(novas)} unidade(s) criada(s) abaixo de {destino}."
    execucao.save()
    auditoria.registrar("estrutura.csv.importado", destino,
                        detalhes=f"Importação {execucao.pk}: {execucao.mensagem}")
    return execucao


@transaction.atomic
def cancelar(execucao: ExecucaoDeImportacao) -> ExecucaoDeImportacao:
    execucao = ExecucaoDeImportacao.objects.select_for_update().get(pk=execucao.pk)
    if execucao.situacao != ExecucaoDeImportacao.Situacao.PREVIA:
        raise ValidationError("Esta importação não está aguardando confirmação.")
    execucao.situacao = ExecucaoDeImportacao.Situacao.CANCELADA
    execucao.concluida_em = timezone.now()
    execucao.mensagem = "Cancelada antes da confirmação; nenhuma unidade foi criada."
    execucao.save(update_fields=["situacao", "concluida_em", "mensagem"])
    auditoria.registrar("estrutura.csv.cancelado", execucao.unidade_destino,
                        detalhes=f"Prévia {execucao.pk} cancelada.")
    return execucao
