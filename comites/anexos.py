"""Attachments of the public access request kept between submissions.

When the form comes back with an error (or the person runs the SIORG search), the browser forgets the
files it sent. Each accepted file is kept as a temporary private upload under ``MEDIA_ROOT`` (never
served by URL) and the page carries only a signed token naming it; the next submission turns the token
back into the file. Tokens expire after ``VALIDADE`` seconds and the files with them.
"""

from __future__ import annotations

import re
import time
import uuid

from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

PASTA = "solicitacoes-temporarias"
VALIDADE = 6 * 3600
SAL = "comites.anexos.temporario"
_NOME_INTERNO = re.compile(r"^[0-9a-f]{32}$")


def _caminho(nome_interno: str) -> str:
    return f"{PASTA}/{nome_interno}"


def guardar(arquivo) -> str:
    """Stores an uploaded file privately; returns the signed token that names it (and its original name)."""
    nome_interno = uuid.uuid4().hex
    arquivo.seek(0)
    default_storage.save(_caminho(nome_interno), arquivo)
    arquivo.seek(0)
    return signing.dumps({"i": nome_interno, "n": (arquivo.name or "documento")[-200:]}, salt=SAL)


def _ler_token(token: str) -> dict | None:
    try:
        dados = signing.loads(token or "", salt=SAL, max_age=VALIDADE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(dados, dict) or not _NOME_INTERNO.match(str(dados.get("i", ""))):
        return None
    return dados


def nome_original(token: str) -> str | None:
    dados = _ler_token(token)
    return str(dados.get("n") or "documento") if dados else None


def recuperar(token: str) -> SimpleUploadedFile | None:
    """The file a valid, unexpired token names, as an uploaded file; None otherwise."""
    dados = _ler_token(token)
    if dados is None:
        return None
    caminho = _caminho(dados["i"])
    try:
        with default_storage.open(caminho, "rb") as aberto:
            conteudo = aberto.read()
    except (FileNotFoundError, OSError):
        return None
    return SimpleUploadedFile(str(dados.get("n") or "documento"), conteudo)


def descartar(token: str) -> None:
    """Deletes the file of a token (after the request that used it was saved)."""
    dados = _ler_token(token)
    if dados is not None:
        default_storage.delete(_caminho(dados["i"]))


def purgar_expirados(agora: float | None = None) -> int:
    """Deletes the kept files older than ``VALIDADE``; returns how many."""
    agora = time.time() if agora is None else agora
    try:
        _pastas, arquivos = default_storage.listdir(PASTA)
    except FileNotFoundError:
        return 0
    apagados = 0
    for nome in arquivos:
        if not _NOME_INTERNO.match(nome):
            continue
        caminho = _caminho(nome)
        try:
            idade = agora - default_storage.get_modified_time(caminho).timestamp()
        except (FileNotFoundError, OSError):
            continue
        if idade > VALIDADE:
            default_storage.delete(caminho)
            apagados += 1
    return apagados
