"""SIORG import: an idempotent, incremental sync of a repositório from SIORG files.

One entry point, ``importar``, serves the management command, the admin upload page and the scheduled
job. The run:

1. reads every file (streaming) into small records, failing with the record and field at fault;
2. loads the repositório's current units as tuples (no model instances) and matches them by SIORG code;
3. resolves parents, refuses cycles, and computes every unit's materialized path in memory;
4. writes only what differs: new units in one COPY (ids reserved up front), changed ones through a COPY
   into a temporary table and one ``UPDATE … FROM`` (batched UPDATEs on SQLite), nothing at all when the
   file brings no change;
5. stores the change report (incluídas / alteradas / movidas / reativadas / inativadas).

Ids never change: a renamed or moved unit keeps its row. In a full-structure import, SIORG units absent
from the files are inactivated, never deleted. Any failure rolls everything back and the run keeps the
errors.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from estrutura.formatos import ErroDeLeitura, Falha
from estrutura.formatos import siorg as formato
from estrutura.models import (
    ExecucaoDeImportacao,
    ItemDeImportacao,
    RepositorioDeEstruturas,
    Unidade,
    normalizar_busca,
    segmento,
)
from estrutura.services import arvore
from estrutura.signals import unidades_inativadas, unidades_reativadas
from portal.services import auditoria

log = logging.getLogger(__name__)

_COLUNAS = (
    "id", "parent_id", "caminho", "siorg_codigo", "nome", "sigla", "siorg_versao", "eh_orgao", "siorg_tipo",
    "siorg_poder", "siorg_esfera", "siorg_natureza", "ativo", "origem",
)
(_ID, _PAI, _CAMINHO, _CODIGO, _NOME, _SIGLA, _VERSAO, _ORGAO, _TIPO, _PODER, _ESFERA, _NATUREZA, _ATIVO,
 _ORIGEM) = range(len(_COLUNAS))
_CAMPOS_ATUALIZADOS = [
    "parent_id", "caminho", "profundidade", "nome", "sigla", "nome_busca", "sigla_busca", "siorg_versao",
    "eh_orgao", "siorg_tipo", "siorg_poder", "siorg_esfera", "siorg_natureza", "ativo", "alterado_em",
]
_ROTULOS_DE_DADOS = (
    (_NOME, "nome"), (_SIGLA, "sigla"), (_VERSAO, "versão"), (_ORGAO, "órgão/entidade"), (_TIPO, "tipo"),
    (_PODER, "poder"), (_ESFERA, "esfera"), (_NATUREZA, "natureza jurídica"),
)
# After this many written units the planner's statistics are refreshed (see ``atualizar_estatisticas``).
LIMIAR_DE_MANUTENCAO = 5000


class SemRepositorioSiorg(Exception):
    pass


def repositorio_siorg() -> RepositorioDeEstruturas | None:
    return RepositorioDeEstruturas.objects.filter(is_siorg=True).first()


@dataclass
class _Plano:
    repositorio_id: int
    execucao_id: int
    agora: object
    agora_no_banco: object = None
    novos: list = field(default_factory=list)  # (id, registro, parent_id, caminho)
    atualizar: list = field(default_factory=list)  # (id, *_CAMPOS_ATUALIZADOS values) for changed units
    itens: list = field(default_factory=list)  # (tipo, id, codigo, nome, sigla, detalhe) except inclusions
    contagens: Counter = field(default_factory=Counter)
    inativadas: list = field(default_factory=list)
    reativadas: list = field(default_factory=list)
    avisos: list = field(default_factory=list)


def _carregar_existentes(repositorio_id: int):
    linhas: dict[int, tuple] = {}
    por_codigo: dict[int, int] = {}
    consulta = Unidade.objects.filter(repositorio_id=repositorio_id).order_by().values_list(*_COLUNAS)
    for linha in consulta.iterator(chunk_size=5000):
        linhas[linha[_ID]] = linha
        codigo = linha[_CODIGO]
        if codigo and codigo.isdigit():
            por_codigo[int(codigo)] = linha[_ID]
    return linhas, por_codigo


def _planejar(leitura: formato.Leitura, repositorio: RepositorioDeEstruturas, completa: bool,
              execucao: ExecucaoDeImportacao) -> _Plano:
    registros = leitura.registros
    linhas, por_codigo = _carregar_existentes(repositorio.pk)
    plano = _Plano(repositorio.pk, execucao.pk, timezone.now(), avisos=list(leitura.avisos))
    plano.agora_no_banco = arvore.valor_de_data(plano.agora)

    # 1. Ids: existing units keep theirs; new ones get temporary negative ids until the checks pass.
    temporario: dict[int, int] = {}
    for codigo in registros:
        if codigo not in por_codigo:
            temporario[codigo] = -(len(temporario) + 1)

    def id_de(codigo: int) -> int | None:
        return por_codigo.get(codigo) or temporario.get(codigo)

    pai_final: dict[int, int | None] = {uid: linha[_PAI] for uid, linha in linhas.items()}
    for codigo, registro in registros.items():
        pai = None
        if registro.pai is not None:
            pai = id_de(registro.pai)
            if pai is None:
                plano.avisos.append(
                    f"{registro.arquivo}, {registro.local}: a unidade superior {registro.pai} não está nos arquivos "
                    f"nem no repositório; a unidade {codigo} ficou no primeiro nível."
                )
        pai_final[id_de(codigo)] = pai

    # 2. Depth of every unit, refusing cycles, without recursion.
    profundidade = _profundidades(pai_final, registros, id_de)

    # 3. Real ids for the new units, then every path.
    reais = arvore.reservar_ids(len(temporario))

    def real(uid: int | None) -> int | None:
        return reais[-uid - 1] if uid is not None and uid < 0 else uid

    caminhos: dict[int, str] = {}
    for uid in sorted(pai_final, key=profundidade.__getitem__):
        pai = pai_final[uid]
        rid = real(uid)
        caminhos[rid] = (caminhos[real(pai)] if pai is not None else "") + segmento(rid)

    # 4. What changed.
    vistos: set[int] = set()
    for codigo, registro in registros.items():
        uid = id_de(codigo)
        rid = real(uid)
        pai = real(pai_final[uid])
        if uid < 0:
            plano.novos.append((rid, registro, pai, caminhos[rid]))
            continue
        vistos.add(uid)
        linha = linhas[uid]
        novo = (uid, pai, caminhos[uid], linha[_CODIGO], registro.nome, registro.sigla, registro.versao,
                registro.eh_orgao, registro.tipo, registro.poder, registro.esfera, registro.natureza, True,
                linha[_ORIGEM])
        _comparar(plano, linha, novo, codigo, linhas)
    for uid, linha in linhas.items():
        if uid in vistos:
            continue
        ativo = linha[_ATIVO]
        if completa and ativo and linha[_ORIGEM] == Unidade.Origem.SIORG:
            ativo = False
        novo = (*linha[:_CAMINHO], caminhos[uid], *linha[_CAMINHO + 1:_ATIVO], ativo, linha[_ORIGEM])
        _comparar(plano, linha, novo, linha[_CODIGO], linhas)
    return plano


def _profundidades(pai_final, registros, id_de) -> dict[int, int]:
    profundidade: dict[int, int] = {}
    limite = arvore.LIMITE_CAMINHO // len(segmento(1))
    falhas: list[Falha] = []
    codigo_de = {id_de(c): c for c in registros}
    for inicio in pai_final:
        if inicio in profundidade:
            continue
        trilha: list[int] = []
        na_trilha: set[int] = set()
        atual = inicio
        while atual is not None and atual not in profundidade:
            if atual in na_trilha:
                ciclo = trilha[trilha.index(atual):]
                descricao = " → ".join(str(codigo_de.get(u, u)) for u in [*ciclo, atual])
                for uid in ciclo:
                    if uid in codigo_de:
                        registro = registros[codigo_de[uid]]
                        falhas.append(Falha(registro.arquivo, f"{registro.local} (codigoUnidade {registro.codigo})",
                                            "codigoUnidadePai", f"a hierarquia forma um ciclo: {descricao}"))
                for uid in ciclo:
                    profundidade[uid] = 0
                break
            trilha.append(atual)
            na_trilha.add(atual)
            atual = pai_final.get(atual)
        else:
            base = profundidade[atual] if atual is not None else -1
            for uid in reversed(trilha):
                base += 1
                profundidade[uid] = base
                if base >= limite and uid in codigo_de:
                    registro = registros[codigo_de[uid]]
                    falhas.append(Falha(registro.arquivo, f"{registro.local} (codigoUnidade {registro.codigo})",
                                        "codigoUnidadePai", f"a hierarquia passa de {limite} níveis"))
            continue
        for uid in trilha:
            profundidade.setdefault(uid, 0)
    if falhas:
        raise ErroDeLeitura(falhas)
    return profundidade


def _comparar(plano: _Plano, antes: tuple, depois: tuple, codigo, linhas) -> None:
    if antes == depois:
        return
    uid = antes[_ID]
    nome, sigla = depois[_NOME], depois[_SIGLA]
    if antes[_PAI] != depois[_PAI]:
        plano.contagens["movidas"] += 1
        plano.itens.append((ItemDeImportacao.Tipo.MOVIDA, uid, codigo, nome, sigla,
                            f"unidade superior: {_rotulo(linhas, antes[_PAI])} → {_rotulo(linhas, depois[_PAI])}"))
    mudancas = [f"{rotulo}: {_valor(antes[i])} → {_valor(depois[i])}"
                for i, rotulo in _ROTULOS_DE_DADOS if antes[i] != depois[i]]
    if mudancas:
        plano.contagens["alteradas"] += 1
        plano.itens.append((ItemDeImportacao.Tipo.ALTERADA, uid, codigo, nome, sigla, "; ".join(mudancas)[:1000]))
    if antes[_ATIVO] != depois[_ATIVO]:
        tipo = ItemDeImportacao.Tipo.REATIVADA if depois[_ATIVO] else ItemDeImportacao.Tipo.INATIVADA
        plano.contagens["reativadas" if depois[_ATIVO] else "inativadas"] += 1
        detalhe = "" if depois[_ATIVO] else "ausente da estrutura completa do SIORG"
        plano.itens.append((tipo, uid, codigo, nome, sigla, detalhe))
        (plano.reativadas if depois[_ATIVO] else plano.inativadas).append(uid)
    plano.atualizar.append((  # same order as _CAMPOS_ATUALIZADOS, after the id
        uid, depois[_PAI], depois[_CAMINHO], depois[_CAMINHO].count(".") - 1, nome, sigla, normalizar_busca(nome),
        normalizar_busca(sigla), depois[_VERSAO], depois[_ORGAO], depois[_TIPO], depois[_PODER], depois[_ESFERA],
        depois[_NATUREZA], depois[_ATIVO], plano.agora_no_banco,
    ))


def _rotulo(linhas, uid) -> str:
    if uid is None:
        return "nenhuma (primeiro nível)"
    linha = linhas.get(uid)
    if linha is None:
        return f"nova unidade ({uid})"
    return f"{linha[_NOME]} ({uid})"


def _valor(valor) -> str:
    if isinstance(valor, bool):
        return "sim" if valor else "não"
    return f"“{valor}”" if valor != "" else "(vazio)"


_COLUNAS_NOVAS = [
    "id", "repositorio_id", "parent_id", "caminho", "profundidade", "nome", "sigla", "codigo_no_orgao", "descricao",
    "ativo", "origem", "siorg_codigo", "siorg_versao", "eh_orgao", "siorg_tipo", "siorg_poder", "siorg_esfera",
    "siorg_natureza", "nome_busca", "sigla_busca", "permite_envio", "permite_recebimento", "unidade_receptora_id",
    "criado_em", "alterado_em",
]
_COLUNAS_ITENS = ["execucao_id", "tipo", "unidade_id", "codigo", "nome", "sigla", "detalhe"]


def _novas_unidades(plano: _Plano):
    agora = arvore.valor_de_data(plano.agora)
    siorg = Unidade.Origem.SIORG.value
    for rid, r, pai, caminho in plano.novos:
        yield (
            rid, plano.repositorio_id, pai, caminho, caminho.count(".") - 1, r.nome, r.sigla, "", "", True, siorg,
            str(r.codigo), r.versao, r.eh_orgao, r.tipo, r.poder, r.esfera, r.natureza, normalizar_busca(r.nome),
            normalizar_busca(r.sigla), False, False, None, agora, agora,
        )


def _itens(plano: _Plano):
    incluida = ItemDeImportacao.Tipo.INCLUIDA.value
    for rid, registro, _pai, _caminho in plano.novos:
        yield (plano.execucao_id, incluida, rid, str(registro.codigo), registro.nome, registro.sigla, "")
    for tipo, uid, codigo, nome, sigla, detalhe in plano.itens:
        yield (plano.execucao_id, str(tipo), uid, codigo or "", nome, sigla, detalhe)


def _aplicar(plano: _Plano) -> None:
    arvore.inserir_linhas(Unidade, _COLUNAS_NOVAS, _novas_unidades(plano))
    # One COPY into a temporary table + one UPDATE … FROM on PostgreSQL (see arvore.atualizar_linhas).
    arvore.atualizar_linhas(Unidade, _CAMPOS_ATUALIZADOS, plano.atualizar)
    arvore.inserir_linhas(ItemDeImportacao, _COLUNAS_ITENS, _itens(plano))


def nova_execucao(origem: str, *, repositorio=None, completa=True, arquivos="", usuario=None,
                  situacao=ExecucaoDeImportacao.Situacao.NA_FILA, arquivo_salvo="") -> ExecucaoDeImportacao:
    return ExecucaoDeImportacao.objects.create(
        tipo=ExecucaoDeImportacao.Tipo.SIORG, origem=origem, situacao=situacao, repositorio=repositorio,
        completa=completa, arquivos=arquivos[:1000], arquivo_salvo=arquivo_salvo,
        usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
    )


def importar(
    fontes: list[tuple[str, BinaryIO]],
    *,
    origem: str,
    repositorio: RepositorioDeEstruturas | None = None,
    completa: bool | None = None,
    usuario=None,
    execucao: ExecucaoDeImportacao | None = None,
) -> ExecucaoDeImportacao:
    """Imports SIORG files into ``repositorio`` (default: the SIORG one). Returns the run.

    ``completa``: whether the files hold the whole structure (absent SIORG units are then inactivated).
    ``None`` means "yes, unless every file is a single-unit answer". A bad file never raises: the run
    comes back with situação ERRO and the failures, and no unit was touched.
    """
    nomes = ", ".join(nome for nome, _ in fontes)
    if execucao is None:
        execucao = nova_execucao(origem, repositorio=repositorio, completa=bool(completa), arquivos=nomes,
                                 usuario=usuario, situacao=ExecucaoDeImportacao.Situacao.EM_EXECUCAO)
    execucao.situacao = ExecucaoDeImportacao.Situacao.EM_EXECUCAO
    execucao.iniciada_em = timezone.now()
    execucao.arquivos = nomes[:1000] or execucao.arquivos
    execucao.save(update_fields=["situacao", "iniciada_em", "arquivos"])
    try:
        repositorio = repositorio or execucao.repositorio or repositorio_siorg()
        if repositorio is None:
            raise ErroDeLeitura([Falha("", "", "repositório",
                                       "não há repositório de estruturas marcado como SIORG; informe o repositório")])
        execucao.repositorio = repositorio
        leitura = formato.ler(fontes)
        if completa and leitura.unitario:
            leitura.avisos.append("Arquivo de uma única unidade: importado como atualização parcial "
                                  "(nenhuma unidade foi inativada).")
        execucao.completa = (not leitura.unitario) if completa is None else (completa and not leitura.unitario)
        execucao.lidas = len(leitura.registros)
        with transaction.atomic():
            list(RepositorioDeEstruturas.objects.select_for_update().filter(pk=repositorio.pk).values_list("pk"))
            plano = _planejar(leitura, repositorio, execucao.completa, execucao)
            del leitura
            _aplicar(plano)
            execucao.incluidas = len(plano.novos)
            execucao.alteradas = plano.contagens["alteradas"]
            execucao.movidas = plano.contagens["movidas"]
            execucao.inativadas = plano.contagens["inativadas"]
            execucao.reativadas = plano.contagens["reativadas"]
            execucao.avisos = plano.avisos[:500]
            execucao.situacao = ExecucaoDeImportacao.Situacao.SUCESSO
            execucao.concluida_em = timezone.now()
            execucao.mensagem = resumo(execucao)
            execucao.save()
            auditoria.registrar(
                "estrutura.siorg.importacao", repositorio,
                detalhes=f"Execução {execucao.pk} ({execucao.get_origem_display()}): {execucao.mensagem}",
            )
            if len(plano.novos) + len(plano.atualizar) >= LIMIAR_DE_MANUTENCAO:
                transaction.on_commit(atualizar_estatisticas, robust=True)
            _avisar_apos_commit(unidades_inativadas, plano.inativadas, execucao.pk)
            _avisar_apos_commit(unidades_reativadas, plano.reativadas, execucao.pk)
    except ErroDeLeitura as erro:
        _falhou(execucao, [f.como_dict() for f in erro.falhas],
                f"Nada foi alterado: {erro.total} erro(s) encontrado(s) nos arquivos.")
    except Exception:
        _falhou(execucao, [], "Nada foi alterado: erro interno durante a importação.")
        raise
    return execucao


def _avisar_apos_commit(sinal, ids: list[int], execucao_id: int) -> None:
    if ids:
        ids = list(ids)
        transaction.on_commit(lambda: sinal.send(sender=Unidade, ids=ids, motivo="siorg", execucao=execucao_id))


def registrar_falha(execucao: ExecucaoDeImportacao, mensagem: str) -> ExecucaoDeImportacao:
    """Records a run that could not even start (SIORG unreachable, file missing)."""
    _falhou(execucao, [{"arquivo": execucao.arquivos, "registro": "", "campo": "", "mensagem": mensagem}],
            f"Nada foi alterado: {mensagem}")
    return execucao


def atualizar_estatisticas() -> None:
    """After a large import: fresh planner statistics and, on PostgreSQL, a vacuum.

    A bulk COPY leaves PostgreSQL's statistics stale and the trigram index's pending list full, and the
    search plans are then ten times slower until autovacuum passes. Runs after commit (VACUUM cannot
    run inside a transaction).
    """
    tabela = connection.ops.quote_name(Unidade._meta.db_table)
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"VACUUM (ANALYZE) {tabela}")
            else:
                cursor.execute(f"ANALYZE {tabela}")
    except DatabaseError:
        log.warning("não foi possível atualizar as estatísticas de %s", tabela, exc_info=True)


def _falhou(execucao: ExecucaoDeImportacao, erros: list[dict], mensagem: str) -> None:
    execucao.situacao = ExecucaoDeImportacao.Situacao.ERRO
    execucao.concluida_em = timezone.now()
    execucao.erros = erros
    execucao.mensagem = mensagem
    execucao.incluidas = execucao.alteradas = execucao.movidas = execucao.inativadas = execucao.reativadas = 0
    if execucao.repositorio_id and not RepositorioDeEstruturas.objects.filter(pk=execucao.repositorio_id).exists():
        execucao.repositorio = None
    execucao.save()


def resumo(execucao: ExecucaoDeImportacao) -> str:
    if not execucao.houve_alteracao:
        return f"{execucao.lidas} unidade(s) lida(s); nenhuma alteração."
    return (
        f"{execucao.lidas} unidade(s) lida(s): {execucao.incluidas} incluída(s), {execucao.alteradas} alterada(s), "
        f"{execucao.movidas} movida(s), {execucao.reativadas} reativada(s), {execucao.inativadas} inativada(s)."
    )


# --- The SIORG web service -------------------------------------------------------------------------------

CAMINHO_ESTRUTURA_COMPLETA = "/estrutura-organizacional/resumida.json?codigoPoder=1&codigoEsfera=1"


class FalhaDeRede(Exception):
    """Temporary failure talking to SIORG (timeout, connection, HTTP 5xx): worth a retry."""


def url_da_estrutura() -> str:
    return settings.SIORG_BASE_URL.rstrip("/") + CAMINHO_ESTRUTURA_COMPLETA


def baixar(url: str | None = None, timeout: int | None = None) -> tempfile.SpooledTemporaryFile:
    """Streams SIORG's full-structure answer into a temporary file (never the whole body in memory)."""
    url = url or url_da_estrutura()
    timeout = timeout or settings.SIORG_TIMEOUT_SECONDS
    pedido = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "Tramita.GOV.BR"})
    destino = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    try:
        with urllib.request.urlopen(pedido, timeout=timeout) as resposta:  # noqa: S310 - URL from settings
            shutil.copyfileobj(resposta, destino, 1024 * 1024)
    except urllib.error.HTTPError as erro:
        destino.close()
        if erro.code >= 500 or erro.code == 429:
            raise FalhaDeRede(f"SIORG respondeu HTTP {erro.code}") from erro
        raise ErroDeLeitura([Falha(url, "", "", f"o SIORG respondeu HTTP {erro.code}")]) from erro
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as erro:
        destino.close()
        raise FalhaDeRede(f"falha ao acessar o SIORG: {erro}") from erro
    destino.seek(0)
    return destino
