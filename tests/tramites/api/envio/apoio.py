"""Helpers of the envio API tests: payloads as SEI sends them, and the calls."""

import json

from tests.tramites.api.envio.conftest import ESPECIE, hash_de
from tramites.nup import normalizar_nup

BASE = "/interoperabilidade/rest/v3/"
_nup = iter(range(100, 10**6))


def novo_nup() -> str:
    return normalizar_nup(f"99999.{next(_nup):06d}/2026-DV")


def estrutura(unidade) -> dict:
    return {"identificacaoDoRepositorioDeEstruturas": unidade.repositorio_id,
            "numeroDeIdentificacaoDaEstrutura": str(unidade.pk)}


def componente(conteudo: bytes, ordem: int = 1) -> dict:
    return {"ordem": ordem, "nome": f"arquivo{ordem}.pdf",
            "hash": {"algoritmo": "SHA256", "conteudo": hash_de(conteudo)}, "tamanhoEmBytes": len(conteudo),
            "mimeType": "application/pdf", "tipoDeConteudo": "txt"}


def documento(conteudos, ordem: int = 1) -> dict:
    return {
        "ordem": ordem, "descricao": "Despacho", "nivelDeSigilo": 1,
        "dataHoraDeProducao": "2026-03-04T10:11:12-03:00", "dataHoraDeRegistro": "2026-03-04T10:11:12-03:00",
        "produtor": {"nome": "Fulano", "tipo": "fisica"},
        "especie": {"codigo": ESPECIE, "nomeNoProdutor": "Despacho"},
        "componentesDigitais": [componente(c, i) for i, c in enumerate(conteudos, 1)],
    }


def processo(remetente, destinatario, conteudos=(b"conteudo 1",), *, protocolo=None, nre=None) -> dict:
    cabecalho = {"remetente": estrutura(remetente), "destinatario": estrutura(destinatario), "urgencia": False,
                 "enviarApenasComponentesDigitaisPendentes": True}
    if nre:
        cabecalho["NRE"] = nre
    return {"cabecalho": cabecalho, "processo": {
        "staTipoProtocolo": "P", "protocolo": protocolo or novo_nup(), "nivelDeSigilo": 1, "descricao": "Compra",
        "dataHoraDeProducao": "2026-03-04T10:11:12-03:00", "dataHoraDeRegistro": "2026-03-04T10:11:12-03:00",
        "produtor": {"nome": "Órgão", "tipo": "orgaopublico"}, "interessados": [{"nome": "Fulano"}],
        "documentos": [documento(conteudos)],
    }}


def documento_avulso(remetente, destinatarios, conteudo=b"avulso") -> dict:
    doc = documento([conteudo])
    doc.pop("ordem")
    return {"cabecalho": {"remetente": estrutura(remetente), "destinatarios": [estrutura(d) for d in destinatarios]},
            "documento": {**doc, "protocolo": novo_nup(), "interessados": [{"nome": "Fulano"}]}}


def postar(cliente, caminho: str, corpo) -> object:
    return cliente.post(BASE + caminho, data=json.dumps(corpo), content_type="application/json",
                        HTTP_ACCEPT="*/*")


def enviar(cliente, corpo):
    return postar(cliente, "tramites/processo", corpo)


def url_do_ticket(ticket: str) -> str:
    return f"{BASE}tickets-de-envio-de-componente/{ticket}/protocolos/componentes-a-enviar"


def multipart(conteudo: bytes, hash_: str | None, protocolo: str | None, nome="conteudo.html") -> tuple[bytes, str]:
    """A multipart body as Guzzle builds it (``conteudo`` as a file part, the others as text parts)."""
    fronteira = "----fronteira-do-teste"
    partes = [(f'--{fronteira}\r\nContent-Disposition: form-data; name="conteudo"; filename="{nome}"\r\n'
               "Content-Type: text/html\r\n\r\n").encode() + conteudo + b"\r\n"]
    for chave, valor in (("hashDoComponenteDigital", hash_), ("protocolo", protocolo)):
        if valor is not None:
            partes.append((f'--{fronteira}\r\nContent-Disposition: form-data; name="{chave}"\r\n'
                           f"Content-Type: text/plain\r\n\r\n{valor}\r\n").encode())
    partes.append(f"--{fronteira}--\r\n".encode())
    return b"".join(partes), f"multipart/form-data; boundary={fronteira}"


def subir(cliente, ticket: str, conteudo: bytes, protocolo: str, *, hash_=None, intervalo=None, consulta=""):
    corpo, tipo = multipart(conteudo, hash_ or hash_de(conteudo), protocolo)
    url = url_do_ticket(ticket) + (f"/partes/{intervalo}" if intervalo else "") + consulta
    return cliente.generic("PUT", url, corpo, content_type=tipo, HTTP_ACCEPT="*/*")


def terminar(cliente, ticket: str, hash_: str, protocolo: str):
    return postar(cliente, url_do_ticket(ticket).removeprefix(BASE) + "/partes/sinalizacao-termino-envio",
                  {"hashDoComponenteDigital": hash_, "protocolo": protocolo})
