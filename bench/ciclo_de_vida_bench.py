"""Full lifecycle 1→6 through the real HTTPS API, driven by the reference client (``tramites/cliente``).

The stack, on loopback ports ``BENCH_PORTA_BASE`` (default 8190) +1…+6, as production runs it: nginx with
mutual TLS (the shipped ``deploy/nginx/tramita.conf`` rewritten for loopback by ``tests/mtls/conftest.py``'s
``configuracao_de_teste``) → gunicorn (``--workers``, sync workers) → PostgreSQL (a throwaway database) +
Redis (broker and pendências pub/sub) + one Celery worker (the hash check 1→2) + uvicorn (the long poll).
Data: ``tests/mtls/preparar.py`` (the portal's CA, nginx's CA file and CRL, the server certificate) plus N
pairs of órgãos, each side with its system and its certificate as "Gerar Certificado" hands it out (PEM
with the encrypted key, and the password).

N client processes, one per pair (``--pares``), each playing both systems with ``cenarios.feliz`` (send a
processo with one 100 KB component uploaded whole, the receiver's pendência and long poll, metadata,
download with the hash checked, the signed recibo, the sender's pendência and its read of the recibo → 6;
``verificar=False``: no extra consultas), repeatedly for ``--segundos``. In the same run, before it:

* the **floor**: the same N processes call a trivial authenticated endpoint (``GET motivosUrgencia``: mutual
  TLS, certificate verification, DRF, a constant body) as fast as they can, for ``--segundos-piso``;

and it reports completed trâmites per second, calls per trâmite, the per-call client-side latencies (by
route), the database transactions per trâmite (``pg_stat_database``), and with ``--perfil`` a py-spy
sample of one gunicorn worker during the lifecycle phase (self time by function).

    .venv/bin/python bench/ciclo_de_vida_bench.py                   # 4 pairs, 20 s floor, 40 s lifecycle
    .venv/bin/python bench/ciclo_de_vida_bench.py --pares 8 --workers 4 --perfil

Goal (issue 11): ≥ 100 trâmites/s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _comum import RAIZ, banco_descartavel, django, rodar  # noqa: E402

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/falhas_bench_ciclo"
REDIS_PADRAO = "redis://127.0.0.1:6379/15"
BASE = int(os.environ.get("BENCH_PORTA_BASE", "8190"))
TAMANHO = 100_000


# -- child step: CA, nginx files, N pairs of systems with their certificates ----------------------------


def filho_preparar(pasta: str, pares: str) -> dict:
    django()
    from comites.certificados import services
    from portal.context import atuando_como
    from tests.factories.estrutura import RepositorioFactory
    from tests.factories.tramites import orgao
    from tests.mtls.preparar import preparar

    pasta_ = Path(pasta)
    with atuando_como(origem="comando"):
        manifesto = preparar(pasta_)
        repositorio = RepositorioFactory(nome="Repositório do bench do ciclo de vida")
        lista = []
        for i in range(int(pares)):
            par = {}
            for papel, sigla in (("remetente", f"BR{i:02d}"), ("destinatario", f"BD{i:02d}")):
                lado = orgao(sigla, repositorio)
                _certificado, emissao = services.gerar_certificado(lado.sistema, None)
                arquivo = pasta_ / f"par{i}-{papel}.pem"
                arquivo.write_bytes(emissao.pem_para_entregar)
                par[papel] = {"pem": str(arquivo), "senha": emissao.senha,
                              "unidade": [lado.protocolo.repositorio_id, lado.protocolo.pk]}
            lista.append(par)
    return {"servidor": manifesto["servidor"], "pares": lista}


# -- child step: one pair of systems under load ---------------------------------------------------------

_NUMERO = re.compile(r"(?<=/)\d+(?=/|$|\?)")
_TICKET = re.compile(r"[0-9a-f]{32}")


def rota(caminho: str) -> str:
    caminho = caminho.split("?", 1)[0]
    return _NUMERO.sub("{n}", _TICKET.sub("{ticket}", caminho))


class Medido:
    """Wraps a client's transport: every call's route and client-side time."""

    def __init__(self, transporte, chamadas: dict):
        self.transporte, self.chamadas = transporte, chamadas

    def requisitar(self, metodo, url, corpo=None, cabecalhos=None, tempo_limite=300.0):
        from urllib.parse import urlsplit

        resposta = self.transporte.requisitar(metodo, url, corpo, cabecalhos, tempo_limite)
        self.chamadas[f"{metodo} {rota(urlsplit(url).path)}"].append(resposta.ms)
        return resposta

    def fechar(self, *args):
        self.transporte.fechar(*args)


def filho_carga(manifesto_: str, indice: str, fase: str, segundos: str, largada: str) -> dict:
    sys.path.insert(0, str(RAIZ))
    from tramites.cliente import Cliente, cenarios, conteudo
    from tramites.cliente.transporte import TransporteHttps

    manifesto = json.loads(Path(manifesto_).read_text())
    par = manifesto["pares"][int(indice)]
    url = f"https://127.0.0.1:{BASE + 2}/"
    chamadas: dict[str, list[float]] = defaultdict(list)

    def cliente(papel):
        lado = par[papel]
        transporte = Medido(TransporteHttps(lado["pem"], lado["senha"], manifesto["servidor"]), chamadas)
        return Cliente(url, lado["pem"], lado["senha"], papel=papel, transporte=transporte, relatar=None)

    remetente, destinatario = cliente("remetente"), cliente("destinatario")
    cenario = cenarios.Cenario(remetente, destinatario, tuple(par["remetente"]["unidade"]),
                               tuple(par["destinatario"]["unidade"]), verificar=False, relatar=None, espera=60)
    cenarios.especie_padrao(cenario)
    remetente.chamar_json("GET", "motivosUrgencia")  # TLS sessions open before the start
    destinatario.chamar_json("GET", "motivosUrgencia")
    chamadas.clear()
    while time.time() < float(largada):
        time.sleep(0.001)
    fim = time.time() + float(segundos)
    feitos, duracoes, erros = 0, [], []
    cpu = time.process_time()
    while time.time() < fim:
        inicio = time.perf_counter()
        try:
            if fase == "piso":
                (remetente if feitos % 2 else destinatario).chamar_json("GET", "motivosUrgencia")
            else:
                cenario.componentes = [conteudo.componente_de_exemplo(TAMANHO, "anexo.pdf")]
                cenarios.feliz(cenario)
        except Exception as erro:  # noqa: BLE001 (reported: a benchmark run with errors is not a result)
            erros.append(f"{erro.__class__.__name__}: {erro}"[:300])
            if len(erros) > 20:
                break
            continue
        feitos += 1
        duracoes.append((time.perf_counter() - inicio) * 1000)
    return {"feitos": feitos, "duracoes": duracoes, "erros": erros, "cpu_cliente": time.process_time() - cpu,
            "chamadas": {k: [len(v), sum(v), max(v)] for k, v in chamadas.items()}}


# -- child step: database queries per API call (one lifecycle through Django's test client) --------------


def _cenario_em_processo(par: dict, chamar):
    """A ``Cenario`` whose two systems call the portal in this process: Django's test client, the certificate
    in the header a trusted proxy sends. ``chamar(chave, executar)`` runs ``executar()`` (the request, its
    body read and the response closed; returns ``(resposta, dados)``) with whatever it measures around it
    and returns ``(resposta, dados, ms)``; ``chave`` is "METHOD route"."""
    from urllib.parse import quote, urlsplit

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from django.test import Client

    from tramites.cliente import Cliente, cenarios
    from tramites.cliente.transporte import Resposta

    class Transporte:
        def __init__(self, pem):
            certificado = x509.load_pem_x509_certificate(Path(pem).read_bytes())
            texto = certificado.public_bytes(serialization.Encoding.PEM).decode()
            self.cliente = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_SSL_CLIENT_CERT=quote(texto, safe=""))

        def requisitar(self, metodo, url, corpo=None, cabecalhos=None, tempo_limite=300.0):
            partes = urlsplit(url)
            caminho = partes.path + (f"?{partes.query}" if partes.query else "")
            tipo = (cabecalhos or {}).get("Content-Type", "application/octet-stream")

            def executar():
                resposta = self.cliente.generic(metodo, caminho, corpo or b"", content_type=tipo, HTTP_ACCEPT="*/*")
                dados = b"".join(resposta.streaming_content) if resposta.streaming else resposta.content
                resposta.close()
                return resposta, dados

            resposta, dados, ms = chamar(f"{metodo} {rota(partes.path)}", executar)
            return Resposta(resposta.status_code, dados, {k.lower(): v for k, v in resposta.headers.items()}, ms)

    def cliente(papel):
        lado = par[papel]
        return Cliente("https://testserver/", lado["pem"], lado["senha"], papel=papel,
                       transporte=Transporte(lado["pem"]), relatar=None)

    cenario = cenarios.Cenario(cliente("remetente"), cliente("destinatario"), tuple(par["remetente"]["unidade"]),
                               tuple(par["destinatario"]["unidade"]), verificar=False, relatar=None, espera=60)
    cenarios.especie_padrao(cenario)
    return cenario


def filho_consultas(manifesto_: str) -> dict:
    django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tramites.cliente import cenarios, conteudo

    manifesto = json.loads(Path(manifesto_).read_text())
    contagem: dict[str, list[int]] = defaultdict(list)

    def chamar(chave, executar):
        with CaptureQueriesContext(connection) as consultas:
            resposta, dados = executar()
        contagem[chave].append(len(consultas))
        return resposta, dados, 0.0

    cenario = _cenario_em_processo(manifesto["pares"][0], chamar)
    cenario.remetente.chamar_json("GET", "motivosUrgencia")
    cenario.destinatario.chamar_json("GET", "motivosUrgencia")  # the certificate verifications cached, as in use
    contagem.clear()
    for _ in range(3):
        cenario.componentes = [conteudo.componente_de_exemplo(TAMANHO, "anexo.pdf")]
        cenarios.feliz(cenario)
    cenario.remetente.chamar_json("GET", "motivosUrgencia")
    return {k: sorted(v) for k, v in contagem.items()}


# -- child step: the server's cost of each API call, in-process and quiet of the network ----------------

_ESCRITA = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)


def _transacoes_das_consultas(consultas: list[dict]) -> tuple[int, int, int]:
    """(transactions, commits that wrote, SQL statements) from Django's captured queries: Django 5 logs
    ``BEGIN``/``COMMIT``/``ROLLBACK`` of ``atomic`` blocks; any statement outside one is its own
    autocommit transaction."""
    transacoes = escritas = instrucoes = 0
    aberta = escreveu = False
    for consulta in consultas:
        sql = consulta["sql"].strip()
        if sql == "BEGIN":
            aberta, escreveu, transacoes = True, False, transacoes + 1
            continue
        if sql in ("COMMIT", "ROLLBACK"):
            escritas += sql == "COMMIT" and escreveu
            aberta = False
            continue
        instrucoes += not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
        if aberta:
            escreveu = escreveu or bool(_ESCRITA.match(sql))
        else:
            transacoes += 1
            escritas += bool(_ESCRITA.match(sql))
    return transacoes, escritas, instrucoes


def _custo_do_commit(repeticoes: int = 200) -> list[float]:
    """Mean ms of one autocommit ``INSERT`` into a logged table (its commit waits for the WAL flush under
    ``synchronous_commit``) and into a temporary one (no WAL): their difference is the flush."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS _bench_commit_t (n int)")  # warm the catalog
        cursor.execute("DROP TABLE IF EXISTS _bench_commit")
        cursor.execute("CREATE TABLE _bench_commit (n int)")
        inicio = time.perf_counter()
        for n in range(repeticoes):
            cursor.execute("INSERT INTO _bench_commit VALUES (%s)", [n])
        logado = (time.perf_counter() - inicio) * 1000 / repeticoes
        inicio = time.perf_counter()
        for n in range(repeticoes):
            cursor.execute("INSERT INTO _bench_commit_t VALUES (%s)", [n])
        temporario = (time.perf_counter() - inicio) * 1000 / repeticoes
        cursor.execute("DROP TABLE _bench_commit")
    return [round(logado, 3), round(temporario, 3)]


def filho_custo(manifesto_: str, ciclos: str) -> dict:
    """One lifecycle warms up, then ``ciclos`` lifecycles through Django's test client with the bench's
    settings (DEBUG off, CONN_MAX_AGE, the Celery task run in-process): per API call its wall and CPU time,
    SQL statements, transactions and writing commits, and a cProfile of all of them (top functions)."""
    django()
    import cProfile
    import io
    import pstats

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tramites.cliente import cenarios, conteudo

    manifesto = json.loads(Path(manifesto_).read_text())
    medidas: dict[str, list[list[float]]] = defaultdict(list)
    perfis: dict[str, cProfile.Profile] = defaultdict(cProfile.Profile)
    medindo, perfilando = [False], [False]

    def chamar(chave, executar):
        perfil = perfis[chave]
        with CaptureQueriesContext(connection) as consultas:
            cpu, inicio = time.process_time(), time.perf_counter()
            if perfilando[0]:
                perfil.enable()
            resposta, dados = executar()
            perfil.disable()
            ms, cpu_ms = (time.perf_counter() - inicio) * 1000, (time.process_time() - cpu) * 1000
        if medindo[0] and not perfilando[0]:
            medidas[chave].append([ms, cpu_ms, *_transacoes_das_consultas(consultas.captured_queries)])
        return resposta, dados, ms

    cenario = _cenario_em_processo(manifesto["pares"][0], chamar)
    for _ in range(2):  # warm-up: imports, caches, the certificate checks
        cenario.componentes = [conteudo.componente_de_exemplo(TAMANHO, "anexo.pdf")]
        cenarios.feliz(cenario)
    medindo[0] = True
    inicio = time.perf_counter()
    for _ in range(int(ciclos)):
        cenario.componentes = [conteudo.componente_de_exemplo(TAMANHO, "anexo.pdf")]
        cenarios.feliz(cenario)
        cenario.remetente.chamar_json("GET", "motivosUrgencia")
    total_ms = (time.perf_counter() - inicio) * 1000
    perfilando[0] = True  # the profile in separate lifecycles: cProfile would double the CPU measured above
    for _ in range(max(3, int(ciclos) // 4)):
        cenario.componentes = [conteudo.componente_de_exemplo(TAMANHO, "anexo.pdf")]
        cenarios.feliz(cenario)
    texto = io.StringIO()
    todos = [p for p in perfis.values() if p.getstats()]
    pstats.Stats(*todos, stream=texto).sort_stats("tottime").print_stats(20)
    for chave, perfil in perfis.items():  # each call's own top, where its time is more than CPU
        if perfil.getstats():
            texto.write(f"\n==== {chave}\n")
            pstats.Stats(perfil, stream=texto).sort_stats("cumulative").print_stats(
                r"(tramites|portal|comites|hipoteses|estrutura)/", 18)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        sincrono = cursor.fetchone()[0]
    return {"medidas": medidas, "ciclos": int(ciclos), "total_ms": total_ms, "commit_ms": _custo_do_commit(),
            "synchronous_commit": sincrono, "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
            "debug": settings.DEBUG, "perfil": texto.getvalue()}


def relatorio_de_custo(resultado: dict) -> None:
    ciclos = resultado["ciclos"]
    print(f"custo no servidor, em processo (cliente de teste do Django, DEBUG={resultado['debug']}, "
          f"CONN_MAX_AGE={resultado['conn_max_age']}, synchronous_commit={resultado['synchronous_commit']}; "
          f"um INSERT com commit custa {resultado['commit_ms'][0]:.2f} ms aqui, {resultado['commit_ms'][1]:.2f} ms "
          f"numa tabela temporária, sem WAL), média de {ciclos} ciclos:")
    print(f"  {'chamada':<74} {'n/trâm':>6} {'ms':>7} {'CPU ms':>7} {'SQL':>5} {'trans':>5} {'commits':>7}")
    soma = [0.0] * 5
    piso = None
    for k, linhas in sorted(resultado["medidas"].items(), key=lambda kv: -sum(r[0] for r in kv[1])):
        n = len(linhas)
        medias = [sum(r[i] for r in linhas) / n for i in (0, 1, 4, 2, 3)]
        por_tramite = n / ciclos
        if k.endswith("motivosUrgencia"):
            piso = medias
        else:
            for i in range(5):
                soma[i] += medias[i] * por_tramite
        print(f"  {k:<74} {por_tramite:6.2f} {medias[0]:7.2f} {medias[1]:7.2f} {medias[2]:5.1f} {medias[3]:5.1f} "
              f"{medias[4]:7.1f}")
    print(f"  {'por trâmite (sem o piso)':<74} {'':>6} {soma[0]:7.1f} {soma[1]:7.1f} {soma[2]:5.0f} {soma[3]:5.0f} "
          f"{soma[4]:7.0f}")
    if piso:
        print(f"  → um núcleo: {1000 / soma[1]:.1f} trâmites/s pela CPU do servidor (o piso: {1000 / piso[1]:.0f} "
              f"req/s); 2 núcleos: {2000 / soma[1]:.1f} trâmites/s, antes de nginx, gunicorn e PostgreSQL")
    print(resultado["perfil"])


# -- the parent: the stack, the phases, the report -----------------------------------------------------


def _esperar_porta(porta: int, processo: subprocess.Popen, nome: str, log: Path) -> None:
    for _ in range(300):
        if processo.poll() is not None:
            raise SystemExit(f"{nome} terminou ao iniciar:\n{log.read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", porta)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"{nome} não abriu a porta {porta}:\n{log.read_text()[-3000:]}")


def _parar(processo: subprocess.Popen | None) -> None:
    if processo is None or processo.poll() is not None:
        return
    processo.send_signal(signal.SIGTERM)
    try:
        processo.wait(timeout=15)
    except subprocess.TimeoutExpired:
        processo.kill()
        processo.wait()


def _transacoes(url: str) -> int:
    import psycopg

    base, nome = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conexao:
        return conexao.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
                               [nome]).fetchone()[0]


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_ms(pid: int) -> float:
    """User + system CPU of a process so far (``/proc/PID/stat``), ms; 0 when it is gone."""
    try:
        campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(campos[11]) + int(campos[12])) * 1000 / _TICKS


def _processos_do_servidor(processos: dict, url: str) -> dict[str, list[int]]:
    """The server side's processes by part: gunicorn (master and workers), the Celery worker, uvicorn,
    nginx (master and workers) and the PostgreSQL backends connected to the bench's database."""
    import psycopg

    def arvore(pid: int) -> list[int]:
        filhos = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        return [pid, *(p for f in filhos for p in arvore(int(f)))]

    partes = {nome: arvore(processos[nome].pid) for nome in ("gunicorn", "worker", "uvicorn", "nginx")
              if nome in processos}
    base, nome = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conexao:
        partes["postgres"] = [linha[0] for linha in conexao.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [nome]).fetchall()]
    return partes


class MedidorDeCpu:
    """CPU the server side spent during a phase, by part, whatever the machine's load (a process's CPU
    time does not grow while it waits for a core). Backends and workers present at the end are counted
    from 0 when they started during the phase; one that ended during it is missed (``CONN_MAX_AGE``
    keeps them)."""

    def __init__(self, processos: dict, url: str):
        self.processos, self.url = processos, url
        self.inicio = {pid: _cpu_ms(pid) for pids in _processos_do_servidor(processos, url).values() for pid in pids}

    def fim(self) -> dict[str, float]:
        return {parte: sum(_cpu_ms(pid) - self.inicio.get(pid, 0.0) for pid in pids)
                for parte, pids in _processos_do_servidor(self.processos, self.url).items()}


def _linha_de_cpu(cpu: dict[str, float], quantos: int, unidade: str) -> str:
    total = sum(cpu.values())
    partes = ", ".join(f"{nome} {ms / max(quantos, 1):.1f}" for nome, ms in cpu.items())
    return f"{total / max(quantos, 1):.1f} ms de CPU do servidor por {unidade} ({partes})"


def _fase(script: str, ambiente: dict, manifesto: Path, pares: int, fase: str, segundos: float) -> list[dict]:
    largada = time.time() + 3
    processos = [subprocess.Popen([sys.executable, script, "--filho", "carga", str(manifesto), str(i), fase,
                                   str(segundos), str(largada)], env=ambiente, cwd=RAIZ, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for i in range(pares)]
    resultados = []
    for processo in processos:
        saida, erro = processo.communicate(timeout=segundos + 180)
        if processo.returncode != 0:
            sys.stderr.write(saida + erro)
            raise SystemExit(f"cliente da fase {fase} falhou")
        resultados.append(json.loads(saida.strip().splitlines()[-1]))
    return resultados


def _percentil(valores: list[float], p: float) -> float:
    if not valores:
        return 0.0
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, int(round(p / 100 * (len(ordenados) - 1))))]


def _perfil(arquivo: Path, linhas: int = 25) -> list[str]:
    """Self and inclusive samples per function from py-spy's collapsed stacks (``--format raw``)."""
    proprio: Counter = Counter()
    inclusivo: Counter = Counter()
    total = 0
    for linha in arquivo.read_text(errors="replace").splitlines():
        pilha, _, n = linha.rpartition(" ")
        if not n.isdigit():
            continue
        quadros = [q.split(" (")[0] + " (" + q.split(" (")[1].split(":")[0].replace(str(RAIZ) + "/", "")
                   .split("site-packages/")[-1] + ")" if " (" in q else q for q in pilha.split(";")]
        total += int(n)
        proprio[quadros[-1]] += int(n)
        for quadro in set(quadros):
            inclusivo[quadro] += int(n)
    saida = [f"py-spy: {total} amostras de um worker do gunicorn"]
    saida += ["  próprio  " + f"{100 * n / total:5.1f}% {q}" for q, n in proprio.most_common(linhas)]
    interessantes = [(q, n) for q, n in inclusivo.most_common(400)
                     if any(m in q for m in ("tramites/", "portal/", "comites/", "hipoteses/", "estrutura/"))]
    saida += ["  inclusivo " + f"{100 * n / total:5.1f}% {q}" for q, n in interessantes[:linhas]]
    return saida


def principal(argumentos) -> None:
    sys.path.insert(0, str(RAIZ))
    from tests.mtls.conftest import _principal, configuracao_de_teste

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx não está instalado (apt-get install nginx-light)")
    script = str(Path(__file__).resolve())
    url = os.environ.get("DATABASE_URL", PG_PADRAO)
    redis_url = os.environ.get("BENCH_REDIS_URL", REDIS_PADRAO)
    with banco_descartavel(url, "bench_ciclo_") as (pasta_, ambiente):
        pasta = Path(pasta_)
        pasta.chmod(0o755)
        ambiente = {**ambiente, "CELERY_TASK_ALWAYS_EAGER": "false", "CELERY_BROKER_URL": redis_url,
                    "PENDENCIAS_REDIS_URL": redis_url, "TRUSTED_PROXIES": "127.0.0.1", "CONN_MAX_AGE": "60",
                    "LONG_POLL_ADDR": f"127.0.0.1:{BASE + 6}", "PENDENCIAS_LONG_POLL_SEGUNDOS": "20",
                    "LOG_LEVEL": "WARNING"}
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        manifesto = rodar(script, ambiente, "preparar", str(pasta), str(argumentos.pares))
        arquivo_manifesto = pasta / "bench-manifesto.json"
        arquivo_manifesto.write_text(json.dumps(manifesto))
        if argumentos.custo:
            # In-process: the hash check runs eagerly (after the PUT's commit; counted in that call), no broker.
            relatorio_de_custo(rodar(script, {**ambiente, "CELERY_TASK_ALWAYS_EAGER": "true",
                                              "PENDENCIAS_REDIS_URL": ""}, "custo", str(arquivo_manifesto),
                                     str(argumentos.ciclos)))
            return
        (pasta / "tramita.conf").write_text(configuracao_de_teste(pasta, BASE))
        conf = _principal(pasta)
        conf.write_text(conf.read_text().replace("worker_connections 64;", "worker_connections 1024;"))
        subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(pasta)], check=True)

        bin_ = Path(sys.executable).parent
        logs = {n: (pasta / f"{n}.log").open("w") for n in ("worker", "uvicorn", "gunicorn")}
        processos: dict[str, subprocess.Popen] = {}
        try:
            processos["worker"] = subprocess.Popen(
                [str(bin_ / "celery"), "-A", "portal", "worker", "--pool", "solo", "--without-gossip",
                 "--without-mingle", "-n", f"bench-ciclo-{os.getpid()}@%h", "--loglevel", "WARNING"],
                cwd=RAIZ, env=ambiente, stdout=logs["worker"], stderr=subprocess.STDOUT)
            processos["uvicorn"] = subprocess.Popen([str(RAIZ / "bin" / "run-long-poll"), "--log-level", "warning"],
                                                    cwd=RAIZ, env=ambiente, stdout=logs["uvicorn"],
                                                    stderr=subprocess.STDOUT)
            processos["gunicorn"] = subprocess.Popen(
                [str(bin_ / "gunicorn"), "portal.wsgi", "-w", str(argumentos.workers), "-b", f"127.0.0.1:{BASE + 1}",
                 "--log-level", "warning", "--backlog", "2048"],
                cwd=RAIZ, env=ambiente, stdout=logs["gunicorn"], stderr=subprocess.STDOUT)
            _esperar_porta(BASE + 1, processos["gunicorn"], "gunicorn", pasta / "gunicorn.log")
            _esperar_porta(BASE + 6, processos["uvicorn"], "uvicorn", pasta / "uvicorn.log")
            processos["nginx"] = subprocess.Popen([nginx, "-c", str(conf), "-p", str(pasta)],
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _esperar_porta(BASE + 2, processos["nginx"], "nginx", pasta / "nginx-error.log")
            time.sleep(2)  # the worker's start-up

            rodar(script, ambiente, "carga", str(arquivo_manifesto), "0", "ciclo", "3", str(time.time()))  # warm-up
            medidor = MedidorDeCpu(processos, url)
            piso = _fase(script, ambiente, arquivo_manifesto, argumentos.pares, "piso", argumentos.segundos_piso)
            cpu_piso = medidor.fim()
            antes = _transacoes(url)
            carga_antes = os.getloadavg()[0]
            perfil = None
            if argumentos.perfil:
                filhos = subprocess.run(["pgrep", "-P", str(processos["gunicorn"].pid)], capture_output=True,
                                        text=True).stdout.split()
                saida_perfil = pasta / "perfil.txt"
                perfil = subprocess.Popen(
                    [str(bin_ / "py-spy"), "record", "-p", filhos[0], "-d", str(int(argumentos.segundos)), "-r", "200",
                     "--format", "raw", "-o", str(saida_perfil), "--nonblocking"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            medidor = MedidorDeCpu(processos, url)
            ciclo = _fase(script, ambiente, arquivo_manifesto, argumentos.pares, "ciclo", argumentos.segundos)
            cpu_ciclo = medidor.fim()
            carga = (carga_antes, os.getloadavg()[0])
            transacoes = _transacoes(url) - antes
            linhas_do_perfil = []
            if perfil is not None:
                perfil.wait(60)
                if saida_perfil.exists():
                    linhas_do_perfil = _perfil(saida_perfil)
            consultas = rodar(script, ambiente, "consultas", str(arquivo_manifesto))
        finally:
            for nome in ("nginx", "gunicorn", "uvicorn", "worker"):
                _parar(processos.get(nome))

    erros = [e for r in piso + ciclo for e in r["erros"]]
    taxa_piso = sum(r["feitos"] for r in piso) / argumentos.segundos_piso
    concluidos = sum(r["feitos"] for r in ciclo)
    taxa = concluidos / argumentos.segundos
    duracoes = [d for r in ciclo for d in r["duracoes"]]
    chamadas: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for r in ciclo:
        for k, (n, soma, maximo) in r["chamadas"].items():
            chamadas[k][0] += n
            chamadas[k][1] += soma
            chamadas[k][2] = max(chamadas[k][2], maximo)
    total_chamadas = sum(v[0] for v in chamadas.values())
    print(f"ciclo de vida 1→6, 1 componente de {TAMANHO // 1000} KB, {argumentos.pares} pares de sistemas, "
          f"gunicorn -w {argumentos.workers}, {os.cpu_count()} núcleos")
    print(f"  piso (GET motivosUrgencia, autenticado por certificado): {taxa_piso:8.1f} req/s")
    print(f"  ciclo de vida completo:                                 {taxa:8.2f} trâmites/s "
          f"({concluidos} em {argumentos.segundos:.0f} s; meta ≥ 100)")
    if concluidos:
        print(f"  chamadas por trâmite: {total_chamadas / concluidos:.1f}  →  {taxa * total_chamadas / concluidos:.1f} "
              f"req/s ({100 * taxa * total_chamadas / concluidos / taxa_piso:.0f}% do piso)")
        print(f"  duração de um trâmite: p50 {_percentil(duracoes, 50):.0f} ms, p90 {_percentil(duracoes, 90):.0f} ms")
        print(f"  transações no PostgreSQL por trâmite: {transacoes / concluidos:.1f}")
    print(f"  CPU dos clientes: {sum(r['cpu_cliente'] for r in ciclo) / argumentos.segundos:.2f} núcleo(s) no ciclo")
    feitos_piso = sum(r["feitos"] for r in piso)
    print(f"  piso: {_linha_de_cpu(cpu_piso, feitos_piso, 'requisição')}")
    if concluidos:
        total, nucleos = sum(cpu_ciclo.values()) / concluidos, os.cpu_count() or 1
        teto_piso = nucleos * 1000 * feitos_piso / max(sum(cpu_piso.values()), 1)
        print(f"  ciclo: {_linha_de_cpu(cpu_ciclo, concluidos, 'trâmite')}")
        print(f"  → teto pela CPU do servidor: {nucleos * 1000 / total:.1f} trâmites/s em {nucleos} núcleos "
              f"ociosos (o piso: {teto_piso:.0f} req/s)")
    print(f"  carga média (1 min) no início e no fim do ciclo: {carga[0]:.1f} / {carga[1]:.1f}")
    print("  por chamada (lado do cliente, TLS incluído): chamadas/trâmite, média, máx; consultas SQL por chamada")
    for k, (n, soma, maximo) in sorted(chamadas.items(), key=lambda kv: -kv[1][1]):
        sql = consultas.get(k)
        print(f"    {k:<78} {n / max(concluidos, 1):5.2f}  {soma / n:7.1f} ms {maximo:7.0f} ms  "
              f"SQL {('/'.join(map(str, sorted(set(sql))))) if sql else '-'}")
    if linhas_do_perfil:
        print("\n".join(linhas_do_perfil))
    if erros:
        print(f"  ERROS ({len(erros)}): " + " | ".join(erros[:5]))
        raise SystemExit(1)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--filho":
        etapa, argumentos_ = sys.argv[2], sys.argv[3:]
        funcao = {"preparar": filho_preparar, "carga": filho_carga, "consultas": filho_consultas,
                  "custo": filho_custo}[etapa]
        print(json.dumps(funcao(*argumentos_)))
        raise SystemExit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pares", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--segundos", type=float, default=40.0)
    parser.add_argument("--segundos-piso", type=float, default=20.0)
    parser.add_argument("--perfil", action="store_true", help="py-spy sample of one gunicorn worker")
    parser.add_argument("--custo", action="store_true",
                        help="only the server's cost per call, in-process (no nginx/gunicorn; see filho_custo)")
    parser.add_argument("--ciclos", type=int, default=20, help="lifecycles measured with --custo")
    principal(parser.parse_args())
