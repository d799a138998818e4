"""The receiver downloads a large component through the API on gunicorn, beside a plain ``cp`` of the same
file in the same run.

Builds a throwaway PostgreSQL database (``receb_componente_bench`` unless ``DATABASE_URL``), two órgãos with
their systems, and a trâmite A → B in status 3 whose one component (``--mb``, default 200 MiB) is stored
through ``tramites.armazenamento.Armazem`` (uploaded in 50 MiB parts, then assembled). Starts ``gunicorn -w 1``
(sync worker) with the production settings on 127.0.0.1:8160, as behind the TLS proxy (the receiver's
certificate in ``X-SSL-Client-Cert`` from a trusted 127.0.0.1, ``X-Forwarded-Proto: https``), and:

1. the floor: ``cp`` of the stored component to another file of the same disk (page cache warm);
2. the download, timed: ``POST tramites/{IDT}/protocolos/componentes-digitais/partes/{inicio}-{fim}`` in
   50 MiB parts, one after the other, the base64 answer read in 1 MiB reads and thrown away;
3. checks, untimed: the trâmite moved 3→4 (``GET tramites?IDT=``), and a second download of every part,
   base64-decoded and hashed, gives the component's SHA-256;
4. the web worker's peak RSS (``VmHWM`` in ``/proc``) after a warm-up request and after the downloads
   (target ≤ 150 MB).

    .venv/bin/python bench/componente_recebimento_bench.py
    .venv/bin/python bench/componente_recebimento_bench.py --mb 50 --parte-mb 10
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _comum import CABECALHO_CERTIFICADO, PROXY, RAIZ, gunicorn, rodar
from _comum import django as _django
from _comum import pg as _pg

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/receb_componente_bench"
PORTA = 8160
MIB = 1024 * 1024
API = "/interoperabilidade/rest/v3/"


def _blocos(total: int):
    semente = hashlib.sha256(b"componente").digest() * (MIB // 32)
    enviados = 0
    while enviados < total:
        pedaco = semente[: min(MIB, total - enviados)]
        enviados += len(pedaco)
        yield pedaco


def filho_preparar(total: str, parte: str) -> dict:
    """Two órgãos, a trâmite A → B in status 3 with one stored component of ``total`` bytes."""
    _django()
    from urllib.parse import quote

    from comites.certificados import services as certificados
    from portal.context import atuando_como
    from tests.factories.tramites import enviar, levar_a, orgao, protocolo_novo
    from tramites import state_machine as sm
    from tramites.armazenamento import Armazem
    from tramites.models import ComponenteDigital
    from tramites.nup import normalizar_nup

    total, parte = int(total), int(parte)
    soma = hashlib.sha256()
    for bloco in _blocos(total):
        soma.update(bloco)
    hash_ = base64.b64encode(soma.digest()).decode()
    with atuando_como(origem="comando"):
        a, b = orgao("BENCHA"), orgao("BENCHB")
        protocolo = normalizar_nup(protocolo_novo().rsplit("-", 1)[0] + "-DV")
        tramite = enviar(a, b, protocolo=protocolo, documentos=[{
            "ordem": 1, "descricao": "Anexo grande", "especie_nome_no_produtor": "Anexo",
            "componentes": [{"ordem": 1, "nome": "grande.pdf", "hash": hash_, "tamanho": total,
                             "mime_type": "application/pdf", "tipo_de_conteudo": "txt"}]}])
        armazem = Armazem()
        for inicio in range(0, total, parte):
            fim = min(inicio + parte, total)
            fluxo = (b for i, b in enumerate(_blocos(total)) if inicio <= i * MIB < fim)
            armazem.gravar_parte("bench", inicio, fim, fluxo, total)
        nome = armazem.concluir("bench", total, hash_)
        ComponenteDigital.objects.filter(tramite=tramite).update(caminho=nome, recebido=True, verificado=True)
        levar_a(tramite, sm.Status.METADADOS_RECEBIDO_DESTINATARIO, a, b)
        certificados.inicializar_ac()
        certificado, _ = certificados.gerar_certificado(b.sistema, None)
    arquivo = armazem.storage.path(nome)
    return {"idt": tramite.idt, "hash": hash_, "protocolo": protocolo, "arquivo": arquivo,
            "certificado": quote(certificado.certificado_pem, safe="")}


def _cabecalhos(certificado: str) -> dict:
    return {"X-Forwarded-Proto": "https", CABECALHO_CERTIFICADO: certificado, "Accept": "*/*",
            "Content-Type": "application/json"}


def _pedir(metodo: str, caminho: str, certificado: str, corpo: dict | None = None, consumir=None):
    """One request on a new connection; the answer is read in 1 MiB reads and handed to ``consumir``."""
    conexao = http.client.HTTPConnection("127.0.0.1", PORTA, timeout=600)
    try:
        conexao.request(metodo, caminho, body=json.dumps(corpo) if corpo else None, headers=_cabecalhos(certificado))
        resposta = conexao.getresponse()
        if resposta.status != 200:
            raise SystemExit(f"{metodo} {caminho}: HTTP {resposta.status} {resposta.read(500)!r}")
        lidos = 0
        while bloco := resposta.read(MIB):
            lidos += len(bloco)
            if consumir:
                consumir(bloco)
        return lidos
    finally:
        conexao.close()




def _trabalhador(mestre: int) -> int:
    filhos = Path(f"/proc/{mestre}/task/{mestre}/children").read_text().split()
    if len(filhos) != 1:
        raise SystemExit(f"esperava um worker do gunicorn, encontrei {filhos}")
    return int(filhos[0])


def _pico_rss_mb(pid: int) -> float:
    for linha in Path(f"/proc/{pid}/status").read_text().splitlines():
        if linha.startswith("VmHWM:"):
            return int(linha.split()[1]) / 1024
    raise SystemExit("VmHWM indisponível")


class _Base64ParaHash:
    """Decodes a base64 stream cut anywhere (4-character groups) and hashes the bytes."""

    def __init__(self):
        self.soma, self.resto, self.bytes = hashlib.sha256(), b"", 0

    def __call__(self, bloco: bytes) -> None:
        dados = self.resto + bloco
        corte = len(dados) - len(dados) % 4
        decodificado = base64.b64decode(dados[:corte])
        self.soma.update(decodificado)
        self.bytes += len(decodificado)
        self.resto = dados[corte:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--parte-mb", type=int, default=50)
    parser.add_argument("--filho", nargs="+", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        print(json.dumps(filho_preparar(*args.filho[1:])))
        return
    total, parte = args.mb * MIB, args.parte_mb * MIB
    url = os.environ.get("DATABASE_URL") or PG_PADRAO
    with tempfile.TemporaryDirectory(prefix="bench-recebimento-") as pasta:
        _pg(url, "DROP DATABASE IF EXISTS")
        _pg(url, "CREATE DATABASE")
        base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        desenvolvimento = dict(base, DATABASE_URL=url, DJANGO_ENV="development", DEBUG="false",
                               PYTHONPATH=str(RAIZ), PORTAL_VAR_DIR=pasta, CACHE_URL="locmemcache://")
        producao = dict(base, DATABASE_URL=url, DJANGO_ENV="production", SECRET_KEY=secrets.token_urlsafe(48),
                        ALLOWED_HOSTS="127.0.0.1,testserver", PORTAL_VAR_DIR=pasta,
                        PYTHONPATH=f"{RAIZ}{os.pathsep}{RAIZ / 'bench'}",
                        DJANGO_SETTINGS_MODULE="_configuracao_producao",
                        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9"),
                        CELERY_BROKER_URL="memory://", LOG_LEVEL="WARNING", TRUSTED_PROXIES=PROXY)
        processo = None
        try:
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=desenvolvimento,
                           cwd=RAIZ, check=True)
            chave = secrets.token_urlsafe(32)  # the CA's key is encrypted with it: the same in both settings
            preparo = rodar(__file__, dict(desenvolvimento, AC_CHAVE_MESTRA=chave), "preparar", str(total), str(parte))
            certificado = preparo["certificado"]

            copia = Path(pasta) / "copia.bin"
            subprocess.run(["cat", preparo["arquivo"]], stdout=subprocess.DEVNULL, check=True)  # warm the cache
            inicio = time.perf_counter()
            subprocess.run(["cp", preparo["arquivo"], str(copia)], check=True)
            piso = time.perf_counter() - inicio
            copia.unlink()

            processo = gunicorn(dict(producao, AC_CHAVE_MESTRA=chave), PORTA, workers=1, extras=("--timeout", "600"))
            trabalhador = _trabalhador(processo.pid)
            idt = preparo["idt"]
            corpo = {"hashDoComponenteDigital": preparo["hash"], "protocolo": preparo["protocolo"]}
            _pedir("GET", f"{API}tramites?IDT={idt}", certificado)  # warm-up: imports, certificate check
            rss_inicial = _pico_rss_mb(trabalhador)
            partes = [(i, min(i + parte, total)) for i in range(0, total, parte)]
            inicio = time.perf_counter()
            texto = sum(_pedir("POST", f"{API}tramites/{idt}/protocolos/componentes-digitais/partes/{a}-{b}",
                               certificado, corpo) for a, b in partes)
            download = time.perf_counter() - inicio
            rss_pico = _pico_rss_mb(trabalhador)

            situacao = []
            _pedir("GET", f"{API}tramites?IDT={idt}", certificado, consumir=situacao.append)
            situacao_atual = json.loads(b"".join(situacao))["tramites"][0]["situacaoAtual"]
            conferencia = _Base64ParaHash()
            for a, b in partes:
                _pedir("POST", f"{API}tramites/{idt}/protocolos/componentes-digitais/partes/{a}-{b}", certificado,
                       corpo, consumir=conferencia)
            confere = base64.b64encode(conferencia.soma.digest()).decode() == preparo["hash"]
        finally:
            if processo is not None:
                processo.terminate()
                processo.wait(timeout=30)
            _pg(url, "DROP DATABASE IF EXISTS")

    mb = total / MIB
    print(f"download de componente pela API — {mb:.0f} MiB em {len(partes)} partes de {parte // MIB} MiB, "
          f"gunicorn -w 1 (sync), PostgreSQL, {os.cpu_count()} CPUs")
    print(f"   piso: cp do mesmo arquivo          {piso:7.2f} s   {mb / piso:8.1f} MiB/s")
    print(f"   download (base64, {texto / MIB:.0f} MiB de texto) {download:7.2f} s   {mb / download:8.1f} MiB/s   "
          f"{download / piso:5.1f}× o piso")
    print(f"   pico de RSS do worker: {rss_pico:.0f} MB (depois do aquecimento: {rss_inicial:.0f} MB; meta ≤ 150 MB)")
    print(f"   situação depois do download: {situacao_atual} (esperado 4); conteúdo decodificado confere com o "
          f"hash: {'sim' if confere else 'NÃO'} ({conferencia.bytes} bytes)")
    if situacao_atual != 4 or not confere or conferencia.bytes != total:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
