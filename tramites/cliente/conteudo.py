"""What the reference client sends and signs: NUPs, components and their hashes, the bodies of
``POST tramites/processo`` and ``POST tramites/documento`` (spec tramita-api §4.1), the recibo de conclusão
string and its signature (§6.4). Plain values in, plain values out; no Django, no network."""

from __future__ import annotations

import base64
import datetime
import hashlib
import os
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from tramites.nup import formatar

FORMATO_DA_DATA = "%Y-%m-%dT%H:%M:%S.{ms:03d}Z"


def hash_de(conteudo: bytes) -> str:
    """The component's identity on the bus: base64 of its SHA-256 (not hex, spec §4.3)."""
    return base64.b64encode(hashlib.sha256(conteudo).digest()).decode("ascii")


def nup_aleatorio(ano: int | None = None) -> str:
    """A valid NUP (check digits computed) with a random unit and sequence, so each run sends a new process."""
    ano = ano or datetime.date.today().year
    return formatar(f"{secrets.randbelow(90000) + 10000:05d}{secrets.randbelow(10**6):06d}{ano:04d}")


def data_iso(momento: datetime.datetime | None = None) -> str:
    """UTC ``YYYY-MM-DDTHH:MM:SS.mmmZ``, the form the recibo de conclusão signs."""
    momento = (momento or datetime.datetime.now(datetime.UTC)).astimezone(datetime.UTC)
    return momento.strftime(FORMATO_DA_DATA).format(ms=momento.microsecond // 1000)


@dataclass(frozen=True)
class Componente:
    """One digital component: its bytes, file name and MIME type."""

    conteudo: bytes
    nome: str = "documento.pdf"
    mime_type: str = "application/pdf"

    @property
    def hash(self) -> str:
        return hash_de(self.conteudo)

    @property
    def tamanho(self) -> int:
        return len(self.conteudo)

    @property
    def tipo_de_conteudo(self) -> str:
        """``txt`` for application/* and text/*, then ``img``/``aud``/``vid``, else ``out`` (spec §4.1)."""
        principal = self.mime_type.split("/", 1)[0]
        return {"application": "txt", "text": "txt", "image": "img", "audio": "aud", "video": "vid"}.get(
            principal, "out")

    def metadados(self, ordem: int) -> dict:
        return {"ordem": ordem, "nome": self.nome, "hash": {"algoritmo": "SHA256", "conteudo": self.hash},
                "tamanhoEmBytes": self.tamanho, "mimeType": self.mime_type, "tipoDeConteudo": self.tipo_de_conteudo}


def componente_de_exemplo(tamanho: int, nome: str = "documento.pdf") -> Componente:
    """``tamanho`` bytes starting like a PDF, the rest random: a new hash every time (no envio parcial)."""
    cabecalho = b"%PDF-1.4\n% cliente de referencia do Tramita.GOV.BR\n"
    conteudo = (cabecalho + os.urandom(max(tamanho - len(cabecalho), 0)))[:tamanho]
    return Componente(conteudo, nome)


def estrutura(repositorio: int, unidade: int) -> dict:
    return {"identificacaoDoRepositorioDeEstruturas": int(repositorio),
            "numeroDeIdentificacaoDaEstrutura": str(unidade)}


def _documento(componentes: list[Componente], especie: tuple[int, str], agora: str, ordem: int | None) -> dict:
    documento = {
        "descricao": f"{especie[1]} do cliente de referência", "nivelDeSigilo": 1, "retirado": False,
        "dataHoraDeProducao": agora, "dataHoraDeRegistro": agora,
        "produtor": {"nome": "Cliente de referência do Tramita.GOV.BR", "tipo": "orgaopublico"},
        "especie": {"codigo": especie[0], "nomeNoProdutor": especie[1]},
        "componentesDigitais": [c.metadados(i) for i, c in enumerate(componentes, start=1)],
    }
    if ordem is not None:
        documento["ordem"] = ordem
    return documento


def corpo_de_processo(remetente: tuple[int, int], destinatario: tuple[int, int], componentes: list[Componente],
                      *, protocolo: str, especie: tuple[int, str], nre: str | None = None) -> dict:
    """``POST tramites/processo``: one document per component (so each is a document of the process)."""
    agora = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    cabecalho = {"remetente": estrutura(*remetente), "destinatario": estrutura(*destinatario), "urgencia": False,
                 "enviarApenasComponentesDigitaisPendentes": True,
                 "propriedadesAdicionais": [{"chave": "CLIENTE", "valor": "cliente_tramita"}]}
    if nre:
        cabecalho["NRE"] = nre
    return {"cabecalho": cabecalho, "processo": {
        "staTipoProtocolo": "P", "protocolo": protocolo, "nivelDeSigilo": 1,
        "processoDeNegocio": "Verificação de implantação", "descricao": "Processo do cliente de referência",
        "dataHoraDeProducao": agora, "dataHoraDeRegistro": agora,
        "produtor": {"nome": "Cliente de referência do Tramita.GOV.BR", "tipo": "orgaopublico"},
        "interessados": [{"nome": "Cliente de referência"}],
        "documentos": [_documento([c], especie, agora, ordem) for ordem, c in enumerate(componentes, start=1)],
        "itensHistorico": [],
    }}


def corpo_de_documento(remetente: tuple[int, int], destinatarios: list[tuple[int, int]],
                       componentes: list[Componente], *, protocolo: str, especie: tuple[int, str]) -> dict:
    """``POST tramites/documento``: a documento avulso to one or more destinatários."""
    agora = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    documento = _documento(componentes, especie, agora, None)
    return {"cabecalho": {"remetente": estrutura(*remetente), "destinatarios": [estrutura(*d) for d in destinatarios]},
            "documento": {**documento, "protocolo": protocolo, "interessados": [{"nome": "Cliente de referência"}]}}


def componentes_do_metadado(metadados: dict) -> list[dict]:
    """Every component a trâmite's metadata (``GET tramites/{IDT}``) lists, with its document's protocolo:
    ``[{protocolo, hash, tamanho, nome, ordem}]``."""
    raiz = metadados.get("processo") or metadados.get("documento") or {}
    documentos = raiz.get("documentos") or ([raiz] if "componentesDigitais" in raiz else [])
    encontrados = []
    for documento in documentos:
        protocolo = documento.get("protocolo") or raiz.get("protocolo")
        for componente in documento.get("componentesDigitais") or []:
            encontrados.append({"protocolo": protocolo, "hash": componente["hash"]["conteudo"],
                                "tamanho": int(componente["tamanhoEmBytes"]), "nome": componente.get("nome"),
                                "ordem": componente.get("ordem")})
    return encontrados


# -- receipts ----------------------------------------------------------------------------------------


def texto_do_recibo(idt: int, nre: str, data: str, hashes_: list[str]) -> str:
    """The exact string of the recibo de conclusão (spec §6.4): no whitespace, hashes sorted ascending."""
    componentes = "".join(f"<hashDoComponenteDigital>{h}</hashDoComponenteDigital>" for h in sorted(hashes_))
    return (f"<recibo><IDT>{idt}</IDT><NRE>{nre}</NRE><dataDeRecebimento>{data}</dataDeRecebimento>"
            f"{componentes}</recibo>")


def texto_do_recibo_de_envio(idt: int, nre: str, data: str, hashes_: list[str]) -> str:
    """The string the bus signs in the recibo de envio (the portal's construction; the spec does not show it)."""
    componentes = "".join(f"<hashDoComponenteDigital>{h}</hashDoComponenteDigital>" for h in sorted(hashes_))
    return (f"<reciboDeEnvio><IDT>{idt}</IDT><NRE>{nre}</NRE><dataDeRecebimentoDoUltimoComponenteDigital>{data}"
            f"</dataDeRecebimentoDoUltimoComponenteDigital>{componentes}</reciboDeEnvio>")


def carregar_chave(pem: bytes, senha: str | None):
    """The private key of the PEM "Gerar Certificado" hands out (certificate + encrypted PKCS#8 key)."""
    inicio = pem.find(b"-----BEGIN")
    while inicio != -1:
        fim = pem.find(b"-----END", inicio)
        fim = pem.find(b"-----", fim + 8) + 5
        bloco = pem[inicio:fim]
        if b"PRIVATE KEY" in bloco.split(b"\n", 1)[0]:
            return serialization.load_pem_private_key(bloco, senha.encode() if senha else None)
        inicio = pem.find(b"-----BEGIN", fim)
    raise ValueError("O arquivo PEM não contém a chave privada do sistema.")


def assinar(texto: str, chave) -> str:
    """base64 signature over SHA-256: RSA PKCS#1 v1.5 (as the bus's clients sign) or ECDSA for EC keys."""
    dados = texto.encode("utf-8")
    if isinstance(chave, rsa.RSAPrivateKey):
        assinatura = chave.sign(dados, padding.PKCS1v15(), hashes.SHA256())
    elif isinstance(chave, ec.EllipticCurvePrivateKey):
        assinatura = chave.sign(dados, ec.ECDSA(hashes.SHA256()))
    else:
        raise ValueError("Tipo de chave não suportado para assinar o recibo (use RSA ou EC).")
    return base64.b64encode(assinatura).decode("ascii")


def assinatura_confere(texto: str, assinatura_b64: str, cadeia_pem: str) -> bool:
    """Whether ``assinatura_b64`` over ``texto`` checks with the first certificate of ``cadeia_pem``."""
    try:
        certificado = x509.load_pem_x509_certificates(cadeia_pem.encode())[0]
        assinatura = base64.b64decode(assinatura_b64, validate=True)
        chave = certificado.public_key()
        if isinstance(chave, rsa.RSAPublicKey):
            chave.verify(assinatura, texto.encode(), padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(chave, ec.EllipticCurvePublicKey):
            chave.verify(assinatura, texto.encode(), ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except (InvalidSignature, ValueError, IndexError):
        return False
    return True
