"""Upload of one 200 MB component in 50 MB parts through the API on gunicorn (issue 10).

A throwaway PostgreSQL database, one gunicorn worker on 127.0.0.1:PORTA that trusts 127.0.0.1 as its TLS
proxy; the sender's certificate travels in the proxy's header. Steps:

1. floor: ``cp`` of the same file (same disk, same run);
2. the four ``PUT …/partes/{inicio}-{fim}`` (multipart ``conteudo``, streamed from disk by the client) and the
   termination call: wall time → MB/s, and the web worker's peak RSS (``VmHWM``);
3. the verification task (run in a fresh process: assemble + SHA-256 + 1→2): wall time.

    .venv/bin/python bench/componente_envio_bench.py [--mb 200] [--parte-mb 50] [--porta 8150]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _comum import CABECALHO_CERTIFICADO, PROXY, RAIZ, django, pg, rodar  # noqa: E402

MB = 1024 * 1024


def _preparar(arquivo: str) -> dict:
    """Child: two órgãos, the sender's certificate, a trâmite asking for the component."""
    django()
    from urllib.parse import quote

    from comites.certificados import services as certificados
    from portal.context import atuando_como
    from portal.permissions import SistemaAutenticado
    from tests.factories.hipoteses import EspecieDocumentalFactory
    from tests.factories.tramites import orgao
    from tramites.nup import normalizar_nup
    from tramites.services import envio

    soma = hashlib.sha256()
    with open(arquivo, "rb") as f:
        while bloco := f.read(MB):
            soma.update(bloco)
    hash_ = base64.b64encode(soma.digest()).decode()
    tamanho = os.path.getsize(arquivo)
    with atuando_como(origem="comando"):
        a, b = orgao("BENCHA"), orgao("BENCHB")
        EspecieDocumentalFactory(codigo=777)
        certificados.inicializar_ac()
        certificado, _ = certificados.gerar_certificado(a.sistema, None)
        principal = SistemaAutenticado(nome=a.sistema.nome, comite_ids=frozenset({a.comite.pk}), pk=a.sistema.pk)
        protocolo = normalizar_nup("99999.000001/2026-DV")
        est = lambda u: {"identificacaoDoRepositorioDeEstruturas": u.repositorio_id,  # noqa: E731
                         "numeroDeIdentificacaoDaEstrutura": u.pk}
        data = "2026-01-01T10:00:00-03:00"
        dados = {"cabecalho": {"remetente": est(a.protocolo), "destinatario": est(b.protocolo)},
                 "processo": {"protocolo": protocolo, "nivelDeSigilo": 1, "descricao": "bench",
                              "documentos": [{"ordem": 1, "descricao": "grande", "nivelDeSigilo": 1,
                                              "especie": {"codigo": 777, "nomeNoProdutor": "Anexo"},
                                              "componentesDigitais": [{
                                                  "ordem": 1, "nome": "grande.pdf",
                                                  "hash": {"algoritmo": "SHA256", "conteudo": hash_},
                                                  "tamanhoEmBytes": tamanho, "mimeType": "application/pdf",
                                                  "tipoDeConteudo": "txt"}]}],
                              "dataHoraDeProducao": data, "dataHoraDeRegistro": data}}
        resposta = envio.enviar_processo(principal, dados)
    return {"ticket": resposta["ticketParaEnvioDeComponentesDigitais"], "protocolo": protocolo, "hash": hash_,
            "idt": resposta["IDT"], "certificado": quote(certificado.certificado_pem, safe=""),
            "sistema": {"pk": principal.pk, "nome": principal.nome, "comite_ids": sorted(principal.comite_ids)}}


def _verificar(ticket: str, hash_: str, sistema: str) -> dict:
    django()
    from tramites.models import Tramite
    from tramites.tarefas.componentes import verificar_componentes

    inicio = time.perf_counter()
    verificar_componentes.run(ticket, hash_, json.loads(sistema))
    segundos = time.perf_counter() - inicio
    idt = Tramite.objects.filter(ticket=ticket).values_list("idt", "status").first()
    return {"segundos": segundos, "status": idt[1]}


def _pid_do_worker(mestre: int) -> int:
    for _ in range(100):
        filhos = Path(f"/proc/{mestre}/task/{mestre}/children").read_text().split()
        if filhos:
            return int(filhos[0])
        time.sleep(0.1)
    raise SystemExit("gunicorn worker não encontrado")


def _vmhwm_mb(pid: int) -> float:
    for linha in Path(f"/proc/{pid}/status").read_text().splitlines():
        if linha.startswith("VmHWM:"):
            return int(linha.split()[1]) / 1024
    return 0.0


def _put_parte(porta, caminho, certificado, arquivo, inicio, fim, hash_, protocolo) -> int:
    fronteira = "----bench-fronteira"
    cabeca = (f'--{fronteira}\r\nContent-Disposition: form-data; name="conteudo"; filename="arquivo_externo.html"\r\n'
              "Content-Type: application/octet-stream\r\n\r\n").encode()
    cauda = (f'\r\n--{fronteira}\r\nContent-Disposition: form-data; name="hashDoComponenteDigital"\r\n\r\n{hash_}'
             f'\r\n--{fronteira}\r\nContent-Disposition: form-data; name="protocolo"\r\n\r\n{protocolo}'
             f"\r\n--{fronteira}--\r\n").encode()
    conexao = http.client.HTTPConnection("127.0.0.1", porta, timeout=600)
    conexao.putrequest("PUT", f"{caminho}/partes/{inicio}-{fim}")
    conexao.putheader("Content-Type", f"multipart/form-data; boundary={fronteira}")
    conexao.putheader("Content-Length", str(len(cabeca) + (fim - inicio) + len(cauda)))
    conexao.putheader(CABECALHO_CERTIFICADO, certificado)
    conexao.putheader("Accept", "*/*")
    conexao.endheaders()
    conexao.send(cabeca)
    with open(arquivo, "rb") as f:
        f.seek(inicio)
        falta = fim - inicio
        while falta:
            bloco = f.read(min(MB, falta))
            conexao.send(bloco)
            falta -= len(bloco)
    conexao.send(cauda)
    resposta = conexao.getresponse()
    corpo = resposta.read()
    if resposta.status != 200:
        raise SystemExit(f"PUT {inicio}-{fim}: {resposta.status} {corpo[:300]!r}")
    return resposta.status


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--filho":
        etapa, *resto = sys.argv[2:]
        resultado = _preparar(*resto) if etapa == "preparar" else _verificar(*resto)
        print(json.dumps(resultado))
        return
    args = argparse.ArgumentParser()
    args.add_argument("--mb", type=int, default=200)
    args.add_argument("--parte-mb", type=int, default=50)
    args.add_argument("--porta", type=int, default=int(os.environ.get("BENCH_PORTA", 8150)))
    opcoes, _outros = args.parse_known_args()  # run_all passes its own options (--banco …): PostgreSQL always
    temp = Path(tempfile.mkdtemp(prefix="bench-envio-"))
    url = f"postgres://postgres@127.0.0.1:5432/envio_bench_{os.getpid()}"
    ambiente = {**os.environ, "DJANGO_ENV": "development", "DEBUG": "false", "DATABASE_URL": url,
                "PORTAL_VAR_DIR": str(temp / "var"), "TRUSTED_PROXIES": PROXY, "CELERY_TASK_ALWAYS_EAGER": "false"}
    (temp / "var").mkdir()
    arquivo = temp / "componente.bin"
    with open(arquivo, "wb") as f:
        for _ in range(opcoes.mb):
            f.write(os.urandom(MB))
    pg(url, "CREATE DATABASE")
    servidor = None
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=ambiente, cwd=RAIZ,
                       check=True)
        dados = rodar(__file__, ambiente, "preparar", str(arquivo))
        inicio = time.perf_counter()
        shutil.copyfile(arquivo, temp / "copia.bin")
        subprocess.run(["sync"], check=False)
        piso = time.perf_counter() - inicio
        (temp / "copia.bin").unlink()
        servidor = subprocess.Popen([str(RAIZ / ".venv/bin/gunicorn"), "portal.wsgi", "-w", "1", "-b",
                                     f"127.0.0.1:{opcoes.porta}", "--timeout", "600", "--log-level", "warning"],
                                    env=ambiente, cwd=RAIZ)
        for _ in range(100):
            try:
                c = http.client.HTTPConnection("127.0.0.1", opcoes.porta, timeout=2)
                c.request("GET", "/interoperabilidade/rest/v3/healthcheck")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        worker = _pid_do_worker(servidor.pid)
        antes = _vmhwm_mb(worker)
        caminho = (f"/interoperabilidade/rest/v3/tickets-de-envio-de-componente/{dados['ticket']}"
                   "/protocolos/componentes-a-enviar")
        tamanho, parte = opcoes.mb * MB, opcoes.parte_mb * MB
        inicio = time.perf_counter()
        for desde in range(0, tamanho, parte):
            _put_parte(opcoes.porta, caminho, dados["certificado"], arquivo, desde, min(desde + parte, tamanho),
                       dados["hash"], dados["protocolo"])
        conexao = http.client.HTTPConnection("127.0.0.1", opcoes.porta, timeout=600)
        conexao.request("POST", caminho + "/partes/sinalizacao-termino-envio",
                        json.dumps({"hashDoComponenteDigital": dados["hash"], "protocolo": dados["protocolo"]}),
                        {"Content-Type": "application/json", CABECALHO_CERTIFICADO: dados["certificado"]})
        termino = conexao.getresponse()
        termino.read()
        upload = time.perf_counter() - inicio
        pico = _vmhwm_mb(worker)
        verificacao = rodar(__file__, ambiente, "verificar", dados["ticket"], dados["hash"],
                            json.dumps(dados["sistema"]))
        print(f"componente: {opcoes.mb} MB em partes de {opcoes.parte_mb} MB; término: HTTP {termino.status}")
        print(f"piso  cp do mesmo arquivo:         {piso:6.2f} s  {opcoes.mb / piso:7.1f} MB/s")
        print(f"envio 4 PUT + término (gunicorn):  {upload:6.2f} s  {opcoes.mb / upload:7.1f} MB/s  (meta ≥ 100 MB/s)")
        print(f"pico de RSS do worker web:         {pico:6.1f} MB (ocioso {antes:.1f} MB; meta ≤ 150 MB)")
        print(f"verificação (tarefa, processo novo): {verificacao['segundos']:6.2f} s; situação final "
              f"{verificacao['status']}")
    finally:
        if servidor is not None:
            servidor.terminate()
            servidor.wait(timeout=30)
        pg(url, "DROP DATABASE IF EXISTS")
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
