"""The pendências long poll under load: one uvicorn process (``portal/asgi.py``, production settings,
PostgreSQL, Redis pub/sub) holding N idle waiting systems (default 1 000), each with its own certificate.

1. idle phase: the N long polls are open and waiting; the database's transaction counter
   (``pg_stat_database.xact_commit + xact_rollback`` of the throwaway database; every statement outside a
   transaction is one) is read before and after an idle window, and the uvicorn process's RSS is read
   (``/proc/<pid>/status``), beside its RSS before the waiters came;
2. wake-up: M of those systems (default 200), one at a time, get a new pendência (their trâmite moves 2→3
   through ``services.aplicar`` in this process, which publishes on Redis after the commit); latency from
   just before ``aplicar`` (and from its return, i.e. after commit and publish) to the complete HTTP answer
   on the waiting connection: p50/p99/max;
3. floor, same run: a bare ``redis.asyncio`` subscriber, publish → receive latency of the same Redis.

    .venv/bin/python bench/long_poll_bench.py                       # 1 000 waiters, 200 wake-ups
    .venv/bin/python bench/long_poll_bench.py --esperas 300 --acordar 50
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lp_bench_longpoll BENCH_REDIS_URL=redis://127.0.0.1:6379/4 …

Target (issue 11): 0 database queries while they wait, RSS reported, p99 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _comum import PROXY, RAIZ, banco_descartavel, django, rodar  # noqa: E402

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/lp_bench_longpoll"
REDIS_PADRAO = "redis://127.0.0.1:6379/4"
PORTA = int(os.environ.get("BENCH_PORTA", "8183"))
CAMINHO = "/interoperabilidade/rest/v3/pendencias"


# -- child step: N systems with certificates, M trâmites in status 2 already delivered to their receiver --


def filho_preparar(esperas: str, acordar: str) -> dict:
    django()
    from urllib.parse import quote

    from comites.certificados.autenticacao import principal_de
    from comites.certificados.cache_de_verificacao import verificar_cabecalho
    from tests.factories.certificados import emitir
    from tests.factories.estrutura import RepositorioFactory
    from tests.factories.tramites import enviar, levar_a, orgao
    from tramites import state_machine as sm
    from tramites.services.consulta import pendencias
    from tramites.services.recebimento import registrar_entregas  # noqa: F401 (pendencias records them)

    repositorio = RepositorioFactory(nome="Repositório do bench")
    remetente = orgao("REM", repositorio)
    sistemas = []
    for i in range(int(esperas)):
        destino = orgao(f"B{i:04d}", repositorio)
        _certificado, pem = emitir(destino.sistema)
        cabecalho = quote(pem, safe="")
        idt = None
        if i < int(acordar):
            tramite = levar_a(enviar(remetente, destino), sm.Status.COMPONENTES_ENVIADOS_REMETENTE, remetente, destino)
            idt = tramite.idt
            pendencias(principal_de(verificar_cabecalho(cabecalho)), todas=True)  # status 2: delivered already
        sistemas.append({"sistema": destino.sistema.pk, "certificado": cabecalho, "idt": idt})
    return {"sistemas": sistemas}


# -- measurements ----------------------------------------------------------------------------------------


def _transacoes(url: str) -> int:
    import psycopg

    base, nome = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conexao:
        linha = conexao.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
                                (nome,)).fetchone()
    return int(linha[0])


def _conexoes(url: str) -> int:
    import psycopg

    base, nome = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conexao:
        return conexao.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (nome,)).fetchone()[0]


def _rss_mb(pid: int) -> float:
    for linha in Path(f"/proc/{pid}/status").read_text().splitlines():
        if linha.startswith("VmRSS:"):
            return int(linha.split()[1]) / 1024
    raise SystemExit("VmRSS indisponível")


def _percentis(valores: list[float]) -> tuple[float, float, float]:
    ordenados = sorted(valores)

    def p(q):
        return ordenados[min(len(ordenados) - 1, max(0, int(round(q * len(ordenados) + 0.5)) - 1))]

    return p(0.50) * 1000, p(0.99) * 1000, ordenados[-1] * 1000


class Espera:
    """One long poll on its own connection; ``chegada`` is when the whole answer had arrived."""

    def __init__(self, certificado: str):
        self.certificado = certificado
        self.resposta: bytes | None = None
        self.chegada: float | None = None
        self.pronta = asyncio.Event()

    async def rodar(self) -> None:
        leitor, escritor = await asyncio.open_connection("127.0.0.1", PORTA)
        try:
            escritor.write((f"GET {CAMINHO}?idTramiteDaPendenciaRecebida=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Accept: */*\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n"
                            f"X-SSL-Client-Cert: {self.certificado}\r\n\r\n").encode())
            await escritor.drain()
            self.resposta = await leitor.read(-1)
            self.chegada = time.monotonic()
            self.pronta.set()
        finally:
            escritor.close()


def _uvicorn(ambiente: dict) -> subprocess.Popen:
    import http.client

    processo = subprocess.Popen(
        [str(Path(sys.executable).parent / "uvicorn"), "portal.asgi:application", "--host", "127.0.0.1",
         "--port", str(PORTA), "--no-proxy-headers", "--no-access-log", "--backlog", "4096",
         "--timeout-graceful-shutdown", "2",
         "--log-level", "warning"], env=ambiente, cwd=RAIZ)
    for _ in range(150):
        try:
            conexao = http.client.HTTPConnection("127.0.0.1", PORTA, timeout=2)
            conexao.request("GET", "/interoperabilidade/rest/v3/healthcheck", headers={"X-Forwarded-Proto": "https"})
            if conexao.getresponse().status == 200:
                return processo
        except OSError:
            time.sleep(0.2)
    processo.terminate()
    raise SystemExit("uvicorn não respondeu")


async def _piso_redis(url: str, vezes: int) -> list[float]:
    import redis.asyncio

    cliente = redis.asyncio.Redis.from_url(url)
    publicador = redis.asyncio.Redis.from_url(url)
    pubsub = cliente.pubsub()
    await pubsub.subscribe("bench:piso")
    await pubsub.get_message(timeout=2)  # the subscribe confirmation
    latencias = []
    for i in range(vezes):
        inicio = time.monotonic()
        await publicador.publish("bench:piso", str(i))
        while True:
            mensagem = await pubsub.get_message(ignore_subscribe_messages=True, timeout=2)
            if mensagem is not None:
                break
        latencias.append(time.monotonic() - inicio)
    await pubsub.aclose()
    await cliente.aclose()
    await publicador.aclose()
    return latencias


async def _medir(sistemas: list[dict], url: str, redis_url: str, pid: int, ocioso: float) -> dict:
    from tests.factories.tramites import agente_para  # noqa: F401 (Django is set up)
    from tramites import services
    from tramites import state_machine as sm
    from tramites.models import Tramite
    from tramites.services import Agente

    rss_antes = _rss_mb(pid)
    esperas = [Espera(s["certificado"]) for s in sistemas]
    tarefas = [asyncio.create_task(e.rodar()) for e in esperas]
    # Every long poll authenticated and made its first check when the counter stops moving. For 12 s: a
    # backend that stays connected (the long-poll process's pool, DB_POOL) reports its counts to
    # pg_stat_database only after 10 s idle (PostgreSQL's PGSTAT_IDLE_INTERVAL), which would otherwise land in
    # the idle window below as if the waiters had queried then.
    anterior, parado_desde = -1, time.monotonic()
    while time.monotonic() - parado_desde < 12:
        await asyncio.sleep(0.5)
        atual = await asyncio.to_thread(_transacoes, url)
        if atual != anterior:
            anterior, parado_desde = atual, time.monotonic()
    respondidas_cedo = sum(e.pronta.is_set() for e in esperas)
    antes = await asyncio.to_thread(_transacoes, url)
    await asyncio.sleep(ocioso)
    depois = await asyncio.to_thread(_transacoes, url)
    conexoes = await asyncio.to_thread(_conexoes, url)
    rss_com_esperas = _rss_mb(pid)

    def mover(idt: int, sistema_id: int):
        from django.db import connections

        from comites.models import Sistema

        try:
            tramite = Tramite.objects.get(pk=idt)
            agente = Agente.do_sistema(Sistema.objects.get(pk=sistema_id), sm.Ator.DESTINATARIO)
            inicio = time.monotonic()
            services.aplicar(tramite, sm.Evento.METADADOS_OBTIDOS, agente)
            return inicio, time.monotonic()
        finally:
            connections.close_all()  # this worker thread's connection (the database is dropped at the end)

    do_inicio, do_commit, erradas = [], [], 0
    for espera, sistema in zip(esperas, sistemas, strict=True):
        if sistema["idt"] is None:
            continue
        inicio, fim = await asyncio.to_thread(mover, sistema["idt"], sistema["sistema"])
        try:
            await asyncio.wait_for(espera.pronta.wait(), 5)
        except TimeoutError:
            erradas += 1
            continue
        corpo = json.loads(espera.resposta.split(b"\r\n\r\n", 1)[1])
        if corpo != {"encontrou": True, "IDT": sistema["idt"], "status": 3}:
            erradas += 1
        do_inicio.append(espera.chegada - inicio)
        do_commit.append(espera.chegada - fim)
    for tarefa in tarefas:
        tarefa.cancel()
    piso = await _piso_redis(redis_url, len(do_inicio) or 1)
    return {"rss_antes": rss_antes, "rss_com_esperas": rss_com_esperas, "transacoes_ociosas": depois - antes,
            "conexoes": conexoes, "respondidas_cedo": respondidas_cedo,
            "do_inicio": do_inicio, "do_commit": do_commit, "erradas": erradas, "piso": piso}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--esperas", type=int, default=1000)
    parser.add_argument("--acordar", type=int, default=200)
    parser.add_argument("--ocioso", type=float, default=10.0, help="seconds of the idle window")
    parser.add_argument("--filho", nargs="+", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        print(json.dumps(filho_preparar(*args.filho[1:])))
        return
    url = os.environ.get("DATABASE_URL") or PG_PADRAO
    redis_url = os.environ.get("BENCH_REDIS_URL") or REDIS_PADRAO
    chave = secrets.token_urlsafe(32)
    with banco_descartavel(url, "bench-longpoll-") as (pasta, ambiente):
        ambiente = dict(ambiente, AC_CHAVE_MESTRA=chave, PENDENCIAS_REDIS_URL=redis_url, TRUSTED_PROXIES=PROXY)
        inicio = time.perf_counter()
        preparo = rodar(__file__, ambiente, "preparar", str(args.esperas), str(args.acordar))
        preparo_s = time.perf_counter() - inicio
        producao = dict(ambiente, DJANGO_ENV="production", SECRET_KEY=secrets.token_urlsafe(48),
                        ALLOWED_HOSTS="127.0.0.1,testserver", PYTHONPATH=f"{RAIZ}{os.pathsep}{RAIZ / 'bench'}",
                        DJANGO_SETTINGS_MODULE="_configuracao_producao", CACHE_URL="locmemcache://",
                        CELERY_BROKER_URL="memory://", LOG_LEVEL="WARNING", CONN_MAX_AGE="0",
                        PENDENCIAS_LONG_POLL_SEGUNDOS="600")
        processo = _uvicorn(producao)
        try:
            os.environ.clear()
            os.environ.update(ambiente)  # this process moves the trâmites: development settings, same database
            django()
            r = asyncio.run(_medir(preparo["sistemas"], url, redis_url, processo.pid, args.ocioso))
        finally:
            processo.terminate()
            try:
                processo.wait(timeout=15)
            except subprocess.TimeoutExpired:
                processo.kill()
                processo.wait()

    p50, p99, maximo = _percentis(r["do_inicio"])
    c50, c99, cmax = _percentis(r["do_commit"])
    f50, f99, fmax = _percentis(r["piso"])
    print(f"long poll de pendências — {args.esperas} sistemas esperando num processo uvicorn, PostgreSQL, "
          f"Redis pub/sub, {os.cpu_count()} CPUs (preparo {preparo_s:.0f} s)")
    print(f"   ociosos por {args.ocioso:.0f} s: {r['transacoes_ociosas']} transações no banco (meta 0); "
          f"conexões do banco abertas: {r['conexoes']}; respondidas antes da hora: {r['respondidas_cedo']}")
    print(f"   RSS do processo uvicorn: {r['rss_antes']:.0f} MB antes, {r['rss_com_esperas']:.0f} MB com "
          f"{args.esperas} esperas ({(r['rss_com_esperas'] - r['rss_antes']) * 1024 / args.esperas:.0f} KB por espera)")
    print(f"   nova pendência → resposta ({len(r['do_inicio'])} acordadas, {r['erradas']} erradas):")
    print(f"      desde antes do aplicar():   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   máx {maximo:6.1f} ms"
          "  (meta p99 ≤ 100)")
    print(f"      desde o commit+publicação:  p50 {c50:6.1f} ms   p99 {c99:6.1f} ms   máx {cmax:6.1f} ms")
    print(f"   piso: Redis publish → assinante redis.asyncio: p50 {f50:6.2f} ms   p99 {f99:6.2f} ms   "
          f"máx {fmax:6.2f} ms")
    if r["transacoes_ociosas"] or r["erradas"] or r["respondidas_cedo"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
