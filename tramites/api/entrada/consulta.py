"""Reading what real clients put in the URL (spec tramita-api §1, §3, §9).

* PHP/Guzzle ``http_build_query`` nests filters: ``remetente[identificacaoDoRepositorioDeEstruturas]=5``
  becomes ``{"remetente": {"identificacaoDoRepositorioDeEstruturas": "5"}}``; ``a[]=1&a[]=2`` a list.
* Booleans ``1``/``0``/``true``/``false`` (the portal's one rule, ``portal.api.parametros``), and the
  repository list's ``ativos``/``ativo`` synonyms.
* The redundant ``?IDT=`` beside the path id must name the same trâmite.
* ``hashDoComponenteDigital``/``protocolo`` come as multipart parts or as query parameters.
* Byte ranges ``{inicio}-{fim}`` with ``fim`` exclusive.

Every refusal is an ``ErroDaApi`` ``0001`` with a pt-BR message naming the parameter.
"""

from __future__ import annotations

import re

from django.urls import re_path

from portal.api import parametros
from portal.identificadores import ler_id
from tramites import erros
from tramites.armazenamento import hash_valido
from tramites.nup import normalizar_nup

MAXIMO_DE_NIVEIS = 4
MAXIMO_DE_PARAMETROS = 200
MAXIMO_DE_ITENS_POR_LISTA = 1000

_CHAVE = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])*)")
_SEGMENTO = re.compile(r"\[([^\[\]]*)\]")
_INTERVALO = re.compile(r"([0-9]{1,19})-([0-9]{1,19})", re.ASCII)


def _invalido(mensagem: str) -> erros.ErroDaApi:
    return erros.ErroDaApi(erros.REQUISICAO_INVALIDA, mensagem)


def aninhar(parametros_da_consulta) -> dict:
    """PHP-style keys (``a[b][c]=1``, ``a[]=1``) into nested dicts and lists (values stay text).

    ``parametros_da_consulta`` is a ``QueryDict`` (or any mapping with ``getlist``/``items``). A key
    repeated without ``[]`` keeps its last value, as PHP does. A scalar and a nested value under one
    name, more than 4 levels or more than 200 parameters are refused.
    """
    chaves = list(parametros_da_consulta.keys())
    if len(chaves) > MAXIMO_DE_PARAMETROS:
        raise _invalido(f"A consulta tem parâmetros demais (mais de {MAXIMO_DE_PARAMETROS}).")
    resultado: dict = {}
    for chave in chaves:
        valores = (parametros_da_consulta.getlist(chave) if hasattr(parametros_da_consulta, "getlist")
                   else [parametros_da_consulta[chave]])
        encontrado = _CHAVE.fullmatch(chave)
        if encontrado is None:
            raise _invalido(f"Parâmetro {chave} malformado: use nome[campo]=valor.")
        caminho = [encontrado[1], *_SEGMENTO.findall(encontrado[2])]
        if len(caminho) > MAXIMO_DE_NIVEIS + 1:
            raise _invalido(f"Parâmetro {chave} malformado: no máximo {MAXIMO_DE_NIVEIS} níveis de [campo].")
        if "" in caminho[:-1]:
            raise _invalido(f"Parâmetro {chave} malformado: [] só pode aparecer no fim do nome.")
        _colocar(resultado, caminho, valores, chave)
    return resultado


def _colocar(destino: dict, caminho: list[str], valores: list[str], chave: str) -> None:
    *pais, ultimo = caminho
    atual = destino
    for nome in pais:
        atual = atual.setdefault(nome, {})
        if not isinstance(atual, dict):
            raise _invalido(f"Parâmetro {chave} em conflito com outro de mesmo nome.")
    if ultimo == "":  # nome[]=…: a list
        if len(valores) > MAXIMO_DE_ITENS_POR_LISTA:
            raise _invalido(f"Parâmetro {chave} com valores demais (mais de {MAXIMO_DE_ITENS_POR_LISTA}).")
        return _colocar_lista(destino, pais, valores, chave)
    if isinstance(atual.get(ultimo), dict | list):
        raise _invalido(f"Parâmetro {chave} em conflito com outro de mesmo nome.")
    atual[ultimo] = valores[-1]


def _colocar_lista(destino: dict, pais: list[str], valores: list[str], chave: str) -> None:
    atual = destino
    for nome in pais[:-1]:
        atual = atual[nome]
    existente = atual.get(pais[-1])
    if isinstance(existente, dict) and not existente:
        atual[pais[-1]] = list(valores)
    else:
        raise _invalido(f"Parâmetro {chave} em conflito com outro de mesmo nome.")


def booleano(valor, nome: str) -> bool | None:
    """``1``/``0``/``true``/``false`` (case-insensitive); None when empty; ``0001`` otherwise."""
    return parametros.booleano_de_texto(valor, nome)


def ler_ativos(parametros_da_consulta) -> bool | None:
    """``ativos`` or its synonym ``ativo`` (both checked when both are given; the first one wins)."""
    resultado = None
    for nome in ("ativos", "ativo"):
        lido = booleano(parametros_da_consulta.get(nome), nome)
        if resultado is None:
            resultado = lido
    return resultado


def conferir_idt(idt_do_caminho, parametros_da_consulta) -> int:
    """The path's IDT, after checking that a redundant ``?IDT=`` (when given) names the same one."""
    idt = parametros.numero_do_caminho(str(idt_do_caminho), "IDT")
    redundante = parametros_da_consulta.get("IDT")
    if redundante is None or redundante.strip() == "":
        return idt
    lido = ler_id(redundante.strip())
    if lido is None:
        raise _invalido("Parâmetro IDT inválido: informe um número inteiro.")
    if lido != idt:
        raise _invalido(f"O IDT informado na consulta ({lido}) é diferente do IDT do caminho ({idt}).")
    return idt


def ler_intervalo(texto: str) -> tuple[int, int]:
    """``"{inicio}-{fim}"`` of a part's path: 0-based, ``fim`` exclusive and greater than ``inicio``."""
    encontrado = _INTERVALO.fullmatch(texto or "")
    if encontrado is None:
        raise _invalido(f"Intervalo de bytes “{texto}” inválido: use inicio-fim, por exemplo 0-52428800.")
    inicio, fim = ler_id(encontrado[1]), ler_id(encontrado[2])
    if inicio is None or fim is None:
        raise _invalido(f"Intervalo de bytes “{texto}” inválido: números grandes demais.")
    if fim <= inicio:
        raise _invalido(f"Intervalo de bytes {texto} inválido: o fim (exclusivo) deve ser maior que o início.")
    return inicio, fim


def _um_valor(nome: str, corpo, consulta) -> str:
    no_corpo = corpo.get(nome) if hasattr(corpo, "get") else None
    if hasattr(no_corpo, "read"):  # sent as a file part: read the small text it holds
        no_corpo = no_corpo.read(200).decode("utf-8", errors="replace")
    na_consulta = consulta.get(nome)
    valores = {v.strip() for v in (no_corpo, na_consulta) if isinstance(v, str) and v.strip()}
    if not valores:
        raise _invalido(f"O campo {nome} não foi informado (parte do formulário ou parâmetro da consulta).")
    if len(valores) > 1:
        raise _invalido(f"O campo {nome} foi informado com valores diferentes no formulário e na consulta.")
    return valores.pop()


def dados_do_componente(request) -> dict:
    """``hashDoComponenteDigital`` and ``protocolo`` of an upload or download, from the multipart parts,
    the JSON body or the query string (the same value may appear in more than one)."""
    corpo = request.data if hasattr(request.data, "get") else {}
    hash_ = _um_valor("hashDoComponenteDigital", corpo, request.query_params)
    if not hash_valido(hash_):
        raise _invalido("O campo hashDoComponenteDigital deve ser o SHA-256 do componente em base64 (44 caracteres).")
    try:
        protocolo = normalizar_nup(_um_valor("protocolo", corpo, request.query_params))
    except ValueError as erro:
        raise _invalido(f"O campo protocolo é inválido: {erro}") from None
    return {"hashDoComponenteDigital": hash_, "protocolo": protocolo}


_CONVERSORES = {"int": "[0-9]+", "str": "[^/]+", "slug": "[-a-zA-Z0-9_]+"}
_ESPECIAIS = re.compile(r"([.^$*+?{}\[\]\\|()])")


def _literal(texto: str) -> str:
    """``texto`` as a regex literal, escaping only metacharacters (so ``-`` stays as is: drf-spectacular
    prints the route's literal parts into the OpenAPI paths)."""
    return _ESPECIAIS.sub(r"\\\1", texto)


_PARAMETRO = re.compile(r"<(?:(int|str|slug):)?([A-Za-z_][A-Za-z0-9_]*)>")


def _literal(texto: str) -> str:
    """``re.escape`` without escaping ``-`` (not special outside a class): the OpenAPI generator derives
    paths from the regex (``admindocs.simplify_regex``) and would print ``componentes\\-digitais``."""
    return re.escape(texto).replace("\\-", "-")


def caminho(rota: str, view, name: str | None = None):
    """A URL pattern that matches with or without the trailing slash (clients send both); path
    parameters keep Django's ``<int:x>``/``<str:x>``/``<slug:x>`` syntax (values arrive as text).
    The optional slash is a non-capturing group, which the OpenAPI generator drops: the documented
    path is the one without the slash."""
    partes, posicao = [], 0
    rota = rota.rstrip("/")
    for encontrado in _PARAMETRO.finditer(rota):
        partes.append(_literal(rota[posicao:encontrado.start()]))
        partes.append(f"(?P<{encontrado[2]}>{_CONVERSORES[encontrado[1] or 'str']})")
        posicao = encontrado.end()
    partes.append(_literal(rota[posicao:]))
    return re_path(rf"^{''.join(partes)}(?:/)?$", view, name=name)
