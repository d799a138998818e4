"""``Cliente``: one method per call of the systems' API v3 (spec tramita-api §3), each printing one line —
who, method, path, HTTP status, elapsed ms — and raising ``RespostaInesperada`` on any answer it did not
expect. Only the public API: HTTPS with the system's client certificate (``transporte.TransporteHttps``), or
any object with the same ``requisitar`` (the tests route it to the Django test client)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from urllib.parse import quote, urlencode

from tramites.cliente import conteudo
from tramites.cliente.transporte import Resposta, TransporteHttps

BASE_DA_API = "/interoperabilidade/rest/v3/"
TEMPO_LIMITE = 300.0  # the systems' HTTP timeout (spec §7)
TEMPO_LIMITE_DO_LONG_POLL = 330.0  # the server answers `encontrou: false` after its own 300 s
TAMANHO_DA_PARTE = 50 * 1024 * 1024  # TamanhoBlocoArquivoTransferencia default (spec §7)


class RespostaInesperada(Exception):
    """An answer the caller did not expect: status, ``codigoErro`` and ``mensagem`` when the body has them."""

    def __init__(self, descricao: str, status: int | None = None, codigo: str | None = None,
                 mensagem: str | None = None):
        self.status, self.codigo, self.mensagem = status, codigo, mensagem
        super().__init__(descricao)


def _erro_do_corpo(resposta: Resposta) -> tuple[str | None, str | None]:
    try:
        corpo = resposta.json()
    except (ValueError, UnicodeDecodeError):
        return None, resposta.corpo[:300].decode("utf-8", "replace")
    if isinstance(corpo, dict):
        return corpo.get("codigoErro"), corpo.get("mensagem")
    return None, None


class Cliente:
    """A system talking to the bus: ``Cliente(url, certificado, senha, ca)``.

    ``url`` is the API's base (``https://host/interoperabilidade/rest/v3/``; a bare ``https://host`` gets
    that path), ``url_pendencias`` the long poll's (default ``<url>pendencias``; the real bus has it at the
    root of its pendências host). ``papel`` names the system in the printed lines; ``relatar`` receives
    each line (``print`` by default, ``None`` for silence).
    """

    def __init__(self, url: str, certificado: str | None = None, senha: str | None = None, ca: str | None = None,
                 *, url_pendencias: str | None = None, papel: str = "sistema", transporte=None,
                 relatar: Callable[[str], None] | None = print):
        url = url if url.endswith("/") else url + "/"
        if BASE_DA_API not in url:
            url = url.rstrip("/") + BASE_DA_API
        self.url = url
        self.url_pendencias = url_pendencias or (url + "pendencias")
        self.certificado, self.senha = certificado, senha
        self.papel = papel
        self.relatar = relatar
        if transporte is None:
            if certificado is None:
                raise ValueError("Informe o certificado do sistema (PEM com a chave).")
            transporte = TransporteHttps(certificado, senha, ca)
        self.transporte = transporte
        self._chave = None
        self.chamadas = 0  # API calls made (the scenarios report it)

    # -- plumbing -------------------------------------------------------------------------------------

    def linha(self, texto: str) -> None:
        if self.relatar is not None:
            self.relatar(texto)

    def chamar(self, metodo: str, caminho: str, *, json_=None, corpo: bytes | None = None, tipo: str | None = None,
               esperado: tuple[int, ...] = (200,), url: str | None = None,
               tempo_limite: float = TEMPO_LIMITE, detalhe: Callable[[Resposta], str] | None = None) -> Resposta:
        """One call: prints ``[papel] METHOD path → status (N ms)`` and raises on a status not in ``esperado``."""
        cabecalhos = {"Accept": "*/*"}
        if json_ is not None:
            corpo, tipo = json.dumps(json_).encode("utf-8"), "application/json"
        if tipo:
            cabecalhos["Content-Type"] = tipo
        endereco = url or (self.url + caminho)
        self.chamadas += 1
        resposta = self.transporte.requisitar(metodo, endereco, corpo, cabecalhos, tempo_limite)
        codigo, mensagem = (None, None) if 200 <= resposta.status < 300 else _erro_do_corpo(resposta)
        extra = f" {codigo}: {mensagem}" if codigo or mensagem else ""
        if not extra and detalhe is not None and resposta.status in esperado:
            extra = " " + detalhe(resposta)
        self.linha(f"[{self.papel}] {metodo} {caminho} → {resposta.status} ({resposta.ms:.0f} ms){extra}")
        if resposta.status not in esperado:
            raise RespostaInesperada(
                f"{metodo} {caminho}: esperado HTTP {'/'.join(map(str, esperado))}, recebido {resposta.status}"
                f"{extra}", resposta.status, codigo, mensagem)
        return resposta

    def chamar_json(self, metodo: str, caminho: str, **opcoes):
        resposta = self.chamar(metodo, caminho, **opcoes)
        try:
            return resposta.json()
        except (ValueError, UnicodeDecodeError):
            raise RespostaInesperada(f"{metodo} {caminho}: a resposta não é JSON", resposta.status) from None

    def chave_privada(self):
        """The system's private key, read from its PEM with the password (signs the recibo de conclusão)."""
        if self._chave is None:
            with open(self.certificado, "rb") as arquivo:
                self._chave = conteudo.carregar_chave(arquivo.read(), self.senha)
        return self._chave

    def fechar(self) -> None:
        if hasattr(self.transporte, "fechar"):
            self.transporte.fechar()

    # -- catalogues -----------------------------------------------------------------------------------

    def healthcheck(self) -> dict:
        return self.chamar_json("GET", "healthcheck")

    def repositorios(self) -> list[dict]:
        return self.chamar_json("GET", "repositorios-de-estruturas?ativos=true")

    def estrutura(self, repositorio: int, unidade: int) -> dict:
        return self.chamar_json("GET", f"repositorios-de-estruturas/{repositorio}/estruturas-organizacionais/{unidade}")

    def especies(self) -> list[dict]:
        return self.chamar_json("GET", "especies")["especies"]

    def hipoteses(self) -> list[dict]:
        return self.chamar_json("GET", "hipoteses?ativos=true")["hipotesesLegais"]

    # -- the sender -----------------------------------------------------------------------------------

    def enviar_processo(self, corpo: dict) -> dict:
        return self.chamar_json("POST", "tramites/processo", json_=corpo,
                                detalhe=lambda r: f"IDT={r.json()['IDT']} NRE={r.json()['NRE']}")

    def enviar_documento(self, corpo: dict) -> dict:
        return self.chamar_json("POST", "tramites/documento", json_=corpo, detalhe=lambda r: "IDT=" + ",".join(
            str(t["IDT"]) for t in r.json()["tramites"]))

    @staticmethod
    def _multipart(dados: bytes, hash_: str, protocolo: str, nome: str) -> tuple[bytes, str]:
        """multipart/form-data as the bus's clients send it: ``conteudo`` (file) plus the hash and protocolo."""
        fronteira = "tramita-" + base64.urlsafe_b64encode(__import__("os").urandom(12)).decode()
        partes = [(f'--{fronteira}\r\nContent-Disposition: form-data; name="conteudo"; filename="{nome}"\r\n'
                   "Content-Type: text/html\r\n\r\n").encode() + dados + b"\r\n"]
        for chave, valor in (("hashDoComponenteDigital", hash_), ("protocolo", protocolo)):
            partes.append((f'--{fronteira}\r\nContent-Disposition: form-data; name="{chave}"\r\n'
                           f"Content-Type: text/plain\r\n\r\n{valor}\r\n").encode())
        partes.append(f"--{fronteira}--\r\n".encode())
        return b"".join(partes), f"multipart/form-data; boundary={fronteira}"

    @staticmethod
    def _ticket(ticket: str) -> str:
        return f"tickets-de-envio-de-componente/{quote(str(ticket), safe='')}/protocolos/componentes-a-enviar"

    def enviar_componente(self, ticket: str, dados: bytes, hash_: str, protocolo: str) -> Resposta:
        corpo, tipo = self._multipart(dados, hash_, protocolo, "conteudo.html")
        return self.chamar("PUT", self._ticket(ticket), corpo=corpo, tipo=tipo)

    def enviar_parte(self, ticket: str, inicio: int, dados: bytes, hash_: str, protocolo: str) -> Resposta:
        corpo, tipo = self._multipart(dados, hash_, protocolo, "arquivo_externo.html")
        return self.chamar("PUT", f"{self._ticket(ticket)}/partes/{inicio}-{inicio + len(dados)}", corpo=corpo,
                           tipo=tipo)

    def sinalizar_termino(self, ticket: str, hash_: str, protocolo: str) -> Resposta:
        return self.chamar("POST", f"{self._ticket(ticket)}/partes/sinalizacao-termino-envio",
                           json_={"hashDoComponenteDigital": hash_, "protocolo": protocolo})

    def subir(self, ticket: str, componente: conteudo.Componente, protocolo: str,
              tamanho_da_parte: int = TAMANHO_DA_PARTE) -> None:
        """Uploads a component: whole when it fits one part, else in parts plus the termination call."""
        if componente.tamanho <= tamanho_da_parte:
            self.enviar_componente(ticket, componente.conteudo, componente.hash, protocolo)
            return
        for inicio in range(0, componente.tamanho, tamanho_da_parte):
            self.enviar_parte(ticket, inicio, componente.conteudo[inicio:inicio + tamanho_da_parte], componente.hash,
                              protocolo)
        self.sinalizar_termino(ticket, componente.hash, protocolo)

    def recibo_de_envio(self, idt: int, *, esperado: tuple[int, ...] = (200,)) -> dict:
        return self.chamar_json("GET", f"tramites/{idt}/recibo-de-envio", esperado=esperado)

    def obter_recibo(self, idt: int) -> dict:
        """``GET tramites/{IDT}/recibo``: the sender's read moves 5→6."""
        return self.chamar_json("GET", f"tramites/{idt}/recibo")

    def ciencia(self, idt: int) -> dict:
        """``GET tramites/{IDT}/ciencia``: the sender acknowledges a refusal, 8→9."""
        return self.chamar_json("GET", f"tramites/{idt}/ciencia", detalhe=lambda r: _situacao(r))

    def cancelar(self, idt: int) -> dict:
        """``DELETE tramites/{IDT}``: 1–4 → 7."""
        return self.chamar_json("DELETE", f"tramites/{idt}", detalhe=lambda r: _situacao(r))

    def reproduzir(self, nre: str, repositorio: int, unidade: int) -> dict:
        return self.chamar_json(
            "POST", f"NREs/{quote(nre, safe='')}/destinatarios/{repositorio}/{unidade}/reproducoes-de-tramite",
            detalhe=lambda r: f"IDT={r.json()['IDT']}")

    # -- both sides -----------------------------------------------------------------------------------

    def pendentes(self, todas: bool = True) -> list[dict]:
        return self.chamar_json("GET", f"tramites/pendentes?todas={'true' if todas else 'false'}",
                                detalhe=lambda r: _pares(r.json()))

    def aguardar(self, desde: int | None = None, tempo_limite: float = TEMPO_LIMITE_DO_LONG_POLL) -> dict:
        """The long poll: ``{encontrou, IDT, status}`` as soon as a pendência appears, or ``encontrou: false``."""
        consulta = f"?{urlencode({'idTramiteDaPendenciaRecebida': desde})}" if desde is not None else ""
        url = self.url_pendencias + consulta
        caminho = url[len(self.url):] if url.startswith(self.url) else url
        return self.chamar_json("GET", caminho, url=url, tempo_limite=tempo_limite, detalhe=lambda r: (
            f"IDT={r.json()['IDT']} status={r.json()['status']}" if r.json().get("encontrou") else "nada novo"))

    def consultar(self, **filtros) -> dict:
        """``GET tramites?IDT=&NRE=&protocolo=…``: ``{totalDeRegistros, tramites}``."""
        consulta = urlencode({k: v for k, v in filtros.items() if v is not None})
        return self.chamar_json("GET", "tramites" + (f"?{consulta}" if consulta else ""), detalhe=lambda r: ", ".join(
            f"IDT={t['IDT']} situacaoAtual={t['situacaoAtual']}" for t in r.json()["tramites"]))

    def tramite(self, idt: int) -> dict:
        """The trâmite as the consulta shows it (404-like ``RespostaInesperada`` when it is not listed)."""
        tramites = self.consultar(IDT=idt)["tramites"]
        if not tramites:
            raise RespostaInesperada(f"GET tramites?IDT={idt}: trâmite não listado na consulta")
        return tramites[0]

    def metadados(self, idt: int, *, esperado: tuple[int, ...] = (200,)) -> dict:
        """``GET tramites/{IDT}``: the receiver's read moves 2→3; the sender's marks a cancellation read."""
        return self.chamar_json("GET", f"tramites/{idt}", esperado=esperado)

    # -- the receiver ---------------------------------------------------------------------------------

    def baixar(self, idt: int, hash_: str, protocolo: str, intervalo: tuple[int, int] | None = None) -> bytes:
        """Downloads a component (or the ``[inicio, fim)`` range of it); the answer is base64 text."""
        caminho = f"tramites/{idt}/protocolos/componentes-digitais"
        if intervalo is not None:
            caminho += f"/partes/{intervalo[0]}-{intervalo[1]}"
        resposta = self.chamar("POST", caminho, json_={"hashDoComponenteDigital": hash_, "protocolo": protocolo},
                               detalhe=lambda r: f"{len(r.corpo)} caracteres base64")
        try:
            return base64.b64decode(resposta.corpo, validate=True)
        except (binascii.Error, ValueError):
            raise RespostaInesperada(f"POST {caminho}: a resposta não é base64", resposta.status) from None

    def receber(self, idt: int, componente: dict, tamanho_da_parte: int = TAMANHO_DA_PARTE) -> bytes:
        """A whole component (``{protocolo, hash, tamanho}`` from the metadata), in parts when larger than one,
        its SHA-256 checked against the hash the sender declared."""
        tamanho = componente["tamanho"]
        if tamanho <= tamanho_da_parte:
            dados = self.baixar(idt, componente["hash"], componente["protocolo"])
        else:
            dados = b"".join(
                self.baixar(idt, componente["hash"], componente["protocolo"],
                            (inicio, min(inicio + tamanho_da_parte, tamanho)))
                for inicio in range(0, tamanho, tamanho_da_parte))
        if len(dados) != tamanho or conteudo.hash_de(dados) != componente["hash"]:
            raise RespostaInesperada(
                f"Componente {componente['hash']} do trâmite {idt}: {len(dados)} bytes recebidos com hash "
                f"{conteudo.hash_de(dados)}, diferente do informado pelo remetente ({tamanho} bytes)")
        return dados

    def enviar_recibo(self, idt: int, nre: str, hashes_: list[str], data: str | None = None) -> dict:
        """Signs the recibo de conclusão with the system's key and sends it (``POST tramites/{IDT}/recibo``, 4→5)."""
        data = data or conteudo.data_iso()
        assinatura = conteudo.assinar(conteudo.texto_do_recibo(idt, nre, data, hashes_), self.chave_privada())
        return self.chamar_json("POST", f"tramites/{idt}/recibo",
                                json_={"dataDeRecebimento": data, "hashDaAssinatura": assinatura})

    def recusar(self, idt: int, motivo: str = "99", justificativa: str = "Recusa de teste do cliente de referência."
                ) -> dict:
        """``POST tramites/{IDT}/recusa``: 3/4 → 8."""
        return self.chamar_json("POST", f"tramites/{idt}/recusa",
                                json_={"motivo": motivo, "justificativa": justificativa},
                                detalhe=lambda r: _situacao(r))


def _situacao(resposta: Resposta) -> str:
    corpo = resposta.json()
    return f"situacaoAtual={corpo.get('situacaoAtual')}" if isinstance(corpo, dict) else ""


def _pares(lista) -> str:
    return ", ".join(f"{p['IDT']}-{p['status']}" for p in lista[:10]) + (" …" if len(lista) > 10 else "") or "nenhuma"
