"""The SIORG import's bulk update path (COPY + ``UPDATE … FROM`` on PostgreSQL, ``executemany`` elsewhere)
leaves exactly the rows Django's ``bulk_update`` left, with the same report."""

import pytest
from django.db import transaction
from django.utils import timezone

from estrutura.models import ExecucaoDeImportacao, ItemDeImportacao, Unidade, segmento
from estrutura.services import arvore, siorg
from portal.models import RegistroDeAuditoria
from tests.factories.estrutura import RepositorioSiorgFactory, arquivo, json_siorg, unidade_siorg

pytestmark = pytest.mark.django_db


def _estrutura(mudada=False):
    """60 units; ``mudada``: 10 renamed, 8 moved, 5 removed, 5 new, like a 10 % SIORG change."""
    unidades = [unidade_siorg(26, None, "Presidência da República", "PR")]
    for m in range(1, 4):
        unidades.append(unidade_siorg(1000 + m, 26, f"Ministério {m}", f"M{m}"))
        for u in range(1, 20):
            pai = 1000 + m if u < 6 else 1000 * m * 10 + (u % 5) + 1
            unidades.append(unidade_siorg(1000 * m * 10 + u, pai, f"Unidade {m}.{u}", f"U{m}{u}", orgao=1000 + m))
    if not mudada:
        return unidades
    por_codigo = {int(u["codigoUnidade"].rsplit("/", 1)[1]): u for u in unidades}
    for codigo in list(por_codigo)[1:11]:
        por_codigo[codigo]["nome"] += " (renomeada)"
        por_codigo[codigo]["versao"] = "100.0.2"
    for codigo in (10006, 10007, 10008, 20002, 20006, 20007, 20008, 30011):  # 20002 with its subtree
        por_codigo[codigo]["codigoUnidadePai"] = por_codigo[1003 if codigo < 30000 else 1001]["codigoUnidade"]
    for codigo in (10019, 20018, 20019, 30018, 30019):  # leaves with no children
        del por_codigo[codigo]
    for n in range(5):
        por_codigo[90000 + n] = unidade_siorg(90000 + n, 1002, f"Nova {n}", f"N{n}", orgao=1002)
    return list(por_codigo.values())


def _pelo_orm(modelo, colunas, linhas):
    """The previous write path: Django's bulk_update of model instances, 1 000 at a time."""
    objetos = [modelo(pk=linha[0], **dict(zip(colunas, linha[1:], strict=True))) for linha in linhas]
    for objeto in objetos:  # the raw path gets a database-ready value; the ORM wants a datetime
        objeto.alterado_em = timezone.now()
    modelo.objects.bulk_update(objetos, colunas, batch_size=1000)
    return len(objetos)


def _retrato(repositorio):
    """Every unit by SIORG code, with its parent as a code and its path checked against its parent's."""
    unidades = {u.pk: u for u in Unidade.objects.filter(repositorio=repositorio)}
    retrato = {}
    for u in unidades.values():
        pai = unidades.get(u.parent_id)
        assert u.caminho == (pai.caminho if pai else "") + segmento(u.pk)
        assert u.profundidade == u.caminho.count(".") - 1
        retrato[u.siorg_codigo] = (
            pai.siorg_codigo if pai else None, u.nome, u.sigla, u.nome_busca, u.sigla_busca, u.siorg_versao,
            u.eh_orgao, u.siorg_tipo, u.siorg_poder, u.siorg_esfera, u.siorg_natureza, u.ativo, u.profundidade,
        )
    return retrato


def _relatorio(execucao):
    itens = sorted(ItemDeImportacao.objects.filter(execucao=execucao).values_list("tipo", "codigo", "detalhe"))
    return (execucao.situacao, execucao.lidas, execucao.incluidas, execucao.alteradas, execucao.movidas,
            execucao.inativadas, execucao.reativadas, execucao.mensagem, itens)


class _Desfazer(Exception):
    pass


def _reimportar_e_desfazer(repositorio):
    """Runs the changed import, takes its picture, and rolls it back so the other path starts equal."""
    auditorias = RegistroDeAuditoria.objects.count()
    try:
        with transaction.atomic():
            execucao = siorg.importar([("siorg.json", arquivo(json_siorg(_estrutura(mudada=True))))],
                                      origem=ExecucaoDeImportacao.Origem.COMANDO)
            resultado = (_retrato(repositorio), _relatorio(execucao), RegistroDeAuditoria.objects.count() - auditorias)
            raise _Desfazer
    except _Desfazer:
        pass
    return resultado


def test_bulk_update_path_leaves_the_same_units_and_report_as_the_orm_path(monkeypatch):
    repositorio = RepositorioSiorgFactory()
    siorg.importar([("siorg.json", arquivo(json_siorg(_estrutura())))], origem=ExecucaoDeImportacao.Origem.COMANDO)
    antes = _retrato(repositorio)

    rapido = _reimportar_e_desfazer(repositorio)
    assert _retrato(repositorio) == antes  # rolled back
    monkeypatch.setattr(arvore, "atualizar_linhas", _pelo_orm)
    orm = _reimportar_e_desfazer(repositorio)

    assert rapido == orm
    retrato, relatorio, auditorias = rapido
    assert relatorio[2:7] == (5, 10, 8, 5, 0)  # incluídas, alteradas, movidas, inativadas, reativadas
    assert auditorias == 1
    assert len(retrato) == len(antes) + 5  # removed units are inactivated, never deleted
    assert retrato["10019"][-2] is False and retrato["90000"][0] == "1002"
    assert retrato["10006"][0] == "1003" and retrato["1001"][1] == "Ministério 1 (renomeada)"


def test_bulk_update_writes_every_column_it_is_given_and_nothing_else():
    repositorio = RepositorioSiorgFactory()
    siorg.importar([("siorg.json", arquivo(json_siorg(_estrutura())))], origem=ExecucaoDeImportacao.Origem.COMANDO)
    alvo, outra = Unidade.objects.filter(repositorio=repositorio).order_by("pk")[1:3]

    enviadas = arvore.atualizar_linhas(Unidade, ["nome", "sigla", "ativo"], [(alvo.pk, "Nome novo", "NN", False)])

    assert enviadas == 1
    alvo_depois, outra_depois = Unidade.objects.get(pk=alvo.pk), Unidade.objects.get(pk=outra.pk)
    assert (alvo_depois.nome, alvo_depois.sigla, alvo_depois.ativo) == ("Nome novo", "NN", False)
    assert (alvo_depois.caminho, alvo_depois.nome_busca) == (alvo.caminho, alvo.nome_busca)
    assert (outra_depois.nome, outra_depois.ativo) == (outra.nome, outra.ativo)
    assert arvore.atualizar_linhas(Unidade, ["nome"], []) == 0
