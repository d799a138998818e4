"""The long poll in the OpenAPI document: an async Django view (not DRF), which drf-spectacular does not
see, so a post-processing hook (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``, before the hook that adds
the error answers) describes it with the field names the clients read."""

from __future__ import annotations

CAMINHO = "/interoperabilidade/rest/v3/pendencias"

_OPERACAO = {
    "operationId": "aguardarPendencia",
    "summary": "Aguardar uma nova pendência (long poll)",
    "description": (
        "Responde assim que houver para o sistema uma pendência ainda não entregue a ele (a mais antiga), "
        "ou {\"encontrou\": false} depois do tempo de espera (300 s por padrão). Cada par IDT-situação é "
        "entregue uma vez por sistema, aqui ou em tramites/pendentes. No barramento original fica na raiz de "
        "um host próprio (pendencias.…)."),
    "tags": ["interoperabilidade"],
    "security": [{"certificadoCliente": []}],
    "parameters": [{
        "in": "query", "name": "idTramiteDaPendenciaRecebida", "required": False,
        "description": "O IDT da última pendência recebida (aceito; as entregas são registradas por sistema).",
        "schema": {"type": "string", "pattern": "^[0-9]{1,18}$"},
    }],
    "responses": {"200": {"description": "Uma pendência nova, ou nenhuma no tempo de espera.", "content": {
        "application/json": {"schema": {
            "type": "object", "required": ["encontrou"], "additionalProperties": False,
            "properties": {"encontrou": {"type": "boolean"}, "IDT": {"type": "integer"},
                           "status": {"type": "integer", "minimum": 1, "maximum": 10}},
        }}}}},
}


def documentar_long_poll(result, generator, request, public):
    referencia = result.get("paths", {}).get("/interoperabilidade/rest/v3/tramites/pendentes", {}).get("get")
    operacao = dict(_OPERACAO)
    if referencia is not None:  # the same security scheme and tag as the pendências listing
        operacao["security"] = referencia["security"]
        operacao["tags"] = referencia.get("tags", operacao["tags"])
    result.setdefault("paths", {})[CAMINHO] = {"get": operacao}
    return result
