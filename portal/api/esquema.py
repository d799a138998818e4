"""What the OpenAPI document says about errors, so it matches what the API really answers.

Every error of the API has one body, ``{"codigoErro", "mensagem"}`` (``portal.api.errors``). This
post-processing hook adds that body to the operations that can answer it:

* ``400`` — any operation that takes parameters (an invalid value is refused before any query);
* ``404`` — any operation with a path parameter (the object it names may not exist);
* ``405`` — every operation (another method on the same path), with the ``Allow`` header;
* ``413`` — any operation that takes a body (past ``DATA_UPLOAD_MAX_MEMORY_SIZE``, or too many fields);
* ``401`` and ``403`` — every operation that requires the system's client certificate (it declares
  ``security``): no or an invalid certificate, or one that may no longer be used.

It also marks every optional query parameter ``allowEmptyValue``: the readers in
``portal.api.parametros`` take ``?ativos=`` as "not given", and the document says so.

Views declare their own success responses and parameters; they never repeat these.
"""

from __future__ import annotations

ESQUEMA_DE_ERRO = "ErroDaApi"

_CORPO_DE_ERRO = {
    "type": "object",
    "description": "Corpo de toda resposta de erro da API.",
    "properties": {
        "codigoErro": {"type": "string", "pattern": "^[0-9]{4}$", "description": "Código do erro no barramento."},
        "mensagem": {"type": "string", "description": "Descrição do erro, em português."},
    },
    "required": ["codigoErro", "mensagem"],
    "additionalProperties": False,
}

_DESCRICOES = {
    "400": "Parâmetro inválido.",
    "404": "Recurso não encontrado.",
    "405": "Método não permitido neste caminho.",
    "401": "Sem certificado digital válido do sistema.",
    "403": "Certificado revogado, de outro ambiente ou de sistema inativo.",
    "413": "Corpo da requisição grande demais.",
}


def _resposta_de_erro(status: str) -> dict:
    resposta = {
        "description": _DESCRICOES[status],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ESQUEMA_DE_ERRO}"}}},
    }
    if status == "405":
        resposta["headers"] = {"Allow": {"schema": {"type": "string"}, "description": "Métodos aceitos."}}
    if status == "401":
        resposta["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"},
                                                    "description": "Como se autenticar: certificado cliente."}}
    return resposta


def erros_possiveis(operacao: dict) -> list[str]:
    """The error statuses an operation can answer, from the parameters it declares."""
    parametros = operacao.get("parameters", [])
    status = ["405"]
    if parametros:
        status.append("400")
    if any(p.get("in") == "path" for p in parametros):
        status.append("404")
    if "requestBody" in operacao:
        status.append("413")
    if any(requisito for requisito in operacao.get("security", [])):
        status += ["401", "403"]
    return sorted(status)


def documentar_erros(result, generator, request, public):
    """drf-spectacular post-processing hook (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``)."""
    result.setdefault("components", {}).setdefault("schemas", {})[ESQUEMA_DE_ERRO] = _CORPO_DE_ERRO
    for caminho in result.get("paths", {}).values():
        for metodo, operacao in caminho.items():
            if metodo not in {"get", "post", "put", "patch", "delete"}:
                continue
            for parametro in operacao.get("parameters", []):
                if parametro.get("in") == "query" and not parametro.get("required"):
                    parametro["allowEmptyValue"] = True
            respostas = operacao.setdefault("responses", {})
            for status in erros_possiveis(operacao):
                respostas.setdefault(status, _resposta_de_erro(status))
    return result
