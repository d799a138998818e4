"""The seed migration: exactly the 23 hipóteses of the FAQ (§3.12) with their legal bases, the 187
espécies documentais, the Sistemas de Governo and the Gestores Tecnológicos."""

import csv
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps

from hipoteses.models import EspecieDocumental, HipoteseLegal, Numerador
from portal.models import GestorTecnologico, SistemaDeGoverno

pytestmark = pytest.mark.django_db

COMPARTILHADO = Path(__file__).resolve().parents[2].parent / "shared"
SEED_FAQ = COMPARTILHADO / "seeds" / "000_2a0f9392bc7fd1ed.txt"
TABELA_ESPECIES = COMPARTILHADO / "spec" / "especies-documentais.tsv"

# Transcribed from the FAQ §3.12, in its order (identificacao = position).
HIPOTESES_DO_FAQ = [
    ("Processo Administrativo de Responsabilização (PAR)", "Art. 4º, §1º, do Decreto nº 8.420/2015"),
    ("Tratados, acordos e atos internacionais", "Art. 36, Lei 12. 527/2011"),
    ("Investigação/Prevenção de Acidentes Aeronáuticos", "Art. 88-I, § 3º, da Lei nº 7.565/1986"),
    ("Investigação Preliminar sobre Mercado Mobiliário", "Art. 9º, § 2º, da Lei 6.385/1976"),
    ("Atividade Empresarial", "Art. 5º, §2º, do Decreto nº 7.724/2012"),
    ("Situação Econômico-Financeira de Sujeito Passivo", "Art. 198, caput, da Lei nº 5.172/1966 - CTN"),
    ("Sigilo do Inquérito Policial", "Art. 20 do Código de Processo Penal"),
    ("Sigilo de Empresa em Situação Falimentar", "Art. 169 da Lei nº 11.101/2005"),
    ("Sigilo das Comunicações", "Art. 3º, V, da Lei nº 9.472/1997"),
    ("Segredo Industrial", "Art. 195, XIV, Lei nº 9.279/1996"),
    ("Segredo de Justiça no Processo Penal", "Art. 201, § 6º, do Código de Processo Penal"),
    ("Segredo de Justiça no Processo Civil", "Art. 189 do Código de Processo Civil"),
    ("Protocolo-Pendente Análise de Restrição de Acesso", "Art. 6º, III, da Lei nº 12.527/2011"),
    ("Investigação de Responsabilidade do Servidor", "Art. 150 da Lei nº 8.112/1990"),
    ("Interceptações de Comunicações Telefônicas", "Art. 8º, caput, da Lei nº 9.296/1996"),
    ("Informação Privilegiadas de Sociedades Anônimas", "Art. 155, § 2º, da Lei nº 6.404/1976"),
    ("Informação Pessoal", "Art. 31 da Lei nº 12.527/2011"),
    ("Documento Preparatório", "Art. 7º, § 3º, da Lei nº 12.527/2011"),
    ("Direito Autoral", "Art. 24, III, da Lei nº 9.610/1998"),
    ("Controle Interno", "Art. 26, § 3º, da Lei nº 10.180/2001"),
    ("Livros e Registros Contábeis Empresariais", "Art. 1.190 do Código Civil"),
    ("Operações Bancárias", "Art. 1º da Lei Complementar nº 105/2001"),
    ("Proteção da Propriedade Intelectual de Software", "Art. 2º da Lei nº 9.609/1998"),
]


def _pares_no_banco():
    return list(HipoteseLegal.objects.order_by("identificacao").values_list("nome", "base_legal"))


def test_exactly_23_hipoteses_with_the_exact_legal_bases_in_faq_order():
    assert HipoteseLegal.objects.count() == 23
    assert _pares_no_banco() == HIPOTESES_DO_FAQ
    assert list(HipoteseLegal.objects.order_by("identificacao").values_list("identificacao", flat=True)) == list(
        range(1, 24)
    )
    assert not HipoteseLegal.objects.filter(ativo=False).exists()


@pytest.mark.skipif(not SEED_FAQ.exists(), reason="the FAQ seed text is not available outside the workspace")
def test_hipoteses_match_the_faq_text_itself():
    texto = SEED_FAQ.read_text(encoding="utf-8")
    inicio = texto.index("Fundamento jurídico", texto.index("3.12.")) + len("Fundamento jurídico")
    linhas = [linha for linha in texto[inicio:texto.index("3.13.")].splitlines() if linha.strip()]
    assert list(zip(linhas[0::2], linhas[1::2], strict=True)) == _pares_no_banco()


def test_187_especies_with_codes_1_to_186_and_999():
    codigos = set(EspecieDocumental.objects.values_list("codigo", flat=True))
    assert EspecieDocumental.objects.count() == 187
    assert codigos == set(range(1, 187)) | {999}
    nomes = dict(EspecieDocumental.objects.values_list("codigo", "nome"))
    assert (nomes[42], nomes[79], nomes[88], nomes[95], nomes[125]) == (
        "Despacho", "Memorando", "Ofício", "Parecer", "Requerimento")
    assert (nomes[1], nomes[186], nomes[999]) == ("Abaixo-assinado", "Estudo", "Outra")


@pytest.mark.skipif(not TABELA_ESPECIES.exists(), reason="the espécies table is not available outside the workspace")
def test_especies_match_the_bus_table():
    with TABELA_ESPECIES.open(encoding="utf-8") as arquivo:
        linhas = list(csv.DictReader(arquivo, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert set(EspecieDocumental.objects.values_list("codigo", "nome")) == {
        (int(linha["codigo"]), linha["nome"]) for linha in linhas}
    # Observações as in the table, less a leftover of its extraction (" $fnCadastrar(…);").
    esperado = {(int(linha["codigo"]), re.sub(r" \$fnCadastrar\([^)]*\);", "", linha["observacao"]))
                for linha in linhas}
    assert set(EspecieDocumental.objects.values_list("codigo", "observacao")) == esperado
    assert not EspecieDocumental.objects.filter(observacao__contains="$fn").exists()


def test_sistemas_de_governo_seeded_with_sequential_codes():
    sistemas = dict(SistemaDeGoverno.objects.values_list("codigo", "nome"))
    assert sistemas == {1: "CONECTA", 2: "e-BC", 3: "e-DOC", 4: "SAPIENS", 5: "SEI", 6: "SIE", 7: "SIGA",
                        8: "SIGADAer", 9: "SIPAC", 10: "SUAP"}


def test_gestores_tecnologicos_seeded_with_interno_flag():
    gestores = dict(GestorTecnologico.objects.values_list("nome", "interno"))
    assert gestores == {"Interno": True, "Dataprev": False, "Prodemge": False}


def test_counters_start_after_the_seeds():
    assert Numerador.objects.get(chave="hipotese_legal").ultimo == 23
    assert Numerador.objects.get(chave="sistema_de_governo").ultimo == 10


def test_running_the_seed_again_creates_nothing_and_keeps_edits():
    migracao = importlib.import_module("hipoteses.migrations.0002_catalogos_iniciais")
    HipoteseLegal.objects.filter(identificacao=17).update(descricao="Editada pelo administrador")
    GestorTecnologico.objects.filter(nome="Dataprev").update(descricao="Editada")

    migracao.semear(apps, None)

    assert HipoteseLegal.objects.count() == 23
    assert EspecieDocumental.objects.count() == 187
    assert SistemaDeGoverno.objects.count() == 10
    assert GestorTecnologico.objects.count() == 3
    assert HipoteseLegal.objects.get(identificacao=17).descricao == "Editada pelo administrador"
    assert GestorTecnologico.objects.get(nome="Dataprev").descricao == "Editada"
