"""Error responses that need nothing but the request: no session, no user, no database, no cache.

Used when the request itself is unusable (a NUL byte) or a backing service is down, so they render a
standalone template without context processors, or the API's JSON error body under the API prefix.
"""

from django.http import HttpResponse, JsonResponse
from django.template import loader

PREFIXO_DA_API = "/interoperabilidade/"


def eh_api(request) -> bool:
    return request.path.startswith(PREFIXO_DA_API)


def resposta_de_erro(request, status: int, titulo: str, mensagem: str, codigo_api: str) -> HttpResponse:
    """A styled pt-BR HTML page, or ``{codigoErro, mensagem}`` for API requests."""
    if eh_api(request):
        return JsonResponse({"codigoErro": codigo_api, "mensagem": mensagem}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    corpo = loader.get_template("erro_simples.html").render(
        {"status": status, "titulo": titulo, "mensagem": mensagem}
    )
    resposta = HttpResponse(corpo, status=status)
    if status == 503:
        resposta["Retry-After"] = "60"
    return resposta
