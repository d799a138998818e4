"""Reads back what a PDF written by ``portal.exportacao.pdf`` shows: its pages' text, in drawing order.

fpdf2 writes each page as a (zlib-compressed) content stream of ``BT x y Td (texto) Tj ET`` operations
in Latin-1; this is all a test needs, without a PDF-reading dependency.
"""

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_TEXTO = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj")
_ESCAPE = re.compile(rb"\\([nrtbf()\\]|[0-7]{1,3})")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _sem_escape(bruto: bytes) -> bytes:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1)) or bytes([int(m.group(1), 8)]), bruto)


def paginas(conteudo: bytes) -> list[list[str]]:
    """The text strings of each page (one list per content stream that draws text)."""
    resultado = []
    for bruto in _STREAM.findall(conteudo):
        try:
            dados = zlib.decompress(bruto)
        except zlib.error:
            dados = bruto
        textos = [_sem_escape(t).decode("latin-1") for t in _TEXTO.findall(dados)]
        if textos:
            resultado.append(textos)
    return resultado


def texto(conteudo: bytes) -> str:
    return "\n".join("\n".join(p) for p in paginas(conteudo))
