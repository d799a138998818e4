"""How every API view reads its query and path parameters (one set of rules for the whole API).

* Booleans: ``true``/``false`` (case-insensitive), also ``1``/``0`` and ``sim``/``não``, as PHP clients
  send them. When synonyms are accepted for one filter (``ativos``/``ativo``), every one given is checked.
* Integers (ids, offsets, page sizes): ASCII digits only — ``²``, ``٣``, ``1_000``, ``+1`` are refused —
  and at most a signed 64-bit value, so no database ever sees a number it cannot store.
* Text: at most ``limite`` characters as sent, then stripped.

An empty value (``?ativos=``) counts as not given, for every kind. Every refusal is an ``ErroDaApi``
with code ``0001`` and a pt-BR message naming the parameter.
"""

from __future__ import annotations

from portal.api.errors import ErroDaApi
from portal.identificadores import MAIOR_ID as MAIOR_INTEIRO
from portal.identificadores import ler_id as numero_ascii

VERDADEIRO = frozenset({"true", "1", "sim", "s", "t", "yes"})
FALSO = frozenset({"false", "0", "nao", "não", "n", "f", "no"})
CODIGO_PARAMETRO_INVALIDO = "0001"
# Only these count as "nothing given": Python's str.strip() also drops control characters such as
# \x1c–\x1f, which would turn ``?ativos=%1C`` into an absent filter instead of an invalid one.
_ESPACOS = " \t\r\n"


def booleano_de_texto(valor, nome: str) -> bool | None:
    """One boolean as clients write it; None when empty or absent; ``ErroDaApi`` otherwise."""
    if valor is None or not isinstance(valor, str) or valor.strip(_ESPACOS) == "":
        return None
    texto = valor.strip(_ESPACOS).lower()
    if texto in VERDADEIRO:
        return True
    if texto in FALSO:
        return False
    raise ErroDaApi(CODIGO_PARAMETRO_INVALIDO, f"Parâmetro {nome} inválido: informe true ou false.")


def booleano(request, *nomes: str) -> bool | None:
    """The value of the first of ``nomes`` given (synonyms), after checking all of them; None if absent."""
    resultado = None
    for nome in nomes:
        lido = booleano_de_texto(request.query_params.get(nome), nome)
        if resultado is None:
            resultado = lido
    return resultado


def inteiro(request, nome: str, *, minimo: int = 0) -> int | None:
    valor = request.query_params.get(nome)
    if valor is None or valor.strip() == "":
        return None
    numero = numero_ascii(valor.strip())
    if numero is None:
        raise ErroDaApi(CODIGO_PARAMETRO_INVALIDO, f"Parâmetro {nome} inválido: informe um número inteiro.")
    if numero < minimo:
        raise ErroDaApi(CODIGO_PARAMETRO_INVALIDO, f"Parâmetro {nome} inválido: o mínimo é {minimo}.")
    return numero


def numero_do_caminho(valor: str, descricao: str) -> int:
    numero = numero_ascii(valor)
    if numero is None:
        raise ErroDaApi(CODIGO_PARAMETRO_INVALIDO, f"{descricao} inválido: informe um número inteiro.")
    return numero


def texto(request, nome: str, limite: int = 250) -> str:
    valor = request.query_params.get(nome) or ""
    if len(valor) > limite:
        raise ErroDaApi(CODIGO_PARAMETRO_INVALIDO, f"Parâmetro {nome} inválido: no máximo {limite} caracteres.")
    return valor.strip()


def inteiro_no_esquema(minimo: int = 0) -> dict:
    """OpenAPI schema of an integer parameter as ``inteiro``/``numero_do_caminho`` read it."""
    return {"type": "integer", "format": "int64", "minimum": minimo, "maximum": MAIOR_INTEIRO}


SEM_NUL = "^[^\\u0000]*$"
"""NUL is refused by every path of the portal (``portal.entrada_nul``): the document says so."""


def texto_no_esquema(limite: int) -> dict:
    """OpenAPI schema of a text parameter: at most ``limite`` characters, no NUL."""
    return {"type": "string", "maxLength": limite, "pattern": SEM_NUL}
