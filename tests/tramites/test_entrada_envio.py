"""Envio, recusa and recibo bodies: field names, limits (spec §7), required fields, enums, catalogues."""

import base64
import copy
import datetime
import hashlib
import re

import pytest

from portal.api.errors import ErroDaApi
from tests.factories.hipoteses import EspecieDocumentalFactory, HipoteseLegalFactory
from tramites.api.entrada import EnvioDeDocumento, EnvioDeProcesso, IdentificacaoDeComponente, Recibo, Recusa, validar

pytestmark = pytest.mark.django_db

HASH = base64.b64encode(hashlib.sha256(b"conteudo").digest()).decode()
NUP = "23037.001462/2021-65"


@pytest.fixture
def catalogos():
    return {"especie": EspecieDocumentalFactory(codigo=600), "hipotese": HipoteseLegalFactory(identificacao=1600),
            "inativa": HipoteseLegalFactory(identificacao=1601, ativo=False),
            "especie_inativa": EspecieDocumentalFactory(codigo=601, ativo=False)}


def _componente(ordem=1):
    return {"ordem": ordem, "nome": "despacho.pdf", "hash": {"algoritmo": "SHA256", "conteudo": HASH},
            "tamanhoEmBytes": 8, "mimeType": "application/pdf", "tipoDeConteudo": "txt"}


def _documento(ordem=1):
    return {
        "ordem": ordem, "descricao": "Despacho", "nivelDeSigilo": 1,
        "dataHoraDeProducao": "2021-03-04T10:11:12-03:00", "dataHoraDeRegistro": "2021-03-04T10:11:12-03:00",
        "produtor": {"nome": "Fulano", "tipo": "fisica", "numeroDeIdentificacao": "11144477735"},
        "especie": {"codigo": 600, "nomeNoProdutor": "Despacho"},
        "identificacao": {"numero": "12", "siglaDaUnidadeProdutora": "PROT", "complemento": "x"},
        "componentesDigitais": [_componente()],
    }


def envio_de_processo():
    return {
        "cabecalho": {
            "remetente": {"identificacaoDoRepositorioDeEstruturas": 1, "numeroDeIdentificacaoDaEstrutura": "159098"},
            "destinatario": {"identificacaoDoRepositorioDeEstruturas": "1", "numeroDeIdentificacaoDaEstrutura": 7},
            "urgencia": False, "enviarApenasComponentesDigitaisPendentes": True,
            "propriedadesAdicionais": [{"chave": "MODULO_PEN_VERSAO", "valor": "4.0.3"}],
        },
        "processo": {
            "staTipoProtocolo": "P", "protocolo": NUP, "nivelDeSigilo": 1, "processoDeNegocio": "Licitação",
            "descricao": "Compra de material", "dataHoraDeProducao": "2021-03-04T10:11:12-03:00",
            "dataHoraDeRegistro": "2021-03-04T10:11:12Z",
            "produtor": {"nome": "Ministério X", "tipo": "orgaopublico", "unidade": {"nome": "Protocolo",
                                                                                    "tipo": "orgaopublico"}},
            "interessados": [{"nome": "Fulano de Tal"}],
            "documentos": [_documento()],
            "itensHistorico": [{"dataHoraOperacao": "2021-03-04T10:11:12-03:00", "unidadeOperacao": "PROT",
                                "operacao": "Processo recebido na unidade", "usuario": "fulano"}],
        },
    }


def envio_de_documento():
    documento = _documento()
    del documento["ordem"]
    documento.update(protocolo="23065.021788/2019-57", interessados=[{"nome": "Beltrano"}])
    return {"cabecalho": {"remetente": {"identificacaoDoRepositorioDeEstruturas": 1,
                                        "numeroDeIdentificacaoDaEstrutura": 1},
                          "destinatarios": [{"identificacaoDoRepositorioDeEstruturas": 1,
                                             "numeroDeIdentificacaoDaEstrutura": 2}]},
            "documento": documento}


_PASSO = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _no(dados, caminho):
    """(container, key) of a path like ``processo.documentos[0].especie.codigo``."""
    passos = [int(i) if i else n for n, i in _PASSO.findall(caminho)]
    for passo in passos[:-1]:
        dados = dados[passo]
    return dados, passos[-1]


def com(caminho, valor, base=None):
    dados = copy.deepcopy(base or envio_de_processo())
    recipiente, chave = _no(dados, caminho)
    recipiente[chave] = valor
    return dados


def sem(caminho, base=None):
    dados = copy.deepcopy(base or envio_de_processo())
    recipiente, chave = _no(dados, caminho)
    del recipiente[chave]
    return dados


def recusado(classe, dados):
    with pytest.raises(ErroDaApi) as erro:
        validar(classe, dados)
    assert erro.value.codigo == "0001" and erro.value.status_code == 400
    assert erro.value.mensagem.startswith("Os seguintes erros de validação de campos foram identificados:") or \
        erro.value.mensagem == "O corpo da requisição deve ser um objeto JSON."
    return erro.value.mensagem


def test_a_complete_process_envio_comes_out_as_a_clean_dict(catalogos):
    limpo = validar(EnvioDeProcesso, envio_de_processo())
    assert type(limpo) is dict and type(limpo["processo"]["documentos"]) is list
    assert type(limpo["processo"]["documentos"][0]) is dict
    assert limpo["processo"]["protocolo"] == NUP
    assert limpo["cabecalho"]["destinatario"] == {"identificacaoDoRepositorioDeEstruturas": 1,
                                                  "numeroDeIdentificacaoDaEstrutura": 7}
    assert limpo["cabecalho"]["enviarApenasComponentesDigitaisPendentes"] is True
    assert limpo["processo"]["dataHoraDeRegistro"] == datetime.datetime(2021, 3, 4, 10, 11, 12, tzinfo=datetime.UTC)
    assert limpo["processo"]["documentos"][0]["retirado"] is False  # default filled
    assert limpo["processo"]["documentos"][0]["componentesDigitais"][0]["hash"]["conteudo"] == HASH


def test_a_documento_avulso_envio_is_accepted(catalogos):
    limpo = validar(EnvioDeDocumento, envio_de_documento())
    assert limpo["documento"]["protocolo"] == "23065.021788/2019-57"
    assert len(limpo["cabecalho"]["destinatarios"]) == 1


def test_the_nup_is_normalized_and_a_wrong_check_digit_refused(catalogos):
    assert validar(EnvioDeProcesso, com("processo.protocolo", "23037001462202165"))["processo"]["protocolo"] == NUP
    assert "processo.protocolo: Os dígitos verificadores" in recusado(
        EnvioDeProcesso, com("processo.protocolo", "23037.001462/2021-66"))


def test_the_catalogues_are_read_in_one_query_each_whatever_the_number_of_documents(
        catalogos, django_assert_num_queries):
    dados = envio_de_processo()
    dados["processo"]["documentos"] = [
        {**_documento(i), "nivelDeSigilo": 2, "hipoteseLegal": {"identificacao": 1600}} for i in range(1, 51)]
    with django_assert_num_queries(2):
        validar(EnvioDeProcesso, dados)


LIMITES = [
    ("processo.descricao", 100), ("processo.processoDeNegocio", 100), ("processo.produtor.nome", 150),
    ("processo.produtor.unidade.nome", 150), ("processo.interessados[0].nome", 150),
    ("processo.itensHistorico[0].operacao", 1000), ("processo.documentos[0].descricao", 100),
    ("processo.documentos[0].identificacao.complemento", 100), ("processo.documentos[0].produtor.nome", 150),
    ("cabecalho.propriedadesAdicionais[0].valor", 10000), ("cabecalho.propriedadesAdicionais[0].chave", 100),
    ("processo.documentos[0].especie.nomeNoProdutor", 255),
    ("processo.documentos[0].componentesDigitais[0].nome", 255),
    ("processo.documentos[0].componentesDigitais[0].mimeType", 100),
]


@pytest.mark.parametrize(("caminho", "limite"), LIMITES)
def test_text_limits_accept_the_boundary_and_refuse_one_past(catalogos, caminho, limite):
    assert validar(EnvioDeProcesso, com(caminho, "á" * limite))
    mensagem = recusado(EnvioDeProcesso, com(caminho, "á" * (limite + 1)))
    assert f"- {caminho}: Certifique-se de que este campo não tenha mais de {limite} caracteres." in mensagem


def _apensado(_i):
    processo = copy.deepcopy(envio_de_processo()["processo"])
    del processo["itensHistorico"]
    return processo


_ASSINATURA = {"razao": "Assinado", "dataHora": "2021-03-04T10:11:12Z",
               "hash": {"algoritmo": "SHA256withRSA", "conteudo": "QUJD"},
               "cadeiaDoCertificado": {"formato": "PKCS7", "conteudo": "vazio"}}


@pytest.mark.parametrize(("caminho", "fabricar", "limite"), [
    ("processo.documentos[0].componentesDigitais", _componente, 100),
    ("processo.interessados", lambda i: {"nome": f"Pessoa {i}"}, 1000),
    ("processo.documentos[0].componentesDigitais[0].assinaturasDigitais", lambda i: _ASSINATURA, 50),
    ("cabecalho.propriedadesAdicionais", lambda i: {"chave": f"CLASSIFICACAO_Descricao_{i}", "valor": "x"}, 1000),
    ("processo.itensHistorico", lambda i: {"dataHoraOperacao": "2021-03-04T10:11:12Z", "operacao": "x"}, 20000),
    ("processo.processoApensado", _apensado, 100),
    ("processo.documentos", _documento, 5000),
])
def test_list_limits_accept_the_boundary_and_refuse_one_past(catalogos, caminho, fabricar, limite):
    assert validar(EnvioDeProcesso, com(caminho, [fabricar(i) for i in range(1, limite + 1)]))
    mensagem = recusado(EnvioDeProcesso, com(caminho, [fabricar(i) for i in range(1, limite + 2)]))
    assert f"- {caminho}:" in mensagem


def test_the_destinatarios_list_of_a_documento_avulso_is_bounded(catalogos):
    estrutura = {"identificacaoDoRepositorioDeEstruturas": 1, "numeroDeIdentificacaoDaEstrutura": 2}
    assert validar(EnvioDeDocumento, com("cabecalho.destinatarios", [estrutura] * 100, envio_de_documento()))
    assert "cabecalho.destinatarios" in recusado(
        EnvioDeDocumento, com("cabecalho.destinatarios", [estrutura] * 101, envio_de_documento()))
    assert "cabecalho.destinatarios" in recusado(
        EnvioDeDocumento, com("cabecalho.destinatarios", [], envio_de_documento()))


@pytest.mark.parametrize("caminho", [
    "cabecalho", "cabecalho.remetente", "cabecalho.destinatario",
    "cabecalho.remetente.identificacaoDoRepositorioDeEstruturas",
    "cabecalho.destinatario.numeroDeIdentificacaoDaEstrutura", "processo", "processo.protocolo",
    "processo.nivelDeSigilo", "processo.dataHoraDeProducao", "processo.dataHoraDeRegistro", "processo.produtor",
    "processo.produtor.nome", "processo.produtor.tipo", "processo.documentos", "processo.documentos[0].ordem",
    "processo.documentos[0].nivelDeSigilo", "processo.documentos[0].especie",
    "processo.documentos[0].especie.codigo", "processo.documentos[0].especie.nomeNoProdutor",
    "processo.documentos[0].componentesDigitais", "processo.documentos[0].componentesDigitais[0].ordem",
    "processo.documentos[0].componentesDigitais[0].nome", "processo.documentos[0].componentesDigitais[0].hash",
    "processo.documentos[0].componentesDigitais[0].hash.conteudo",
    "processo.documentos[0].componentesDigitais[0].tamanhoEmBytes",
    "processo.documentos[0].componentesDigitais[0].mimeType",
    "processo.documentos[0].componentesDigitais[0].tipoDeConteudo",
    "processo.itensHistorico[0].operacao", "processo.interessados[0].nome",
])
def test_required_fields_are_named_when_missing(catalogos, caminho):
    assert f"- {caminho}: Este campo é obrigatório." in recusado(EnvioDeProcesso, sem(caminho))


@pytest.mark.parametrize(("caminho", "valor"), [
    ("processo.nivelDeSigilo", 4), ("processo.nivelDeSigilo", 0), ("processo.nivelDeSigilo", "público"),
    ("processo.produtor.tipo", "empresa"), ("processo.produtor.unidade.tipo", "fisica"),
    ("processo.documentos[0].componentesDigitais[0].tipoDeConteudo", "doc"),
    ("processo.documentos[0].componentesDigitais[0].hash.algoritmo", "MD5"),
])
def test_enumerated_fields_refuse_other_values(catalogos, caminho, valor):
    assert f"- {caminho}:" in recusado(EnvioDeProcesso, com(caminho, valor))


@pytest.mark.parametrize(("caminho", "valor"), [("processo.nivelDeSigilo", 3), ("processo.nivelDeSigilo", "1"),
                                                ("processo.documentos[0].componentesDigitais[0].tipoDeConteudo",
                                                 "out")])
def test_enumerated_fields_accept_their_values(catalogos, caminho, valor):
    assert validar(EnvioDeProcesso, com(caminho, valor))


def test_restricted_process_requires_its_hipotese_legal(catalogos):
    assert "- processo.hipoteseLegal: Obrigatória quando o nível de sigilo é restrito (2)." in recusado(
        EnvioDeProcesso, com("processo.nivelDeSigilo", 2))
    dados = com("processo.hipoteseLegal", {"identificacao": 1600}, com("processo.nivelDeSigilo", 2))
    assert validar(EnvioDeProcesso, dados)["processo"]["hipoteseLegal"] == {"identificacao": 1600}


def test_restricted_document_requires_its_hipotese_legal(catalogos):
    assert "- processo.documentos[0].hipoteseLegal: Obrigatória" in recusado(
        EnvioDeProcesso, com("processo.documentos[0].nivelDeSigilo", 2))
    assert "- documento.hipoteseLegal: Obrigatória" in recusado(
        EnvioDeDocumento, com("documento.nivelDeSigilo", 2, envio_de_documento()))


@pytest.mark.parametrize(("identificacao", "trecho"), [
    (99999, "Hipótese legal 99999 não existe no catálogo"), (1601, "Hipótese legal 1601 está inativa"),
])
def test_the_hipotese_legal_must_be_an_active_catalogue_entry(catalogos, identificacao, trecho):
    dados = com("processo.documentos[0].hipoteseLegal", {"identificacao": identificacao},
                com("processo.documentos[0].nivelDeSigilo", 2))
    assert f"- processo.documentos[0].hipoteseLegal.identificacao: {trecho}" in recusado(EnvioDeProcesso, dados)


@pytest.mark.parametrize("codigo", [777, 601])
def test_the_especie_must_be_an_active_catalogue_code(catalogos, codigo):
    mensagem = recusado(EnvioDeProcesso, com("processo.documentos[0].especie.codigo", codigo))
    assert f"- processo.documentos[0].especie.codigo: {codigo} deve ser um código de espécie válido." in mensagem


def test_the_especie_of_a_documento_avulso_is_checked_too(catalogos):
    assert "- documento.especie.codigo: 777" in recusado(
        EnvioDeDocumento, com("documento.especie.codigo", 777, envio_de_documento()))


@pytest.mark.parametrize(("caminho", "valor", "trecho"), [
    ("processo.descricao", "Compra\x00", "caractere de controle (código 0)"),
    ("processo.descricao", "Compra\x1b[31m", "caractere de controle (código 27)"),
    ("processo.descricao", "linha\noutra", "caractere de controle (código 10)"),
    ("processo.produtor.nome", "Fulano\x07", "caractere de controle (código 7)"),
    ("processo.nivelDeSigilo", "٢", "Informe um número inteiro"),
    ("processo.nivelDeSigilo", True, "Informe um número inteiro"),
    ("processo.documentos[0].componentesDigitais[0].tamanhoEmBytes", "١٠", "Informe um número inteiro"),
    ("processo.documentos[0].componentesDigitais[0].tamanhoEmBytes", -1, "O valor mínimo é 0"),
    ("processo.documentos[0].componentesDigitais[0].tamanhoEmBytes", 2**63, "O valor máximo"),
    ("processo.documentos[0].componentesDigitais[0].tamanhoEmBytes", 1.5, "Informe um número inteiro"),
    ("processo.documentos[0].ordem", "1٠", "Informe um número inteiro"),
    ("processo.dataHoraDeProducao", "٢٠٢١-03-04T10:11:12Z", "ISO 8601"),
    ("processo.dataHoraDeProducao", "04/03/2021", "ISO 8601"),
    ("processo.dataHoraDeProducao", "2021-02-30T10:11:12Z", "ISO 8601"),
    ("processo.documentos[0].componentesDigitais[0].hash.conteudo", hashlib.sha256(b"x").hexdigest(), "base64"),
    ("processo.documentos[0].componentesDigitais[0].hash.conteudo", "A" * 42 + "==", "base64"),  # 31 bytes
    ("cabecalho.NRE", "00000043856420١٨", "apenas algarismos"),
    ("cabecalho.urgencia", "talvez", "true ou false"),
    ("processo", [], "Dicionário"),
])
def test_hostile_values_are_refused_with_a_message(catalogos, caminho, valor, trecho):
    assert trecho.lower() in recusado(EnvioDeProcesso, com(caminho, valor)).lower()


def test_multiline_texts_keep_line_breaks(catalogos):
    limpo = validar(EnvioDeProcesso, com("processo.itensHistorico[0].operacao", "linha 1\r\nlinha 2\tfim"))
    assert limpo["processo"]["itensHistorico"][0]["operacao"] == "linha 1\r\nlinha 2\tfim"


@pytest.mark.parametrize(("caminho", "ordens"), [
    ("processo.documentos", [1, 1]), ("processo.documentos", [1, 3]), ("processo.documentos", [2, 3]),
    ("processo.documentos[0].componentesDigitais", [1, 1]),
])
def test_orders_must_run_from_one_without_gaps_or_repeats(catalogos, caminho, ordens):
    fabricar = _documento if caminho == "processo.documentos" else _componente
    assert "sem repetição" in recusado(EnvioDeProcesso, com(caminho, [fabricar(o) for o in ordens]))


def test_an_other_mime_type_needs_its_complementary_data(catalogos):
    caminho = "processo.documentos[0].componentesDigitais[0].mimeType"
    assert "dadosComplementaresDoTipoDeArquivo: Obrigatório" in recusado(EnvioDeProcesso, com(caminho, "outro"))
    dados = com("processo.documentos[0].componentesDigitais[0].dadosComplementaresDoTipoDeArquivo", "docx",
                com(caminho, "outro"))
    assert validar(EnvioDeProcesso, dados)


def test_a_withdrawn_document_may_have_no_component_but_others_need_one(catalogos):
    assert "Informe ao menos um componente" in recusado(
        EnvioDeProcesso, com("processo.documentos[0].componentesDigitais", []))
    dados = com("processo.documentos[0].retirado", True, com("processo.documentos[0].componentesDigitais", []))
    assert validar(EnvioDeProcesso, dados)["processo"]["documentos"][0]["retirado"] is True


@pytest.mark.parametrize(("valor", "esperado"), [(True, None), (False, None), (None, None), (3, 3), ("2", 2)])
def test_motivo_da_urgencia_tolerates_the_module_s_boolean(catalogos, valor, esperado):
    limpo = validar(EnvioDeProcesso, com("cabecalho.motivoDaUrgencia", valor))
    assert limpo["cabecalho"]["motivoDaUrgencia"] == esperado


def test_unknown_fields_are_ignored(catalogos):
    dados = com("processo.campoQueNaoExiste", "x", com("cabecalho.obrigarEnvioDeTodosOsComponentesDigitais", "false"))
    assert "campoQueNaoExiste" not in validar(EnvioDeProcesso, dados)["processo"]


@pytest.mark.parametrize("corpo", [[], "texto", None, 42])
def test_a_body_that_is_not_an_object_is_refused(corpo):
    assert recusado(EnvioDeProcesso, corpo) == "O corpo da requisição deve ser um objeto JSON."


# --- recusa -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("motivo", "esperado"), [("01", "01"), ("02", "02"), ("03", "03"), ("04", "04"),
                                                  ("99", "99"), (4, "04"), (99, "99")])
def test_refusal_reasons_01_to_04_and_99(motivo, esperado):
    assert validar(Recusa, {"justificativa": "Formato não aceito.", "motivo": motivo})["motivo"] == esperado


@pytest.mark.parametrize("motivo", ["05", "1", "98", 5, True, None, "", "٠١"])
def test_other_refusal_reasons_are_refused(motivo):
    assert "- motivo:" in recusado(Recusa, {"justificativa": "x", "motivo": motivo})


def test_the_justificativa_takes_1000_characters_and_not_1001():
    assert validar(Recusa, {"justificativa": "é" * 1000, "motivo": "99"})
    assert "- justificativa: Certifique-se de que este campo não tenha mais de 1000 caracteres." in recusado(
        Recusa, {"justificativa": "é" * 1001, "motivo": "99"})


@pytest.mark.parametrize("justificativa", ["", "   ", None, "texto\x00"])
def test_the_justificativa_is_required_and_clean(justificativa):
    assert "- justificativa:" in recusado(Recusa, {"justificativa": justificativa, "motivo": "99"})


# --- recibo -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "lida"), [
    ("2018-07-31T18:42:59.000Z", datetime.datetime(2018, 7, 31, 18, 42, 59, tzinfo=datetime.UTC)),
    ("2018-07-31T18:42:59.000+0000", datetime.datetime(2018, 7, 31, 18, 42, 59, tzinfo=datetime.UTC)),
    ("2018-07-31T15:42:59.000-03:00", datetime.datetime(2018, 7, 31, 18, 42, 59, tzinfo=datetime.UTC)),
    ("Tue, 31 Jul 2018 18:42:59 GMT", datetime.datetime(2018, 7, 31, 18, 42, 59, tzinfo=datetime.UTC)),
    ("2018-07-31", datetime.datetime(2018, 7, 31, tzinfo=datetime.UTC)),
])
def test_the_recibo_date_formats_the_bus_accepts_are_read_and_the_text_kept(data, lida):
    limpo = validar(Recibo, {"dataDeRecebimento": data, "hashDaAssinatura": "QUJD"})
    assert limpo["dataDeRecebimento"] == data and limpo["dataDeRecebimentoLida"] == lida


@pytest.mark.parametrize("data", ["31/07/2018", "2018-07-31T18:42:59", "٢٠١٨-07-31", "2018-13-01", "", "x" * 41])
def test_other_recibo_dates_are_refused(data):
    assert "- dataDeRecebimento:" in recusado(Recibo, {"dataDeRecebimento": data, "hashDaAssinatura": "QUJD"})


def test_the_recibo_needs_its_signature():
    assert "- hashDaAssinatura: Este campo é obrigatório." in recusado(Recibo, {"dataDeRecebimento": "2018-07-31"})


# --- identificação de componente ----------------------------------------------------------------


def test_component_identification_normalizes_the_nup_and_checks_the_hash():
    assert validar(IdentificacaoDeComponente, {"hashDoComponenteDigital": HASH, "protocolo": "23037001462202165"}) \
        == {"hashDoComponenteDigital": HASH, "protocolo": NUP}
    mensagem = recusado(IdentificacaoDeComponente, {"hashDoComponenteDigital": "abc", "protocolo": "1"})
    assert "- hashDoComponenteDigital:" in mensagem and "- protocolo:" in mensagem
