"""Component storage: byte-range parts (any order, idempotent, conflicts refused), hash check, streaming."""

import base64
import hashlib
import io
import tracemalloc

import pytest
from django.core.files.storage import FileSystemStorage, storages

from tramites.armazenamento import Armazem, Intervalo, base64_em_blocos, hash_de_bytes, hash_valido
from tramites.erros import ErroDaApi

CONTEUDO = bytes(range(256)) * 40  # 10,240 bytes
HASH = hash_de_bytes(CONTEUDO)


@pytest.fixture
def armazem(tmp_path):
    return Armazem(FileSystemStorage(location=tmp_path), tamanho_do_bloco=1000)


def _arquivos(tmp_path):
    return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())


def _enviar(armazem, envio, inicio, fim, conteudo=CONTEUDO):
    return armazem.gravar_parte(envio, inicio, fim, io.BytesIO(conteudo[inicio:fim]), len(conteudo))


def _codigo(funcao, *args):
    with pytest.raises(ErroDaApi) as erro:
        funcao(*args)
    return erro.value.codigo


def test_the_hash_is_base64_of_the_sha256_digest_not_hex():
    assert HASH == base64.b64encode(hashlib.sha256(CONTEUDO).digest()).decode() and len(HASH) == 44
    assert hash_valido(HASH) and not hash_valido(hashlib.sha256(CONTEUDO).hexdigest())


def test_a_whole_component_round_trips_under_a_name_derived_from_its_hash(armazem, tmp_path):
    _enviar(armazem, "t1", 0, len(CONTEUDO))
    nome = armazem.concluir("t1", len(CONTEUDO), HASH)
    hexa = hashlib.sha256(CONTEUDO).hexdigest()
    assert nome == f"componentes/{hexa[:2]}/{hexa}"
    assert b"".join(armazem.ler(nome)) == CONTEUDO and armazem.hash_base64(nome) == HASH
    assert _arquivos(tmp_path) == [nome]  # the parts are gone


def test_parts_may_arrive_in_any_order_and_completion_is_detected(armazem):
    for inicio, fim in [(8000, 10240), (0, 4000)]:
        _enviar(armazem, "t1", inicio, fim)
    situacao = armazem.situacao("t1", len(CONTEUDO))
    assert not situacao.completo and situacao.faltando == (Intervalo(4000, 8000),) and situacao.recebido == 6240
    _enviar(armazem, "t1", 4000, 8000)
    assert armazem.situacao("t1", len(CONTEUDO)).completo
    assert b"".join(armazem.ler(armazem.concluir("t1", len(CONTEUDO), HASH))) == CONTEUDO


def test_resending_the_same_part_is_accepted_once(armazem, tmp_path):
    assert not _enviar(armazem, "t1", 0, 5000).repetida
    antes = _arquivos(tmp_path)
    assert _enviar(armazem, "t1", 0, 5000).repetida
    assert _arquivos(tmp_path) == antes


def test_the_same_range_with_other_bytes_is_refused_and_the_first_kept(armazem, tmp_path):
    _enviar(armazem, "t1", 0, 5000)
    antes = _arquivos(tmp_path)
    outro = bytearray(CONTEUDO)
    outro[4999] ^= 0xFF
    assert _codigo(_enviar, armazem, "t1", 0, 5000, bytes(outro)) == "0061"
    assert _arquivos(tmp_path) == antes


def test_overlapping_parts_that_agree_are_accepted_and_assembled_once(armazem):
    for inicio, fim in [(0, 6000), (4000, 10240), (3000, 7000)]:
        _enviar(armazem, "t1", inicio, fim)
    assert b"".join(armazem.ler(armazem.concluir("t1", len(CONTEUDO), HASH))) == CONTEUDO


def test_overlapping_parts_that_disagree_are_refused_and_not_stored(armazem):
    _enviar(armazem, "t1", 0, 6000)
    outro = bytearray(CONTEUDO)
    outro[5500] ^= 1
    assert _codigo(_enviar, armazem, "t1", 4000, 10240, bytes(outro)) == "0061"
    assert armazem.partes("t1") == [Intervalo(0, 6000)]


def test_a_part_past_the_declared_size_is_refused(armazem):
    assert _codigo(armazem.gravar_parte, "t1", 10000, 10300, io.BytesIO(b"x" * 300), 10240) == "0060"
    assert armazem.partes("t1") == []


@pytest.mark.parametrize("tamanho_enviado", [3999, 4001, 0])
def test_a_part_whose_length_does_not_match_its_range_is_refused(armazem, tamanho_enviado):
    with pytest.raises(ErroDaApi, match=r"intervalo 0-4000 indica 4000") as erro:
        armazem.gravar_parte("t1", 0, 4000, io.BytesIO(b"a" * tamanho_enviado), 10240)
    assert erro.value.codigo == "0001" and armazem.partes("t1") == []


@pytest.mark.parametrize(("inicio", "fim"), [(10, 10), (10, 5), (-1, 5), (True, 5), ("0", 5)])
def test_an_invalid_range_is_refused(armazem, inicio, fim):
    assert _codigo(armazem.gravar_parte, "t1", inicio, fim, io.BytesIO(b""), 10240) == "0001"


@pytest.mark.parametrize("envio", ["../fora", "a/b", "", "x" * 121, "t\x00"])
def test_upload_keys_cannot_reach_outside_their_folder(armazem, envio):
    with pytest.raises(ValueError):
        armazem.partes(envio)


def test_completing_with_missing_parts_names_them(armazem):
    _enviar(armazem, "t1", 1000, 2000)
    with pytest.raises(ErroDaApi, match=r"bytes 0-1000, 2000-10240") as erro:
        armazem.concluir("t1", len(CONTEUDO), HASH)
    assert erro.value.codigo == "0063"


def test_a_hash_mismatch_is_detected_and_nothing_is_kept(armazem, tmp_path):
    _enviar(armazem, "t1", 0, len(CONTEUDO))
    with pytest.raises(ErroDaApi, match="não confere") as erro:
        armazem.concluir("t1", len(CONTEUDO), hash_de_bytes(b"outra coisa"))
    assert erro.value.codigo == "0062" and _arquivos(tmp_path) == []


def test_a_component_already_stored_is_not_written_twice(armazem, tmp_path):
    _enviar(armazem, "t1", 0, len(CONTEUDO))
    nome = armazem.concluir("t1", len(CONTEUDO), HASH)
    _enviar(armazem, "t2", 0, len(CONTEUDO))
    assert armazem.concluir("t2", len(CONTEUDO), HASH) == nome and _arquivos(tmp_path) == [nome]


def test_an_empty_component_is_stored_and_read(armazem):
    armazem.gravar_parte("t1", 0, 0, io.BytesIO(b""), 0)
    nome = armazem.concluir("t1", 0, hash_de_bytes(b""))
    assert list(armazem.ler(nome)) == [] and armazem.tamanho(nome) == 0


@pytest.mark.parametrize(("inicio", "fim"), [(0, 1), (0, 10240), (999, 1001), (5000, 10240), (10239, 10240)])
def test_byte_ranges_are_read_with_the_end_exclusive(armazem, inicio, fim):
    _enviar(armazem, "t1", 0, len(CONTEUDO))
    nome = armazem.concluir("t1", len(CONTEUDO), HASH)
    blocos = list(armazem.ler(nome, inicio, fim))
    assert b"".join(blocos) == CONTEUDO[inicio:fim] and max(len(b) for b in blocos) <= 1000


@pytest.mark.parametrize(("inicio", "fim", "codigo"), [(0, 10241, "0060"), (5, 5, "0001"), (-1, 3, "0001")])
def test_reading_an_invalid_range_is_refused(armazem, inicio, fim, codigo):
    _enviar(armazem, "t1", 0, len(CONTEUDO))
    nome = armazem.concluir("t1", len(CONTEUDO), HASH)
    assert _codigo(armazem.ler, nome, inicio, fim) == codigo


def test_apagar_removes_a_component(armazem):
    _enviar(armazem, "t1", 0, len(CONTEUDO))
    nome = armazem.concluir("t1", len(CONTEUDO), HASH)
    armazem.apagar(nome)
    assert not armazem.existe(nome)


@pytest.mark.parametrize("bloco", [1, 2, 3, 4, 1000, 4096])
def test_base64_in_blocks_equals_base64_of_the_whole(bloco):
    pedacos = [CONTEUDO[i:i + 777] for i in range(0, len(CONTEUDO), 777)]
    assert b"".join(base64_em_blocos(pedacos, bloco)) == base64.b64encode(CONTEUDO)


def test_the_default_store_is_the_componentes_storage_under_private_media_root(settings):
    armazem = Armazem()
    assert armazem.storage is storages["componentes"]
    assert armazem.storage.location == str(settings.PRIVATE_MEDIA_ROOT / "componentes")


def _gerador(total: int, bloco: int = 1024 * 1024):
    semente = hashlib.sha256(b"semente").digest() * (bloco // 32)
    enviados = 0
    while enviados < total:
        pedaco = semente[: min(bloco, total - enviados)]
        enviados += len(pedaco)
        yield pedaco


def test_a_50_mb_component_goes_up_and_down_in_parts_without_being_held_in_memory(tmp_path):
    armazem = Armazem(FileSystemStorage(location=tmp_path))
    total, metade = 50 * 1024 * 1024, 25 * 1024 * 1024
    esperado = hashlib.sha256()
    for pedaco in _gerador(total):
        esperado.update(pedaco)
    hash_esperado = base64.b64encode(esperado.digest()).decode()

    tracemalloc.start()
    try:
        armazem.gravar_parte("grande", metade, total, _gerador(total - metade), total)
        armazem.gravar_parte("grande", 0, metade, _gerador(metade), total)
        nome = armazem.concluir("grande", total, hash_esperado)
        lidos = sum(len(b) for b in armazem.ler(nome, 1, total))
        codificados = sum(len(b) for b in base64_em_blocos(armazem.ler(nome)))
        _atual, pico = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lidos == total - 1 and codificados == (total + 2) // 3 * 4
    assert armazem.hash_base64(nome) == hash_esperado
    assert pico <= 8 * 1024 * 1024, f"peak {pico / 1e6:.1f} MB"
