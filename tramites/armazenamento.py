"""Where components' bytes live: Django's storage API, streamed in blocks, never in the database.

The storage is ``django.core.files.storage.storages["componentes"]`` (``settings.STORAGES``): a
``FileSystemStorage`` under ``PRIVATE_MEDIA_ROOT/componentes`` by default, or any backend given by
``COMPONENTES_STORAGE_BACKEND``/``COMPONENTES_STORAGE_OPTIONS`` (e.g. django-storages' S3 backend for
an S3-compatible store). Only ``save``, ``open``, ``exists``, ``size``, ``listdir`` and ``delete`` are
used, so any backend works; no byte range is ever written in place.

Uploads (spec tramita-api §3.1–§3.2): every part ``[inicio, fim)`` (``fim`` exclusive) of one upload
(``envio``: an opaque key such as ``<ticket>-<hash hex>``) is stored as its own object
``envios/<envio>/<inicio>-<fim>``. Parts may come in any order; sending the same part again with the same
bytes is accepted (``repetida``); a part whose bytes disagree with bytes already received for the same
range is refused (``0061``), as are a part past the declared size (``0060``) and a part whose length is
not ``fim - inicio`` (``0001``). ``concluir`` checks that the parts cover ``[0, tamanho)``, computes the
SHA-256 over them in order, refuses a mismatch with the declared hash (``0062``, the parts are discarded
so the sender starts over), then writes the component once under a name derived from its hash
(``componentes/ab/<hex>``: the hash is the component's identity, spec §4.3) and removes the parts.

Downloads stream any ``[inicio, fim)`` of a stored component in blocks (``ler``); ``base64_em_blocos``
turns that into base64 text for the API's download answer (#18/#19) without holding the component.
Memory stays at a few blocks whatever the size.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.files import File
from django.core.files.storage import Storage, storages

from tramites import erros

TAMANHO_DO_BLOCO = 1024 * 1024
PASTA_DE_ENVIOS = "envios"
PASTA_DE_COMPONENTES = "componentes"

_ENVIO = re.compile(r"[A-Za-z0-9_-]{1,120}", re.ASCII)
_PARTE = re.compile(r"([0-9]{20})-([0-9]{20})", re.ASCII)
_HASH = re.compile(r"[A-Za-z0-9+/]{43}=", re.ASCII)


@dataclass(frozen=True, order=True)
class Intervalo:
    inicio: int
    fim: int  # exclusive

    @property
    def tamanho(self) -> int:
        return self.fim - self.inicio

    def __str__(self) -> str:
        return f"{self.inicio}-{self.fim}"


@dataclass(frozen=True)
class ParteGravada:
    intervalo: Intervalo
    repetida: bool  # the same bytes had already been received for this range


@dataclass(frozen=True)
class Situacao:
    tamanho: int
    recebido: int  # bytes of [0, tamanho) covered by the parts received
    faltando: tuple[Intervalo, ...]

    @property
    def completo(self) -> bool:
        return not self.faltando


def hash_de_bytes(conteudo: bytes) -> str:
    """base64(SHA-256(conteudo)), the component hash of the bus (spec §4.3): base64, not hex."""
    return base64.b64encode(hashlib.sha256(conteudo).digest()).decode()


def hash_valido(valor) -> bool:
    """A base64 text of exactly 32 bytes (a SHA-256 digest)."""
    return isinstance(valor, str) and bool(_HASH.fullmatch(valor)) and len(base64.b64decode(valor)) == 32


def _inteiro(valor) -> bool:
    return isinstance(valor, int) and not isinstance(valor, bool)


class _Leitor(io.RawIOBase):
    """A read-only stream over an iterable of byte blocks that counts and hashes what it hands out and
    stops after ``limite`` bytes. It can only be "rewound" while still at its start (``Storage.save``
    implementations rewind before reading)."""

    def __init__(self, blocos: Iterable[bytes], limite: int | None = None):
        self._blocos = iter(blocos)
        self._resto = b""
        self._limite = limite
        self.lidos = 0
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self.lidos

    def seek(self, deslocamento: int, origem: int = io.SEEK_SET) -> int:
        if (origem == io.SEEK_SET and deslocamento == self.lidos == 0) or (origem == io.SEEK_CUR and deslocamento == 0):
            return self.lidos
        raise io.UnsupportedOperation("stream")

    def readinto(self, destino) -> int:
        if self._limite is not None and self.lidos >= self._limite:
            return 0
        while not self._resto:
            try:
                self._resto = bytes(next(self._blocos))
            except StopIteration:
                return 0
        quantos = len(destino)
        if self._limite is not None:
            quantos = min(quantos, self._limite - self.lidos)
        pedaco, self._resto = self._resto[:quantos], self._resto[quantos:]
        destino[: len(pedaco)] = pedaco
        self.lidos += len(pedaco)
        self.sha256.update(pedaco)
        return len(pedaco)


def _blocos_de(fluxo, tamanho_do_bloco: int) -> Iterator[bytes]:
    """Blocks from a file-like (``read``), a Django ``File``/``UploadedFile`` (``chunks``) or an iterable."""
    if isinstance(fluxo, bytes | bytearray | memoryview):
        yield bytes(fluxo)
        return
    if hasattr(fluxo, "chunks"):
        yield from fluxo.chunks(tamanho_do_bloco)
        return
    if hasattr(fluxo, "read"):
        while bloco := fluxo.read(tamanho_do_bloco):
            yield bloco
        return
    yield from fluxo


def base64_em_blocos(blocos: Iterable[bytes], tamanho_do_bloco: int = TAMANHO_DO_BLOCO) -> Iterator[bytes]:
    """Base64 of the concatenated blocks, produced block by block (cut at multiples of 3 bytes)."""
    resto = b""
    corte = max(3, tamanho_do_bloco - tamanho_do_bloco % 3)
    for bloco in blocos:
        resto += bloco
        if len(resto) >= corte:
            inteiro = len(resto) - len(resto) % 3
            yield base64.b64encode(resto[:inteiro])
            resto = resto[inteiro:]
    if resto:
        yield base64.b64encode(resto)


class Armazem:
    """The component store over one Django storage (``storages["componentes"]`` unless given)."""

    def __init__(self, storage: Storage | None = None, tamanho_do_bloco: int = TAMANHO_DO_BLOCO):
        self.storage = storage if storage is not None else storages["componentes"]
        self.bloco = tamanho_do_bloco

    # -- names -------------------------------------------------------------------------------------

    @staticmethod
    def nome_do_componente(hash_b64: str) -> str:
        if not hash_valido(hash_b64):
            raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA,
                                  "O hash do componente digital deve ser o SHA-256 em base64 (44 caracteres).")
        hexa = base64.b64decode(hash_b64).hex()
        return f"{PASTA_DE_COMPONENTES}/{hexa[:2]}/{hexa}"

    @staticmethod
    def _pasta(envio: str) -> str:
        if not isinstance(envio, str) or not _ENVIO.fullmatch(envio):
            raise ValueError("An upload key is 1-120 characters of [A-Za-z0-9_-].")
        return f"{PASTA_DE_ENVIOS}/{envio}"

    def _nome_da_parte(self, envio: str, intervalo: Intervalo) -> str:
        return f"{self._pasta(envio)}/{intervalo.inicio:020d}-{intervalo.fim:020d}"

    # -- uploads -----------------------------------------------------------------------------------

    def partes(self, envio: str) -> list[Intervalo]:
        """The parts received so far, by start."""
        try:
            _pastas, arquivos = self.storage.listdir(self._pasta(envio))
        except (FileNotFoundError, NotADirectoryError):
            return []
        encontrados = (_PARTE.fullmatch(nome) for nome in arquivos)
        return sorted(Intervalo(int(e[1]), int(e[2])) for e in encontrados if e)

    def situacao(self, envio: str, tamanho: int) -> Situacao:
        faltando, posicao, recebido = [], 0, 0
        for parte in self.partes(envio):
            if parte.inicio > posicao:
                faltando.append(Intervalo(posicao, min(parte.inicio, tamanho)))
            if parte.fim > posicao:
                recebido += min(parte.fim, tamanho) - max(parte.inicio, posicao)
                posicao = parte.fim
        if posicao < tamanho:
            faltando.append(Intervalo(posicao, tamanho))
        return Situacao(tamanho, recebido, tuple(f for f in faltando if f.tamanho > 0))

    def gravar_parte(self, envio: str, inicio: int, fim: int, fluxo, tamanho: int) -> ParteGravada:
        """Stores bytes ``[inicio, fim)`` of a component of ``tamanho`` bytes, read from ``fluxo`` in blocks."""
        if not (_inteiro(inicio) and _inteiro(fim) and _inteiro(tamanho)) or inicio < 0 or tamanho < 0:
            raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA, "O intervalo de bytes da parte é inválido.")
        if fim > tamanho:
            raise erros.ErroDaApi(erros.PARTE_FORA_DO_COMPONENTE)
        if fim <= inicio and not (inicio == fim == tamanho == 0):
            raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA,
                                  f"Intervalo de bytes {inicio}-{fim} inválido: o fim deve ser maior que o início.")
        intervalo = Intervalo(inicio, fim)
        definitivo = self._nome_da_parte(envio, intervalo)
        repetida = self.storage.exists(definitivo)
        destino = f"{self._pasta(envio)}/recebendo-{uuid.uuid4().hex}" if repetida else definitivo
        leitor = _Leitor(_blocos_de(fluxo, self.bloco), limite=intervalo.tamanho + 1)
        gravado = self.storage.save(destino, File(leitor, name="parte"))
        if leitor.lidos != intervalo.tamanho:
            self.storage.delete(gravado)
            excesso = "mais de " if leitor.lidos > intervalo.tamanho else ""
            raise erros.ErroDaApi(
                erros.REQUISICAO_INVALIDA,
                f"A parte enviada tem {excesso}{leitor.lidos} bytes, mas o intervalo {intervalo} indica "
                f"{intervalo.tamanho}.",
            )
        if gravado != definitivo:  # an identical range exists (or appeared meanwhile): compare, keep one
            try:
                self._exigir_iguais(gravado, 0, definitivo, 0, intervalo.tamanho, intervalo)
            finally:
                self.storage.delete(gravado)
            return ParteGravada(intervalo, repetida=True)
        for outra in self.partes(envio):
            comum = Intervalo(max(outra.inicio, inicio), min(outra.fim, fim))
            if outra == intervalo or comum.tamanho <= 0:
                continue
            try:
                self._exigir_iguais(definitivo, comum.inicio - inicio, self._nome_da_parte(envio, outra),
                                    comum.inicio - outra.inicio, comum.tamanho, intervalo)
            except erros.ErroDaApi:
                self.storage.delete(definitivo)
                raise
        return ParteGravada(intervalo, repetida=False)

    def _exigir_iguais(self, nome_a: str, desde_a: int, nome_b: str, desde_b: int, tamanho: int, intervalo) -> None:
        a = self._blocos_do_arquivo(nome_a, desde_a, desde_a + tamanho)
        b = self._blocos_do_arquivo(nome_b, desde_b, desde_b + tamanho)
        if not _fluxos_iguais(a, b):
            raise erros.ErroDaApi(
                erros.PARTE_CONFLITANTE,
                f"A parte {intervalo} difere do conteúdo já recebido para os mesmos bytes do componente digital.",
            )

    def _blocos_das_partes(self, envio: str) -> Iterator[bytes]:
        """The component's bytes in order, from parts that may overlap (each byte once)."""
        posicao = 0
        for parte in self.partes(envio):
            if parte.fim <= posicao:
                continue
            yield from self._blocos_do_arquivo(self._nome_da_parte(envio, parte), posicao - parte.inicio
                                               if posicao > parte.inicio else 0, parte.tamanho)
            posicao = parte.fim

    def concluir(self, envio: str, tamanho: int, hash_esperado: str, destino: str | None = None) -> str:
        """Assembles the parts into the component (named after its hash unless ``destino``) once they
        cover ``[0, tamanho)`` and their SHA-256 is ``hash_esperado``; returns its storage name."""
        destino = destino or self.nome_do_componente(hash_esperado)
        situacao = self.situacao(envio, tamanho)
        if not situacao.completo:
            faltando = ", ".join(str(f) for f in situacao.faltando[:5])
            raise erros.ErroDaApi(erros.COMPONENTE_INCOMPLETO,
                                  f"Ainda faltam partes do componente digital: bytes {faltando}.")
        if any(p.fim > tamanho for p in self.partes(envio)):
            raise erros.ErroDaApi(erros.PARTE_FORA_DO_COMPONENTE)
        calculado = self.hash_dos_blocos(self._blocos_das_partes(envio))
        if calculado != hash_esperado:
            self.descartar_envio(envio)
            raise erros.ErroDaApi(
                erros.HASH_NAO_CONFERE,
                f"O hash do componente digital recebido ({calculado}) não confere com o valor informado "
                f"pelo remetente ({hash_esperado}). Envie o componente novamente.",
            )
        if not self.storage.exists(destino):
            leitor = _Leitor(self._blocos_das_partes(envio))
            gravado = self.storage.save(destino, File(leitor, name="componente"))
            if base64.b64encode(leitor.sha256.digest()).decode() != hash_esperado or leitor.lidos != tamanho:
                self.storage.delete(gravado)  # the parts changed under us: nothing half-verified stays
                raise erros.ErroDaApi(erros.HASH_NAO_CONFERE)
            if gravado != destino:  # written concurrently by another upload of the same bytes
                self.storage.delete(gravado)
        self.descartar_envio(envio)
        return destino

    def descartar_envio(self, envio: str) -> None:
        """Removes every part (and leftover) of an upload."""
        pasta = self._pasta(envio)
        try:
            _pastas, arquivos = self.storage.listdir(pasta)
        except (FileNotFoundError, NotADirectoryError):
            return
        for nome in arquivos:
            self.storage.delete(f"{pasta}/{nome}")

    # -- stored components -------------------------------------------------------------------------

    def _blocos_do_arquivo(self, nome: str, inicio: int, fim: int) -> Iterator[bytes]:
        with self.storage.open(nome, "rb") as arquivo:
            if inicio:
                arquivo.seek(inicio)
            falta = fim - inicio
            while falta > 0:
                bloco = arquivo.read(min(self.bloco, falta))
                if not bloco:
                    break
                falta -= len(bloco)
                yield bloco

    def tamanho(self, nome: str) -> int:
        return self.storage.size(nome)

    def existe(self, nome: str) -> bool:
        return self.storage.exists(nome)

    def ler(self, nome: str, inicio: int = 0, fim: int | None = None) -> Iterator[bytes]:
        """Bytes ``[inicio, fim)`` of a stored component (all of it by default), block by block."""
        total = self.storage.size(nome)
        fim = total if fim is None else fim
        vazio = inicio == fim == total == 0
        if not (_inteiro(inicio) and _inteiro(fim)) or inicio < 0 or (fim <= inicio and not vazio):
            raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA,
                                  f"Intervalo de bytes {inicio}-{fim} inválido: o fim deve ser maior que o início.")
        if fim > total:
            raise erros.ErroDaApi(erros.PARTE_FORA_DO_COMPONENTE)
        return self._blocos_do_arquivo(nome, inicio, fim)

    def hash_dos_blocos(self, blocos: Iterable[bytes]) -> str:
        soma = hashlib.sha256()
        for bloco in blocos:
            soma.update(bloco)
        return base64.b64encode(soma.digest()).decode()

    def hash_base64(self, nome: str) -> str:
        """base64 SHA-256 of a stored file, read in blocks."""
        return self.hash_dos_blocos(self._blocos_do_arquivo(nome, 0, self.storage.size(nome)))

    def apagar(self, nome: str) -> None:
        self.storage.delete(nome)


def _fluxos_iguais(a: Iterable[bytes], b: Iterable[bytes]) -> bool:
    """Compares two block streams of possibly different block boundaries, holding a block of each."""
    ia, ib = iter(a), iter(b)
    ra = rb = b""
    while True:
        if not ra:
            ra = next(ia, b"")
        if not rb:
            rb = next(ib, b"")
        if not ra or not rb:
            return not ra and not rb
        n = min(len(ra), len(rb))
        if ra[:n] != rb[:n]:
            return False
        ra, rb = ra[n:], rb[n:]
