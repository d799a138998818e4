import csv
import io
import json
from xml.sax.saxutils import escape

import factory

from estrutura.models import RepositorioDeEstruturas, Unidade


class RepositorioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepositorioDeEstruturas

    nome = factory.Sequence(lambda n: f"Repositório {n}")
    descricao = "Repositório de teste"
    is_siorg = False


class RepositorioSiorgFactory(RepositorioFactory):
    class Meta:
        model = RepositorioDeEstruturas
        django_get_or_create = ("is_siorg",)

    nome = "Poder Executivo Federal"
    descricao = "Estrutura do Poder Executivo Federal, importada do SIORG"
    is_siorg = True


class UnidadeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unidade

    repositorio = factory.LazyAttribute(lambda o: o.parent.repositorio if o.parent else RepositorioFactory())
    parent = None
    nome = factory.Sequence(lambda n: f"Unidade {n}")
    sigla = factory.Sequence(lambda n: f"UN{n}")
    origem = Unidade.Origem.MANUAL


class OrgaoFactory(UnidadeFactory):
    eh_orgao = True
    nome = factory.Sequence(lambda n: f"Ministério {n}")
    sigla = factory.Sequence(lambda n: f"MIN{n}")


# --- SIORG payloads, built to the shapes of spec siorg.md §A.2 -------------------------------------------

BASE_SIORG = "https://estruturaorganizacional.dados.gov.br/id"


def unidade_siorg(codigo, pai=None, nome=None, sigla=None, *, numerico=False, orgao=None, tipo=None,
                  versao="100.0.1", **extra) -> dict:
    """One unit as the SIORG web service returns it. ``numerico`` picks ``/poder/1`` over ``/poder/executivo``."""
    orgao = orgao or codigo
    tipo = tipo or ("orgao" if orgao == codigo else "unidade-administrativa")
    tipos_numericos = {"orgao": "OR", "entidade": "EN", "unidade-administrativa": "UA"}
    dados = {
        "codigoUnidade": f"{BASE_SIORG}/unidade-organizacional/{codigo}",
        "codigoUnidadePai": f"{BASE_SIORG}/unidade-organizacional/{pai}" if pai else None,
        "codigoOrgaoEntidade": f"{BASE_SIORG}/unidade-organizacional/{orgao}",
        "codigoTipoUnidade": f"{BASE_SIORG}/tipo-unidade/{tipos_numericos[tipo] if numerico else tipo}",
        "nome": nome or f"Unidade {codigo}",
        "sigla": sigla if sigla is not None else f"U{codigo}",
        "codigoEsfera": f"{BASE_SIORG}/esfera/{1 if numerico else 'federal'}",
        "codigoPoder": f"{BASE_SIORG}/poder/{1 if numerico else 'executivo'}",
        "codigoNaturezaJuridica": f"{BASE_SIORG}/natureza-juridica/{3 if numerico else 'administracao-direta'}",
        "nivelNormatizacao": "LEI_DECRETO",
        "versaoConsulta": versao,
        "dataInicialVersaoConsulta": "2024-01-10",
        "dataFinalVersaoConsulta": None,
        "operacao": None,
    }
    dados.update(extra)
    return dados


def servico(codigo_erro=0, mensagem="Processamento sem erros") -> dict:
    return {"codigoErro": codigo_erro, "mensagem": mensagem, "data": "2026-11-01", "versaoServico": "3.7.1"}


def json_siorg(unidades: list[dict], *, servico_=None) -> bytes:
    return json.dumps({"servico": servico_ or servico(), "unidades": unidades}, ensure_ascii=False).encode()


def json_siorg_unidade(unidade: dict) -> bytes:
    return json.dumps({"servico": servico(), "unidade": unidade}, ensure_ascii=False).encode()


def _xml_campos(unidade: dict) -> str:
    return "".join(
        f"<{campo}>{escape(str(valor))}</{campo}>" for campo, valor in sorted(unidade.items()) if valor is not None
    )


def xml_siorg(unidades: list[dict], *, servico_=None) -> bytes:
    """A list answer: one ``<unidades>`` element per unit (as consumers read with findall('.//unidades'))."""
    serv = servico_ or servico()
    corpo = "".join(f"<unidades>{_xml_campos(u)}</unidades>" for u in unidades)
    return (f'<?xml version="1.0" encoding="UTF-8"?><resultadoConsultarEstruturaResumida><servico>'
            f"{_xml_campos(serv)}</servico>{corpo}</resultadoConsultarEstruturaResumida>").encode()


def xml_siorg_unidade(unidade: dict) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><resultadoConsultarUnidadeResumida><servico />'
            f"<unidade>{_xml_campos(unidade)}</unidade></resultadoConsultarUnidadeResumida>").encode()


def csv_siorg(unidades: list[dict], separador=";") -> bytes:
    colunas = ["codigoUnidade", "codigoUnidadePai", "codigoOrgaoEntidade", "codigoTipoUnidade", "nome", "sigla",
               "codigoEsfera", "codigoPoder", "codigoNaturezaJuridica", "versaoConsulta", "telefone", "email"]
    saida = io.StringIO()
    escritor = csv.writer(saida, delimiter=separador, lineterminator="\n")
    escritor.writerow(colunas)
    for u in unidades:
        escritor.writerow([str(u.get(c) or "") for c in colunas])
    return saida.getvalue().encode()


def arquivo(conteudo: bytes) -> io.BytesIO:
    return io.BytesIO(conteudo)


def estrutura_basica(numerico=False) -> list[dict]:
    """26 Presidência › 2981 Ministério › 3001 Secretaria › 3002 Coordenação; 2981 › 86144 entidade vinculada."""
    return [
        unidade_siorg(26, None, "Presidência da República", "PR", numerico=numerico),
        unidade_siorg(2981, 26, "Ministério do Planejamento, Orçamento e Gestão", "MP", numerico=numerico),
        unidade_siorg(3001, 2981, "Secretaria de Gestão", "SEGES", orgao=2981, numerico=numerico),
        unidade_siorg(3002, 3001, "Coordenação-Geral de Protocolo", "CGPRO", orgao=2981, numerico=numerico),
        unidade_siorg(86144, 2981, "Agência Nacional de Aviação Civil", "ANAC", tipo="entidade", numerico=numerico),
    ]
