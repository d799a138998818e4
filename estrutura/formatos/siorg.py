"""Reading SIORG files: JSON and XML web-service answers and the monthly CSV dump.

Accepted shapes (see the spec ``siorg.md`` §A.2):

* JSON list ``{"servico": {…}, "unidades": [{…}, …]}`` and single unit ``{"servico": …, "unidade": {…}}``;
* XML with root ``resultadoConsultarUnidadeResumida`` (single ``<unidade>``) or repeated ``<unidades>``
  elements (lists);
* the CSV dump whose columns carry the API's field names (``codigoUnidade;codigoUnidadePai;nome;…``),
  separated by ``;`` or ``,``.

Every code is a URI whose last segment is the value: a number (``…/unidade-organizacional/2981``,
``…/poder/1``) or a slug (``…/poder/executivo``). Domain slugs are mapped to the numbers so both
spellings give the same stored value. An error envelope (``servico.codigoErro`` ≠ 0) is refused even
when the HTTP answer was 200.

JSON is streamed with ijson (C backend) and XML with defusedxml's ``iterparse``, so a file of 100k
units never sits in memory as a whole: each unit becomes a small ``RegistroSiorg`` as it is read.
"""

from __future__ import annotations

import csv
import functools
import io
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO

import ijson
from defusedxml import ElementTree

from portal.identificadores import eh_numero_ascii, ler_id

from . import MAXIMO_DE_FALHAS, ErroDeLeitura, Falha, problema_de_caractere

PODERES = {"1": "Executivo", "2": "Legislativo", "3": "Judiciário"}
ESFERAS = {"1": "Federal", "2": "Estadual/Distrital", "3": "Municipal"}
NATUREZAS = {
    "1": "Empresa Pública",
    "2": "Fundação Pública",
    "3": "Administração Direta",
    "4": "Autarquia",
    "6": "Sociedade de Economia Mista",
    "7": "Órgão Público Autônomo Federal",
}
TIPOS = {
    "orgao": "Órgão",
    "entidade": "Entidade",
    "unidade-administrativa": "Unidade Administrativa",
    "unidade-colegiada": "Unidade Colegiada",
    "ente": "Ente",
}

_SLUG_PODER = {"executivo": "1", "legislativo": "2", "judiciario": "3"}
_SLUG_ESFERA = {"federal": "1", "estadual": "2", "distrital": "2", "estadual-distrital": "2", "municipal": "3"}
_SLUG_NATUREZA = {
    "empresa-publica": "1",
    "fundacao-publica": "2",
    "administracao-direta": "3",
    "autarquia": "4",
    "sociedade-de-economia-mista": "6",
    "orgao-publico-autonomo-federal": "7",
}
# Letter codes of the "Lista de serviços" footnote (EM) and of newer clients (EN) name the same types.
_SLUG_TIPO = {
    "or": "orgao",
    "em": "entidade",
    "en": "entidade",
    "ua": "unidade-administrativa",
    "uc": "unidade-colegiada",
    "et": "ente",
}
TIPOS_DE_ORGAO = frozenset({"orgao", "entidade"})
_DOMINIOS = {"poder": _SLUG_PODER, "esfera": _SLUG_ESFERA, "natureza": _SLUG_NATUREZA, "tipo": _SLUG_TIPO}

LIMITE_NOME = 250
LIMITE_SIGLA = 100
LIMITE_VERSAO = 40
# A SIORG answer nests at most a few levels (envelope → list → unit → field). A hostile file nested
# 100k levels deep made the streaming parsers build ever longer prefixes and stacks (23 GB) before
# reaching any unit, so nesting is bounded while reading and the file is refused past this depth.
PROFUNDIDADE_MAXIMA = 32
# Numbers are codes: more than 19 digits is no SIORG code (and 1e999999999 must never become an int).
MAIOR_EXPOENTE = 18


@dataclass(slots=True)
class RegistroSiorg:
    codigo: int
    pai: int | None
    orgao: int | None
    nome: str
    sigla: str
    versao: str
    tipo: str
    poder: str
    esfera: str
    natureza: str
    arquivo: str
    local: str  # "registro 12", "linha 7"

    @property
    def eh_orgao(self) -> bool:
        return self.tipo in TIPOS_DE_ORGAO or (self.orgao is not None and self.orgao == self.codigo)

    def dados(self) -> tuple:
        return (self.pai, self.orgao, self.nome, self.sigla, self.versao, self.tipo, self.poder, self.esfera,
                self.natureza)


@dataclass
class Leitura:
    registros: dict[int, RegistroSiorg] = field(default_factory=dict)
    avisos: list[str] = field(default_factory=list)
    unitario: bool = True  # every file was a single-unit answer
    arquivos: list[str] = field(default_factory=list)


class _CampoInvalido(ValueError):
    def __init__(self, campo: str, mensagem: str):
        self.campo = campo
        super().__init__(mensagem)


def ultimo_segmento(valor) -> str:
    """The value of a SIORG code: the URI's last path segment (or the bare number)."""
    if valor is None:
        return ""
    if isinstance(valor, bool):
        raise ValueError("valor lógico onde se esperava um código")
    if isinstance(valor, Decimal | float):
        numero = Decimal(valor)
        if not numero.is_finite() or numero.adjusted() > MAIOR_EXPOENTE:
            raise ValueError(f"o número {str(valor)[:40]} não é um código válido")
        return str(int(numero)) if numero == int(numero) else str(numero)
    if isinstance(valor, int):
        return str(valor)
    texto = str(valor).strip().split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return texto.rsplit("/", 1)[-1].strip()


def _slug(texto: str) -> str:
    decomposto = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in decomposto if not unicodedata.combining(c)).casefold().replace("_", "-")


@functools.lru_cache(maxsize=4096)
def _dominio(valor: str, dominio: str) -> str:
    segmento = _slug(ultimo_segmento(valor))
    return _DOMINIOS[dominio].get(segmento, segmento)


def normalizar_dominio(valor, dominio: str) -> str:
    """The canonical value of a domain code: the same for ``…/poder/executivo`` and ``…/poder/1``.

    ``dominio`` is one of "poder", "esfera", "natureza", "tipo".
    """
    if valor is None:
        return ""
    if not isinstance(valor, str):
        valor = ultimo_segmento(valor)
    return _dominio(valor, dominio)


def codigo_de_unidade(valor, campo: str, obrigatorio: bool = False) -> int | None:
    try:
        segmento = ultimo_segmento(valor)
    except ValueError as erro:
        raise _CampoInvalido(campo, str(erro)) from None
    if not segmento:
        if obrigatorio:
            raise _CampoInvalido(campo, "obrigatório e não informado")
        return None
    numero = ler_id(segmento)
    if not numero:
        raise _CampoInvalido(campo, f"o valor {str(valor).strip()[:120]!r} não termina no número de uma unidade")
    return numero


def _texto(valor) -> str:
    if valor is None:
        return ""
    return " ".join(str(valor).split())


def _verificar_caracteres(dados: dict) -> None:
    for campo, valor in dados.items():
        if isinstance(valor, str):
            problema = problema_de_caractere(_texto(valor))
            if problema:
                raise _CampoInvalido(str(campo)[:60], problema.rstrip("."))


def registro_de(dados: dict, arquivo: str = "", local: str = "") -> RegistroSiorg:
    """Validates one unit as read from any format. Raises ``_CampoInvalido`` naming the field."""
    if "codigoUnidade" not in dados:  # PascalCase spellings of the 2013 documentation
        dados = {(k[:1].lower() + k[1:]): v for k, v in dados.items()}
    _verificar_caracteres(dados)
    codigo = codigo_de_unidade(dados.get("codigoUnidade"), "codigoUnidade", obrigatorio=True)
    pai = codigo_de_unidade(dados.get("codigoUnidadePai"), "codigoUnidadePai")
    if pai == codigo:
        raise _CampoInvalido("codigoUnidadePai", "a unidade não pode ser superior de si mesma")
    orgao = codigo_de_unidade(dados.get("codigoOrgaoEntidade"), "codigoOrgaoEntidade")
    nome = _texto(dados.get("nome"))
    if not nome:
        raise _CampoInvalido("nome", "obrigatório e não informado")
    if len(nome) > LIMITE_NOME:
        raise _CampoInvalido("nome", f"tem {len(nome)} caracteres; o máximo é {LIMITE_NOME}")
    sigla = _texto(dados.get("sigla"))
    if len(sigla) > LIMITE_SIGLA:
        raise _CampoInvalido("sigla", f"tem {len(sigla)} caracteres; o máximo é {LIMITE_SIGLA}")
    versao = _texto(dados.get("versaoConsulta"))
    if len(versao) > LIMITE_VERSAO:
        raise _CampoInvalido("versaoConsulta", f"tem {len(versao)} caracteres; o máximo é {LIMITE_VERSAO}")
    try:
        tipo = normalizar_dominio(dados.get("codigoTipoUnidade"), "tipo")
        poder = normalizar_dominio(dados.get("codigoPoder"), "poder")
        esfera = normalizar_dominio(dados.get("codigoEsfera"), "esfera")
        natureza = normalizar_dominio(dados.get("codigoNaturezaJuridica"), "natureza")
    except ValueError as erro:
        raise _CampoInvalido("codigo", str(erro)) from None
    for campo, valor in (("codigoTipoUnidade", tipo), ("codigoPoder", poder), ("codigoEsfera", esfera),
                         ("codigoNaturezaJuridica", natureza)):
        if len(valor) > 40 + 40 * (campo == "codigoNaturezaJuridica"):
            raise _CampoInvalido(campo, "valor longo demais")
    return RegistroSiorg(codigo, pai, orgao, nome, sigla, versao, tipo, poder, esfera, natureza, arquivo, local)


def verificar_servico(servico, arquivo: str) -> None:
    """Refuses the SIORG error envelope: ``servico.codigoErro`` other than 0."""
    if not isinstance(servico, dict):
        return
    codigo = servico.get("codigoErro")
    if codigo in (None, "", 0, "0") or (isinstance(codigo, Decimal | int) and int(codigo) == 0):
        return
    mensagem = _texto(servico.get("mensagem")) or "sem mensagem"
    raise ErroDeLeitura([Falha(arquivo, "servico", "codigoErro",
                               f"o SIORG respondeu com o erro {ultimo_segmento(codigo)}: {mensagem}")])


class _Coletor:
    def __init__(self, leitura: Leitura, arquivo: str):
        self.leitura = leitura
        self.arquivo = arquivo
        self.falhas: list[Falha] = []
        self.contador = 0

    def adicionar(self, dados, local: str | None = None) -> None:
        self.contador += 1
        local = local or f"registro {self.contador}"
        if not isinstance(dados, dict):
            self.falhas.append(Falha(self.arquivo, local, "", "não é um objeto com os campos da unidade"))
            return
        try:
            registro = registro_de(dados, self.arquivo, local)
        except _CampoInvalido as erro:
            codigo = ultimo_segmento(dados.get("codigoUnidade")) if isinstance(dados.get("codigoUnidade"), str) else ""
            onde = f"{local} (codigoUnidade {codigo})" if eh_numero_ascii(codigo) and len(codigo) <= 19 else local
            self.falhas.append(Falha(self.arquivo, onde, erro.campo, str(erro)))
            return
        anterior = self.leitura.registros.get(registro.codigo)
        if anterior is not None:
            if anterior.dados() != registro.dados():
                self.falhas.append(Falha(
                    self.arquivo, f"{local} (codigoUnidade {registro.codigo})", "codigoUnidade",
                    f"unidade repetida com dados diferentes (já lida em {anterior.arquivo}, {anterior.local})",
                ))
            return
        self.leitura.registros[registro.codigo] = registro

    def cheio(self) -> bool:
        return len(self.falhas) >= MAXIMO_DE_FALHAS


def _pesquisavel(arquivo: BinaryIO) -> BinaryIO:
    """Stdin and sockets cannot be read twice: spool them to a temporary file."""
    try:
        if arquivo.seekable():
            arquivo.seek(0)
            return arquivo
    except (AttributeError, OSError, ValueError):
        pass
    copia = tempfile.TemporaryFile()
    shutil.copyfileobj(arquivo, copia, 1024 * 1024)
    copia.seek(0)
    return copia


def _formato(arquivo: BinaryIO) -> str:
    inicio = arquivo.read(4096)
    arquivo.seek(0)
    texto = inicio.lstrip(b"\xef\xbb\xbf \t\r\n")
    if texto.startswith((b"{", b"[")):
        return "json"
    if texto.startswith(b"<"):
        return "xml"
    if not texto:
        return "vazio"
    return "csv"


def _falha_de_profundidade(coletor: _Coletor) -> None:
    coletor.falhas.append(Falha(
        coletor.arquivo, "", "",
        f"arquivo recusado: tem mais de {PROFUNDIDADE_MAXIMA} níveis de aninhamento "
        "(um arquivo do SIORG tem poucos níveis).",
    ))


def _profundidade_aceitavel(arquivo: BinaryIO) -> bool:
    """Walks the JSON once with the prefix-less event parser (constant memory) and stops at the limit."""
    profundidade = 0
    for evento, _valor in ijson.basic_parse(arquivo):
        if evento in ("start_map", "start_array"):
            profundidade += 1
            if profundidade > PROFUNDIDADE_MAXIMA:
                return False
        elif evento in ("end_map", "end_array"):
            profundidade -= 1
    return True


def _ler_json(arquivo: BinaryIO, coletor: _Coletor) -> bool:
    """Returns True when the file was a single-unit answer."""
    try:
        if not _profundidade_aceitavel(arquivo):
            _falha_de_profundidade(coletor)
            return False
        arquivo.seek(0)
        servico = next(ijson.items(arquivo, "servico"), None)
        verificar_servico(servico, coletor.arquivo)
        arquivo.seek(0)
        for dados in ijson.items(arquivo, "unidades.item"):
            coletor.adicionar(dados)
            if coletor.cheio():
                return False
        if coletor.contador:
            return False
        arquivo.seek(0)
        unidade = next(ijson.items(arquivo, "unidade"), None)
    except ijson.JSONError as erro:
        coletor.falhas.append(Falha(coletor.arquivo, f"após o registro {coletor.contador}", "",
                                    f"JSON inválido ({erro})"))
        return False
    if unidade is not None:
        coletor.adicionar(unidade)
        return True
    coletor.falhas.append(Falha(coletor.arquivo, "", "unidades",
                                "o arquivo não tem a lista \"unidades\" nem o objeto \"unidade\" do SIORG"))
    return False


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _ler_xml(arquivo: BinaryIO, coletor: _Coletor) -> bool:
    pilha = []
    unitario = False
    try:
        for evento, elemento in ElementTree.iterparse(arquivo, events=("start", "end")):
            if evento == "start":
                pilha.append(elemento)
                if len(pilha) > PROFUNDIDADE_MAXIMA:
                    _falha_de_profundidade(coletor)
                    return False
                continue
            pilha.pop()
            nome = _local(elemento.tag)
            if nome == "servico" and len(pilha) == 1:
                verificar_servico({_local(f.tag): (f.text or "").strip() for f in elemento}, coletor.arquivo)
            elif nome in ("unidade", "unidades") and any(_local(f.tag) == "codigoUnidade" for f in elemento):
                dados = {_local(f.tag): (f.text or "").strip() or None for f in elemento if len(f) == 0}
                coletor.adicionar(dados)
                unitario = nome == "unidade" and len(pilha) == 1
                if coletor.cheio():
                    return False
            else:
                continue
            if pilha:
                pilha[-1].remove(elemento)
    except ElementTree.ParseError as erro:
        coletor.falhas.append(Falha(coletor.arquivo, f"após o registro {coletor.contador}", "",
                                    f"XML inválido ({erro})"))
        return False
    except Exception as erro:  # defusedxml refusals (DTD, entities) and similar
        if erro.__class__.__module__.startswith("defusedxml"):
            coletor.falhas.append(Falha(coletor.arquivo, "", "", f"XML recusado por segurança ({erro})"))
            return False
        raise
    if not coletor.contador:
        coletor.falhas.append(Falha(coletor.arquivo, "", "unidades",
                                    "o XML não tem elementos <unidade> ou <unidades> com codigoUnidade"))
    return unitario and coletor.contador == 1


def _coluna(nome: str) -> str:
    return nome.strip().lstrip("\ufeff").replace("_", "").replace(" ", "").casefold()


_COLUNAS_DA_API = {
    _coluna(c): c
    for c in ("codigoUnidade", "codigoUnidadePai", "codigoOrgaoEntidade", "codigoTipoUnidade", "nome", "sigla",
              "codigoPoder", "codigoEsfera", "codigoNaturezaJuridica", "versaoConsulta")
}


def _ler_csv(arquivo: BinaryIO, coletor: _Coletor) -> bool:
    csv.field_size_limit(16 * 1024 * 1024)
    texto = io.TextIOWrapper(arquivo, encoding="utf-8-sig", newline="")
    linha = 1
    try:
        cabecalho = texto.readline()
        delimitador = max((";", ",", "\t"), key=cabecalho.count)
        colunas = next(csv.reader([cabecalho], delimiter=delimitador))
        mapa = {i: _COLUNAS_DA_API[_coluna(c)] for i, c in enumerate(colunas) if _coluna(c) in _COLUNAS_DA_API}
        if "codigoUnidade" not in mapa.values() or "nome" not in mapa.values():
            coletor.falhas.append(Falha(
                coletor.arquivo, "linha 1", "cabeçalho",
                "o CSV do SIORG precisa das colunas codigoUnidade e nome (separadas por ; ou ,)",
            ))
            return False
        for linha, valores in enumerate(csv.reader(texto, delimiter=delimitador), start=2):
            if not any(v.strip() for v in valores):
                continue
            dados = {campo: (valores[i] if i < len(valores) else None) for i, campo in mapa.items()}
            coletor.adicionar(dados, f"linha {linha}")
            if coletor.cheio():
                return False
    except UnicodeDecodeError:
        coletor.falhas.append(Falha(coletor.arquivo, f"após a linha {linha}", "",
                                    "o arquivo não está em UTF-8"))
    except csv.Error as erro:
        coletor.falhas.append(Falha(coletor.arquivo, f"linha {linha}", "", f"CSV inválido ({erro})"))
    finally:
        texto.detach()
    return False


def ler(fontes: list[tuple[str, BinaryIO]]) -> Leitura:
    """Reads every file; raises ``ErroDeLeitura`` listing each record and field that failed."""
    leitura = Leitura()
    falhas: list[Falha] = []
    for nome, bruto in fontes:
        leitura.arquivos.append(nome)
        arquivo = _pesquisavel(bruto)
        coletor = _Coletor(leitura, nome)
        formato = _formato(arquivo)
        if formato == "vazio":
            falhas.append(Falha(nome, "", "", "arquivo vazio"))
            continue
        leitor = {"json": _ler_json, "xml": _ler_xml, "csv": _ler_csv}[formato]
        unitario = leitor(arquivo, coletor)
        leitura.unitario = leitura.unitario and unitario
        falhas.extend(coletor.falhas)
        if len(falhas) >= MAXIMO_DE_FALHAS:
            break
    if falhas:
        raise ErroDeLeitura(falhas)
    if not leitura.registros:
        raise ErroDeLeitura([Falha(", ".join(leitura.arquivos), "", "", "nenhuma unidade encontrada")])
    return leitura
