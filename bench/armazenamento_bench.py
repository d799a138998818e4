"""Component storage (tramites/armazenamento.py): a large component up in parts and down again, beside
its floor measured in the same run.

* the floor: what the same bytes cost without the storage layer — write the file once with plain
  ``open().write`` in 1 MiB blocks, then read it once computing SHA-256 (one write, one hashed read);
* measured: ``gravar_parte`` of 50 MiB parts sent out of order, ``concluir`` (hash over the parts,
  then one write of the component), ``ler`` of the whole component and its streamed base64 (the API's
  download body); each step's wall time, and the peak of Python allocations (tracemalloc) over the
  whole upload + download.

    .venv/bin/python bench/armazenamento_bench.py            # 200 MiB
    .venv/bin/python bench/armazenamento_bench.py --mb 50
"""

from __future__ import annotations

import argparse
import hashlib
import io
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from _comum import django

BLOCO = 1024 * 1024
PARTE = 50 * BLOCO


def _blocos(total: int):
    semente = hashlib.sha256(b"bench").digest() * (BLOCO // 32)
    enviados = 0
    while enviados < total:
        pedaco = semente[: min(BLOCO, total - enviados)]
        enviados += len(pedaco)
        yield pedaco


def _piso(pasta: Path, total: int) -> dict:
    caminho = pasta / "piso.bin"
    inicio = time.perf_counter()
    with open(caminho, "wb") as arquivo:
        for bloco in _blocos(total):
            arquivo.write(bloco)
    escrita = time.perf_counter() - inicio
    inicio = time.perf_counter()
    soma = hashlib.sha256()
    with open(caminho, "rb") as arquivo:
        while bloco := arquivo.read(BLOCO):
            soma.update(bloco)
    leitura = time.perf_counter() - inicio
    caminho.unlink()
    return {"escrita": escrita, "leitura_com_hash": leitura}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    total = parser.parse_args().mb * BLOCO
    django()
    from django.core.files.storage import FileSystemStorage

    from tramites.armazenamento import Armazem, base64_em_blocos

    pasta = Path(tempfile.mkdtemp(prefix="bench-armazenamento-"))
    try:
        piso = _piso(pasta, total)
        armazem = Armazem(FileSystemStorage(location=pasta / "store"))
        esperado = hashlib.sha256()
        for bloco in _blocos(total):
            esperado.update(bloco)
        import base64

        hash_esperado = base64.b64encode(esperado.digest()).decode()
        conteudo = b"".join(_blocos(min(total, PARTE)))  # one part's worth, repeated (the generator's cycle)
        partes = [(i, min(i + PARTE, total)) for i in range(0, total, PARTE)]
        tracemalloc.start()
        inicio = time.perf_counter()
        for a, b in reversed(partes):  # out of order
            armazem.gravar_parte("bench", a, b, io.BytesIO(conteudo[: b - a]), total)
        envio = time.perf_counter() - inicio
        inicio = time.perf_counter()
        nome = armazem.concluir("bench", total, hash_esperado)
        conclusao = time.perf_counter() - inicio
        inicio = time.perf_counter()
        lidos = sum(len(b) for b in armazem.ler(nome))
        leitura = time.perf_counter() - inicio
        inicio = time.perf_counter()
        codificados = sum(len(b) for b in base64_em_blocos(armazem.ler(nome)))
        base64_tempo = time.perf_counter() - inicio
        _atual, pico = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert lidos == total and codificados == (total + 2) // 3 * 4
    finally:
        shutil.rmtree(pasta, ignore_errors=True)
    mb = total / BLOCO
    print(f"componente de {mb:.0f} MiB em {len(partes)} partes de até 50 MiB (fora de ordem)")
    print(f"piso: escrita {piso['escrita']:.2f} s, leitura com SHA-256 {piso['leitura_com_hash']:.2f} s "
          f"(soma {piso['escrita'] + piso['leitura_com_hash']:.2f} s)")
    soma_do_piso = piso["escrita"] + piso["leitura_com_hash"]
    print(f"envio das partes {envio:.2f} s; conclusão (hash + gravação) {conclusao:.2f} s; "
          f"total de subida {envio + conclusao:.2f} s = {(envio + conclusao) / soma_do_piso:.1f}× o piso")
    print(f"download {leitura:.2f} s ({mb / leitura:.0f} MiB/s); download em base64 {base64_tempo:.2f} s")
    print(f"pico de memória Python (subida + descida, fora o conteúdo de teste de {len(conteudo) / BLOCO:.0f} MiB "
          f"já alocado): {pico / BLOCO:.1f} MiB")


if __name__ == "__main__":
    main()
