"""The SIORG sync: idempotent, incremental, ids stable, removals inactivated, bad files change nothing."""

import io
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from estrutura.models import ExecucaoDeImportacao, ItemDeImportacao, RepositorioDeEstruturas, Unidade
from estrutura.services import siorg
from estrutura.signals import unidades_inativadas
from portal.models import RegistroDeAuditoria
from tests.factories.estrutura import (
    RepositorioFactory,
    RepositorioSiorgFactory,
    arquivo,
    estrutura_basica,
    json_siorg,
    json_siorg_unidade,
    servico,
    unidade_siorg,
    xml_siorg,
)

pytestmark = pytest.mark.django_db

AMOSTRA = Path(__file__).resolve().parents[2] / "estrutura/fixtures/siorg/mp_2981_resumida_exemplo_oficial.xml"


@pytest.fixture
def repo_siorg():
    return RepositorioSiorgFactory()


def importar(conteudo, nome="siorg.json", **kwargs):
    kwargs.setdefault("origem", ExecucaoDeImportacao.Origem.COMANDO)
    return siorg.importar([(nome, arquivo(conteudo))], **kwargs)


def por_codigo(repo):
    return {int(u.siorg_codigo): u for u in Unidade.objects.filter(repositorio=repo)}


def test_first_import_creates_the_tree_with_materialized_paths(repo_siorg):
    execucao = importar(json_siorg(estrutura_basica()))
    assert execucao.situacao == ExecucaoDeImportacao.Situacao.SUCESSO, execucao.erros
    assert (execucao.lidas, execucao.incluidas) == (5, 5)
    u = por_codigo(repo_siorg)
    assert u[3002].parent == u[3001] and u[3001].parent == u[2981] and u[2981].parent_id == u[26].pk
    assert u[3002].caminho == u[3001].caminho + f"{u[3002].pk:010d}."
    assert u[3002].profundidade == 3
    assert list(Unidade.objects.ancestrais(u[3002])) == [u[3001], u[2981], u[26]]
    assert set(Unidade.objects.subarvore(u[2981])) == {u[2981], u[3001], u[3002], u[86144]}
    assert all(x.origem == Unidade.Origem.SIORG for x in u.values())
    assert u[86144].eh_orgao and u[2981].eh_orgao and not u[3001].eh_orgao
    assert u[3002].nome_busca == "coordenacao-geral de protocolo"
    assert ItemDeImportacao.objects.filter(execucao=execucao, tipo="incluida").count() == 5


def test_reimport_of_the_same_file_writes_nothing(repo_siorg):
    importar(json_siorg(estrutura_basica()))
    antes = {u.pk: u.alterado_em for u in Unidade.objects.all()}
    from django.db import connection

    escritas = []

    def espiar(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and '"estrutura_unidade"' in sql[:60]:
            escritas.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(espiar):
        execucao = importar(json_siorg(estrutura_basica()))
    assert execucao.situacao == "sucesso"
    assert not execucao.houve_alteracao
    assert escritas == []
    assert {u.pk: u.alterado_em for u in Unidade.objects.all()} == antes
    assert execucao.mensagem == "5 unidade(s) lida(s); nenhuma alteração."


def test_switching_uri_style_from_slug_to_numeric_is_not_a_change(repo_siorg):
    importar(json_siorg(estrutura_basica(numerico=False)))
    execucao = importar(json_siorg(estrutura_basica(numerico=True)))
    assert execucao.situacao == "sucesso" and not execucao.houve_alteracao


def test_xml_import_gives_the_same_tree_as_json(repo_siorg):
    importar(xml_siorg(estrutura_basica(numerico=True)), nome="siorg.xml")
    execucao = importar(json_siorg(estrutura_basica()))
    assert not execucao.houve_alteracao
    assert Unidade.objects.count() == 5


def test_rename_updates_the_same_row_and_reports_it(repo_siorg):
    importar(json_siorg(estrutura_basica()))
    ids = {c: u.pk for c, u in por_codigo(repo_siorg).items()}
    unidades = estrutura_basica()
    unidades[2] = unidade_siorg(3001, 2981, "Secretaria de Gestão e Inovação", "SEGES", orgao=2981, versao="100.1.0")
    execucao = importar(json_siorg(unidades))
    assert (execucao.alteradas, execucao.incluidas, execucao.movidas) == (1, 0, 0)
    u = por_codigo(repo_siorg)
    assert {c: x.pk for c, x in u.items()} == ids
    assert u[3001].nome == "Secretaria de Gestão e Inovação" and u[3001].siorg_versao == "100.1.0"
    item = ItemDeImportacao.objects.get(execucao=execucao)
    assert item.tipo == "alterada" and item.unidade_id == ids[3001]
    assert "Secretaria de Gestão e Inovação" in item.detalhe


def test_move_keeps_ids_and_rewrites_descendant_paths(repo_siorg):
    importar(json_siorg(estrutura_basica()))
    ids = {c: u.pk for c, u in por_codigo(repo_siorg).items()}
    unidades = estrutura_basica()
    # the Secretaria (with its Coordenação) moves under ANAC
    unidades[2] = unidade_siorg(3001, 86144, "Secretaria de Gestão", "SEGES", orgao=2981)
    execucao = importar(json_siorg(unidades))
    assert (execucao.movidas, execucao.alteradas) == (1, 0)
    u = por_codigo(repo_siorg)
    assert {c: x.pk for c, x in u.items()} == ids
    assert u[3001].parent_id == ids[86144]
    assert u[3002].caminho.startswith(u[86144].caminho) and u[3002].profundidade == 4
    assert set(Unidade.objects.subarvore(u[86144])) == {u[86144], u[3001], u[3002]}
    assert ItemDeImportacao.objects.get(execucao=execucao).tipo == "movida"


def test_units_absent_from_full_import_are_inactivated_not_deleted(repo_siorg):
    importar(json_siorg(estrutura_basica()))
    recebidos = []

    def ouvir(sender, ids, motivo, **kwargs):
        recebidos.append((sorted(ids), motivo))

    unidades_inativadas.connect(ouvir)
    try:
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            execucao = importar(json_siorg(estrutura_basica()[:3]))  # 3002 and 86144 left SIORG
    finally:
        unidades_inativadas.disconnect(ouvir)
    assert execucao.inativadas == 2
    u = por_codigo(repo_siorg)
    assert len(u) == 5
    assert not u[3002].ativo and not u[86144].ativo and u[3001].ativo
    assert recebidos == [(sorted([u[3002].pk, u[86144].pk]), "siorg")]
    assert set(ItemDeImportacao.objects.filter(execucao=execucao).values_list("tipo", flat=True)) == {"inativada"}


def test_returning_unit_is_reactivated_with_same_id(repo_siorg):
    importar(json_siorg(estrutura_basica()))
    id_anac = por_codigo(repo_siorg)[86144].pk
    importar(json_siorg(estrutura_basica()[:4]))
    execucao = importar(json_siorg(estrutura_basica()))
    assert execucao.reativadas == 1 and execucao.incluidas == 0
    anac = por_codigo(repo_siorg)[86144]
    assert anac.ativo and anac.pk == id_anac


def test_single_unit_file_is_partial_and_inactivates_nothing(repo_siorg):
    importar(json_siorg(estrutura_basica()))
    execucao = importar(json_siorg_unidade(unidade_siorg(3002, 3001, "Coordenação-Geral de Documentação", "CGDOC",
                                                         orgao=2981)), completa=True)
    assert not execucao.completa
    assert execucao.alteradas == 1 and execucao.inativadas == 0
    assert Unidade.objects.filter(ativo=True).count() == 5
    assert any("única unidade" in a for a in execucao.avisos)


def test_partial_import_inactivates_nothing(repo_siorg):
    importar(json_siorg(estrutura_basica()))
    execucao = importar(json_siorg(estrutura_basica()[:2]), completa=False)
    assert execucao.situacao == "sucesso" and execucao.inativadas == 0
    assert Unidade.objects.filter(ativo=True).count() == 5


def test_manual_units_in_the_repository_are_not_inactivated(repo_siorg):
    importar(json_siorg(estrutura_basica()))
    manual = Unidade.objects.create(repositorio=repo_siorg, nome="Unidade local", origem=Unidade.Origem.MANUAL)
    importar(json_siorg(estrutura_basica()[:2]))
    manual.refresh_from_db()
    assert manual.ativo


def test_malformed_file_changes_nothing_and_says_where(repo_siorg):
    importar(json_siorg(estrutura_basica()))
    antes = list(Unidade.objects.order_by("pk").values())
    unidades = [*estrutura_basica(), unidade_siorg(4000, 3002, "Nova", "NOVA")]
    unidades[1] = unidade_siorg(2981, 26, "Ministério renomeado", "MP")
    unidades[2]["codigoUnidade"] = "https://estruturaorganizacional.dados.gov.br/id/unidade-organizacional/"
    execucao = importar(json_siorg(unidades), nome="quebrado.json")
    assert execucao.situacao == ExecucaoDeImportacao.Situacao.ERRO
    assert list(Unidade.objects.order_by("pk").values()) == antes
    [erro] = execucao.erros
    assert (erro["arquivo"], erro["registro"], erro["campo"]) == ("quebrado.json", "registro 3", "codigoUnidade")
    assert "não termina no número de uma unidade" in erro["mensagem"]
    assert execucao.mensagem.startswith("Nada foi alterado")
    assert not ItemDeImportacao.objects.filter(execucao=execucao).exists()


def test_cycle_in_the_file_is_refused_naming_the_records(repo_siorg):
    unidades = [
        unidade_siorg(26, None, "Presidência", "PR"),
        unidade_siorg(500, 501, "A", "A"),
        unidade_siorg(501, 500, "B", "B"),
    ]
    execucao = importar(json_siorg(unidades))
    assert execucao.situacao == "erro"
    assert not Unidade.objects.exists()
    assert {e["campo"] for e in execucao.erros} == {"codigoUnidadePai"}
    assert {e["registro"] for e in execucao.erros} == {
        "registro 2 (codigoUnidade 500)", "registro 3 (codigoUnidade 501)",
    }
    assert "ciclo" in execucao.erros[0]["mensagem"]


def test_move_under_own_descendant_already_in_database_is_a_cycle(repo_siorg):
    importar(json_siorg(estrutura_basica()))
    execucao = importar(json_siorg_unidade(unidade_siorg(2981, 3002, "Ministério", "MP")))
    assert execucao.situacao == "erro" and "ciclo" in execucao.erros[0]["mensagem"]
    assert por_codigo(repo_siorg)[2981].parent_id == por_codigo(repo_siorg)[26].pk


def test_error_envelope_changes_nothing(repo_siorg):
    execucao = importar(json_siorg(estrutura_basica(), servico_=servico(1, "Erro geral")))
    assert execucao.situacao == "erro" and execucao.erros[0]["campo"] == "codigoErro"
    assert not Unidade.objects.exists()


def test_unknown_parent_puts_unit_on_first_level_with_a_warning(repo_siorg):
    execucao = importar(AMOSTRA.read_bytes(), nome=AMOSTRA.name)
    assert execucao.situacao == "sucesso"
    mp = Unidade.objects.get(siorg_codigo="2981")
    assert mp.parent is None and mp.profundidade == 0 and mp.sigla == "MP"
    assert any("26" in aviso for aviso in execucao.avisos)
    # once the Presidência arrives, the ministry moves under it, keeping its id
    importar(json_siorg([unidade_siorg(26, None, "Presidência da República", "PR")]), completa=False)
    execucao = importar(AMOSTRA.read_bytes(), nome=AMOSTRA.name)
    assert execucao.movidas == 1
    assert Unidade.objects.get(siorg_codigo="2981").pk == mp.pk
    assert Unidade.objects.get(siorg_codigo="2981").parent.siorg_codigo == "26"


def test_import_into_another_repository_matches_codes_only_there(repo_siorg):
    outro = RepositorioFactory(nome="Estruturas em Transição")
    importar(json_siorg(estrutura_basica()))
    execucao = importar(json_siorg(estrutura_basica()[:2]), repositorio=outro)
    assert execucao.incluidas == 2
    assert Unidade.objects.filter(repositorio=outro).count() == 2
    assert Unidade.objects.filter(repositorio=repo_siorg).count() == 5


def test_without_siorg_repository_the_run_fails_cleanly():
    RepositorioDeEstruturas.objects.filter(is_siorg=True).delete()  # an administrator removed it
    execucao = importar(json_siorg(estrutura_basica()))
    assert execucao.situacao == "erro" and "SIORG" in execucao.erros[0]["mensagem"]


def test_import_is_audited(repo_siorg):
    execucao = importar(json_siorg(estrutura_basica()))
    registro = RegistroDeAuditoria.objects.get(acao="estrutura.siorg.importacao")
    assert registro.alvo_id == str(repo_siorg.pk) and f"Execução {execucao.pk}" in registro.detalhes


def test_several_files_form_one_full_structure(repo_siorg):
    basica = estrutura_basica()
    execucao = siorg.importar(
        [("a.json", arquivo(json_siorg(basica[:3]))), ("b.xml", arquivo(xml_siorg(basica[3:])))],
        origem="comando",
    )
    assert execucao.incluidas == 5 and execucao.arquivos == "a.json, b.xml"


# --- management command -------------------------------------------------------------------------------------


def test_command_imports_files_and_prints_summary(repo_siorg, tmp_path):
    caminho = tmp_path / "siorg.json"
    caminho.write_bytes(json_siorg(estrutura_basica()))
    saida = io.StringIO()
    call_command("importar_siorg", str(caminho), stdout=saida)
    assert "5 incluída(s)" in saida.getvalue()
    assert ExecucaoDeImportacao.objects.get().origem == "comando"


def test_command_reads_stdin(repo_siorg, monkeypatch):
    entrada = io.TextIOWrapper(io.BytesIO(json_siorg(estrutura_basica())))
    monkeypatch.setattr(sys, "stdin", entrada)
    call_command("importar_siorg", "-", "--parcial", stdout=io.StringIO())
    assert Unidade.objects.count() == 5
    assert ExecucaoDeImportacao.objects.get().completa is False


def test_command_fails_with_record_and_field_on_bad_file(repo_siorg, tmp_path):
    unidades = estrutura_basica()
    unidades[1]["nome"] = ""
    caminho = tmp_path / "ruim.json"
    caminho.write_bytes(json_siorg(unidades))
    erros = io.StringIO()
    with pytest.raises(CommandError):
        call_command("importar_siorg", str(caminho), stderr=erros, stdout=io.StringIO())
    assert "ruim.json, registro 2 (codigoUnidade 2981): campo nome" in erros.getvalue()
    assert not Unidade.objects.exists()


def test_command_accepts_repository_option(tmp_path):
    outro = RepositorioFactory()
    caminho = tmp_path / "siorg.json"
    caminho.write_bytes(json_siorg(estrutura_basica()))
    call_command("importar_siorg", str(caminho), "--repositorio", str(outro.pk), stdout=io.StringIO())
    assert Unidade.objects.filter(repositorio=outro).count() == 5
    with pytest.raises(CommandError):
        call_command("importar_siorg", str(caminho), "--repositorio", "999999", stdout=io.StringIO())
