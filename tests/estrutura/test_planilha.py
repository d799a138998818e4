"""CSV import (§7.4): every error names line and column; preview creates nothing; confirm is atomic."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from estrutura.formatos import ErroDeLeitura
from estrutura.formatos import planilha as formato
from estrutura.models import ExecucaoDeImportacao, ItemDeImportacao, Unidade
from estrutura.services import planilha, unidades
from tests.factories.estrutura import OrgaoFactory, RepositorioSiorgFactory

CABECALHO = "CODIGO,CODIGO DO PAI,NOME,SIGLA,SIGLA COMPLETA\n"
BOA = (CABECALHO + "1,,Secretaria de Saúde,SESAUDE,SESAUDE\n"
       "2,1,Departamento de Saúde,DSAUDE,DSAUDE/SESAUDE\n"
       "3,2,Coordenação-Geral de Saúde,CGSAUDE,CGSAUDE/DSAUDE/SESAUDE\n"
       '4,,"Secretaria de Obras, Transportes e Habitação",SEOTH,SEOTH\n')


def falhas_de(texto: str | bytes, limite=100):
    conteudo = texto.encode() if isinstance(texto, str) else texto
    with pytest.raises(ErroDeLeitura) as erro:
        formato.ler(conteudo, limite_de_linhas=limite)
    return [(f.registro, f.campo, f.mensagem) for f in erro.value.falhas]


def test_good_file_reads_in_tree_order():
    resultado = formato.ler(BOA.encode("utf-8-sig"), limite_de_linhas=100)
    ordem = [(nivel, linha.codigo) for nivel, linha in resultado.em_ordem_de_arvore()]
    assert ordem == [(0, "1"), (1, "2"), (2, "3"), (0, "4")]
    assert resultado.por_codigo["4"].nome == "Secretaria de Obras, Transportes e Habitação"


def test_duplicate_code_names_line_and_column():
    [(linha, coluna, mensagem)] = falhas_de(CABECALHO + "1,,A,A,A\n2,1,B,B,B\n1,,C,C,C\n")
    assert (linha, coluna) == ("linha 4", "CODIGO") and "linha 2" in mensagem


def test_unknown_parent():
    [(linha, coluna, mensagem)] = falhas_de(CABECALHO + "1,,A,A,A\n2,9,B,B,B\n")
    assert (linha, coluna) == ("linha 3", "CODIGO DO PAI") and "9" in mensagem


def test_cycle_names_every_line_in_it():
    resultado = falhas_de(CABECALHO + "1,,A,A,A\n2,3,B,B,B\n3,2,C,C,C\n")
    assert {(linha, coluna) for linha, coluna, _ in resultado} == {("linha 3", "CODIGO DO PAI"),
                                                                   ("linha 4", "CODIGO DO PAI")}
    assert all("ciclo" in m for _, _, m in resultado)


def test_empty_name():
    assert falhas_de(CABECALHO + "1,,  ,A,A\n") == [("linha 2", "NOME", "obrigatório.")]


def test_wrong_encoding_names_the_line():
    conteudo = (CABECALHO + "1,,Secretaria,S,S\n").encode() + "2,1,Divisão,D,D\n".encode("latin-1")
    [(linha, _coluna, mensagem)] = falhas_de(conteudo)
    assert linha == "linha 3" and "UTF-8" in mensagem


def _arvore(planilha):
    return [(nivel, linha.codigo, linha.codigo_pai, linha.nome, linha.sigla, linha.sigla_completa)
            for nivel, linha in planilha.em_ordem_de_arvore()]


def test_semicolon_separated_file_reads_like_the_comma_one():
    """What spreadsheets in pt-BR and the portal's own exports write: ';', quotes, BOM, CRLF."""
    com_ponto_e_virgula = ("CODIGO;CODIGO DO PAI;NOME;SIGLA;SIGLA COMPLETA\r\n"
                           "1;;Secretaria de Saúde;SESAUDE;SESAUDE\r\n"
                           "2;1;Departamento de Saúde;DSAUDE;DSAUDE/SESAUDE\r\n"
                           "3;2;Coordenação-Geral de Saúde;CGSAUDE;CGSAUDE/DSAUDE/SESAUDE\r\n"
                           '4;;"Secretaria de Obras; Transportes, Habitação";SEOTH;SEOTH\r\n')
    lida = formato.ler(com_ponto_e_virgula.encode("utf-8-sig"), limite_de_linhas=100)
    esperada = _arvore(formato.ler(BOA.encode(), limite_de_linhas=100))
    esperada[-1] = (0, "4", "", "Secretaria de Obras; Transportes, Habitação", "SEOTH", "SEOTH")
    assert _arvore(lida) == esperada


def test_commas_inside_fields_of_a_semicolon_file_do_not_split_them():
    lida = formato.ler(b"CODIGO;CODIGO DO PAI;NOME;SIGLA;SIGLA COMPLETA\n1;;Obras, Transportes;OT;OT\n",
                       limite_de_linhas=10)
    assert [linha.nome for linha in lida.linhas] == ["Obras, Transportes"]


def test_separator_is_sniffed_from_the_header():
    assert formato.separador("CODIGO,CODIGO DO PAI,NOME,SIGLA,SIGLA COMPLETA") == ","
    assert formato.separador("codigo;código do pai;nome;sigla;sigla completa") == ";"
    assert formato.separador("A;B;C") == ";" and formato.separador("A,B") == ","


def test_semicolon_file_with_a_wrong_row_names_the_separator():
    [(linha, _c, mensagem)] = falhas_de("CODIGO;CODIGO DO PAI;NOME;SIGLA;SIGLA COMPLETA\n1;;A;B\n")
    assert linha == "linha 2" and "separadas por ponto e vírgula, encontradas 4" in mensagem


def test_tab_delimiter_is_explained():
    [(linha, _c, mensagem)] = falhas_de("CODIGO\tCODIGO DO PAI\tNOME\tSIGLA\tSIGLA COMPLETA\n1\t\tA\tA\tA\n")
    assert linha == "linha 1" and "vírgula (,) ou por ponto e vírgula (;)" in mensagem and "tabulação" in mensagem


def test_wrong_column_count_on_a_row():
    [(linha, _c, mensagem)] = falhas_de(CABECALHO + "1,,A,B\n")
    assert linha == "linha 2" and "encontradas 4" in mensagem


def test_too_many_rows():
    linhas = "".join(f"{i},,Unidade {i},U{i},U{i}\n" for i in range(1, 6))
    [(linha, _c, mensagem)] = falhas_de(CABECALHO + linhas, limite=3)
    assert linha == "linha 5" and "mais de 3" in mensagem


def test_wrong_header():
    [(linha, _c, mensagem)] = falhas_de("ID,PAI,NOME\n1,,A\n")
    assert linha == "linha 1" and "cabeçalho" in mensagem


def test_header_accepts_accents_and_case():
    formato.ler("Código,Código do Pai,Nome,Sigla,Sigla Completa\n1,,A,A,A\n".encode(), limite_de_linhas=10)


def test_long_sigla_and_non_numeric_code():
    resultado = falhas_de(CABECALHO + "x,,A,SIGLAMUITOMUITOLONGA1,A\n")
    assert {(c) for _, c, _ in resultado} == {"CODIGO", "SIGLA"}


# --- preview and confirm -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_preview_creates_nothing_and_confirm_creates_the_tree():
    orgao = OrgaoFactory(nome="Governo do Estado de Minas Gerais", sigla="GOVMG")
    previa = planilha.preparar(orgao, BOA.encode(), "estrutura.csv")
    assert previa.situacao == ExecucaoDeImportacao.Situacao.PREVIA and previa.lidas == 4
    assert Unidade.objects.count() == 1
    execucao = planilha.confirmar(previa)
    assert execucao.situacao == "sucesso" and execucao.incluidas == 4
    sesaude = Unidade.objects.get(sigla="SESAUDE")
    cg = Unidade.objects.get(sigla="CGSAUDE")
    assert sesaude.parent == orgao and cg.parent.sigla == "DSAUDE"
    assert cg.caminho.startswith(sesaude.caminho) and cg.profundidade == 3
    assert cg.origem == Unidade.Origem.IMPORTACAO
    assert list(Unidade.objects.ancestrais(cg).values_list("sigla", flat=True)) == ["DSAUDE", "SESAUDE", "GOVMG"]
    assert ItemDeImportacao.objects.filter(execucao=execucao).count() == 4
    with pytest.raises(ValidationError, match="não está aguardando"):
        planilha.confirmar(previa)
    assert Unidade.objects.count() == 5


@pytest.mark.django_db
def test_invalid_file_creates_no_preview():
    orgao = OrgaoFactory()
    with pytest.raises(ErroDeLeitura):
        planilha.preparar(orgao, (CABECALHO + "1,2,A,A,A\n").encode(), "ruim.csv")
    assert not ExecucaoDeImportacao.objects.exists()


@pytest.mark.django_db
def test_confirm_is_refused_when_destination_became_inactive():
    orgao = OrgaoFactory()
    destino = unidades.criar_unidade(pai=orgao, nome="Secretaria", sigla="SEC")
    previa = planilha.preparar(destino, BOA.encode(), "estrutura.csv")
    unidades.inativar(destino)
    with pytest.raises(ValidationError, match="inativa"):
        planilha.confirmar(previa)
    assert Unidade.objects.count() == 2


@pytest.mark.django_db
def test_cancel_preview():
    orgao = OrgaoFactory()
    previa = planilha.cancelar(planilha.preparar(orgao, BOA.encode(), "estrutura.csv"))
    assert previa.situacao == "cancelada"
    with pytest.raises(ValidationError):
        planilha.confirmar(previa)


@pytest.mark.django_db
def test_csv_import_refused_for_siorg_orgao():
    ministerio = OrgaoFactory(repositorio=RepositorioSiorgFactory(), origem=Unidade.Origem.SIORG)
    with pytest.raises(ValidationError, match="SIORG"):
        planilha.preparar(ministerio, BOA.encode(), "estrutura.csv")


@pytest.mark.django_db
@override_settings(ESTRUTURA_CSV_LIMITE_LINHAS=2)
def test_row_limit_comes_from_settings():
    with pytest.raises(ErroDeLeitura, match="mais de 2"):
        planilha.preparar(OrgaoFactory(), BOA.encode(), "estrutura.csv")
