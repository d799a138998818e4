"""Refuses any request that carries a NUL character in its path, query string or form fields.

NUL is never legitimate in a URL or in text typed into a form, and PostgreSQL cannot store or even
compare it (psycopg raises before the query runs), so letting it reach a view turns any text filter
into an HTTP 500. Stripping it silently would change what the person sent without telling them, so
the request is refused once, here, with a 400 that says why (JSON under the API prefix). Uploaded
file contents are not inspected here: each file reader validates its own format and names the line.
Cookies carrying NUL are dropped instead (they can only be forged or corrupted, and refusing them
would lock the browser out until it is cleared).
"""

from portal.respostas_de_erro import resposta_de_erro

NUL = "\x00"
MENSAGEM = ("A requisição contém um caractere nulo (NUL, código 0), que não é aceito em endereços nem em "
            "campos de formulário. Remova-o e tente novamente.")


def _tem_nul(dados) -> bool:
    return any(NUL in chave or any(NUL in str(v) for v in dados.getlist(chave)) for chave in dados)


def contem_nul(request) -> bool:
    if NUL in request.path or NUL in request.META.get("QUERY_STRING", "") or _tem_nul(request.GET):
        return True
    # Django's multipart parser already removes NUL from uploaded file names.
    return request.method == "POST" and _tem_nul(request.POST)


class RecusarNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for nome in [nome for nome, valor in request.COOKIES.items() if NUL in nome or NUL in valor]:
            del request.COOKIES[nome]
        if contem_nul(request):
            return resposta_de_erro(request, 400, "Requisição inválida", MENSAGEM, "0001")
        return self.get_response(request)
