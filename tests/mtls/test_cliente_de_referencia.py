"""The reference client (``manage.py cliente_tramita``) against the live stack: real nginx with mutual TLS in
front of gunicorn, uvicorn serving the long poll behind nginx's pendências locations, a real Celery worker
(hash check 1→2, auto-cancel) and Redis. Each scenario runs as an integrator would run it, as a separate
process with the PEMs "Gerar Certificado" handed out and their passwords; it must end at its status."""

from __future__ import annotations

import re
import subprocess
import sys
import threading

import pytest

pytestmark = pytest.mark.mtls
LINHA_DE_CHAMADA = re.compile(r"^\[(remetente|destinatário|sistema)\] (GET|POST|PUT|DELETE) \S+ → (\d{3}) \((\d+) ms\)")
LIMITE = 150  # seconds a client run may take


def _env(mtls) -> dict:
    certificados = mtls.manifesto["certificados"]
    return {**mtls.env, "TRAMITA_URL": f"https://127.0.0.1:{mtls.api}/", "TRAMITA_CA": mtls.manifesto["servidor"],
            "TRAMITA_SENHA": certificados["remetente"]["senha"],
            "TRAMITA_SENHA_DESTINATARIO": certificados["destinatario"]["senha"]}


def _unidade(mtls, lado: str) -> str:
    return "/".join(str(n) for n in mtls.manifesto["unidades"][lado])


def _cenario(mtls, nome: str, *extra: str) -> list[str]:
    certificados = mtls.manifesto["certificados"]
    return ["cenario", nome, "--certificado", certificados["remetente"]["pem"],
            "--certificado-destinatario", certificados["destinatario"]["pem"],
            "--remetente", _unidade(mtls, "remetente"), "--destinatario", _unidade(mtls, "destinatario"),
            "--tamanho-da-parte", "40000", "--espera", "60", *extra]


def _rodar(mtls, argumentos: list[str], ao_ler=None, senha: str | None = None) -> tuple[int, list[str]]:
    """Runs ``manage.py cliente_tramita`` and returns (exit status, output lines); ``ao_ler(linha, linhas)`` sees
    each line as it comes."""
    env = _env(mtls)
    if senha is not None:
        env["TRAMITA_SENHA"] = senha
    processo = subprocess.Popen([sys.executable, "manage.py", "cliente_tramita", *argumentos], cwd=mtls.raiz,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    relogio = threading.Timer(LIMITE, processo.kill)
    relogio.start()
    linhas: list[str] = []
    try:
        for linha in processo.stdout:
            linhas.append(linha.rstrip("\n"))
            if ao_ler is not None:
                ao_ler(linhas[-1], linhas)
        processo.wait()
    finally:
        relogio.cancel()
    return processo.returncode, linhas


def _registros(mtls) -> str:
    """The tails of the worker's and the long poll's logs (for a failure's message)."""
    partes = []
    for nome in ("worker.log", "long-poll.log", "gunicorn.log"):
        arquivo = mtls.pasta / nome
        texto = arquivo.read_text(errors="replace") if arquivo.exists() else "(ausente)"
        partes.append(f"--- {nome}\n{texto[-2500:]}")
    return "\n".join(partes)


def _concluido(rc: int, linhas: list[str], cenario: str, status: int, mtls=None) -> None:
    saida = "\n".join(linhas) + ("\n" + _registros(mtls) if mtls is not None and rc != 0 else "")
    assert rc == 0, saida
    assert linhas[-1].startswith(f"OK: cenário {cenario} concluído") and f"situação {status} (" in linhas[-1], saida
    chamadas = [linha for linha in linhas if LINHA_DE_CHAMADA.match(linha)]
    assert chamadas, saida
    assert all(linha.startswith("==") or LINHA_DE_CHAMADA.match(linha) for linha in linhas[:-1]), saida


def test_happy_path_of_a_process_reaches_6(mtls):
    rc, linhas = _rodar(mtls, _cenario(mtls, "feliz"))
    _concluido(rc, linhas, "feliz", 6, mtls)
    caminhos = [LINHA_DE_CHAMADA.match(linha).group(0) for linha in linhas if LINHA_DE_CHAMADA.match(linha)]
    assert any("componentes-a-enviar/partes/40000-80000 → 200" in c for c in caminhos)
    assert any("componentes-digitais/partes/80000-" in c for c in caminhos)


def test_happy_path_of_a_documento_avulso_with_the_long_poll_at_the_pendencias_host_root(mtls):
    rc, linhas = _rodar(mtls, _cenario(mtls, "feliz", "--avulso", "--url-pendencias", f"https://127.0.0.1:{mtls.api}/"))
    _concluido(rc, linhas, "feliz", 6, mtls)


def test_refusal_reaches_9(mtls):
    rc, linhas = _rodar(mtls, _cenario(mtls, "recusa"))
    _concluido(rc, linhas, "recusa", 9, mtls)


def test_cancel_reaches_7_and_the_receiver_is_refused(mtls):
    rc, linhas = _rodar(mtls, _cenario(mtls, "cancelamento"))
    _concluido(rc, linhas, "cancelamento", 7, mtls)
    recusa = re.compile(r"^\[destinatário\] GET tramites/\d+ → 409 \(\d+ ms\) 0065: ")
    assert any(recusa.match(linha) for linha in linhas), linhas


def test_reproduction_of_a_completed_process_reaches_6_again(mtls):
    rc, linhas = _rodar(mtls, _cenario(mtls, "reproducao"))
    _concluido(rc, linhas, "reproducao", 6, mtls)


def test_auto_cancel_with_the_deadline_shortened_reaches_10_and_wakes_the_sender_s_long_poll(mtls):
    """Once the client waits (and has listed its pendências), the server side shortens the deadline and runs
    the auto-cancel task on the worker; the cancellation must reach the sender through the long poll."""
    disparado = []

    def ao_ler(linha, linhas):
        esperando = any(a.startswith("== aguardando o cancelamento automático") for a in linhas)
        if esperando and not disparado and linha.startswith("[remetente] GET tramites/pendentes"):
            prazo = subprocess.run([sys.executable, "-m", "tests.mtls.prazo"], cwd=mtls.raiz, env=mtls.env,
                                   capture_output=True, text=True)
            assert prazo.returncode == 0, prazo.stderr
            disparado.append(prazo.stdout)

    rc, linhas = _rodar(mtls, _cenario(mtls, "autocancelamento", "--url-pendencias",
                                       f"https://127.0.0.1:{mtls.api}/interoperabilidade/rest/v3/pendencias/"),
                        ao_ler)
    _concluido(rc, linhas, "autocancelamento", 10, mtls)
    assert disparado
    idt = re.search(r"IDT (\d+)", linhas[-1]).group(1)
    assert any(re.match(rf"^\[remetente\] GET pendencias/\S* → 200 .*IDT={idt} status=10$", linha)
               for linha in linhas), "\n".join(linhas)


def test_the_operations_by_hand_take_a_process_from_files_to_6(mtls, tmp_path):
    """An integrator's manual run: enviar-processo with a file, the receiver's long poll (GET pendencias behind
    nginx, answered by uvicorn when the worker has checked the hash), receber, recibo, obter-recibo."""
    certificados = mtls.manifesto["certificados"]
    remetente = ["--certificado", certificados["remetente"]["pem"]]
    destinatario = ["--certificado", certificados["destinatario"]["pem"]]
    arquivo = tmp_path / "oficio.pdf"
    arquivo.write_bytes(b"%PDF-1.4 oficio " * 5000)

    rc, linhas = _rodar(mtls, ["enviar-processo", str(arquivo), *remetente, "--remetente", _unidade(mtls, "remetente"),
                               "--destinatario", _unidade(mtls, "destinatario"), "--tamanho-da-parte", "30000"])
    assert rc == 0, "\n".join(linhas)
    idt = re.search(r'"IDT": (\d+)', "\n".join(linhas)).group(1)

    senha_b = certificados["destinatario"]["senha"]
    for _ in range(3):  # other pendências of this system may come first
        rc, linhas = _rodar(mtls, ["aguardar", *destinatario], senha=senha_b)
        assert rc == 0 and any(linha.startswith("[sistema] GET pendencias → 200") for linha in linhas), linhas
        if f'"IDT": {idt},' in "\n".join(linhas):
            break
    else:
        pytest.fail(f"o long poll não entregou o trâmite {idt}")

    rc, linhas = _rodar(mtls, ["receber", idt, *destinatario, "--pasta", str(tmp_path / "recebidos"),
                               "--tamanho-da-parte", "30000"], senha=senha_b)
    assert rc == 0, "\n".join(linhas)
    assert (tmp_path / "recebidos" / "oficio.pdf").read_bytes() == arquivo.read_bytes()
    rc, linhas = _rodar(mtls, ["recibo", idt, *destinatario], senha=senha_b)
    assert rc == 0, "\n".join(linhas)
    rc, linhas = _rodar(mtls, ["obter-recibo", idt, *remetente])
    assert rc == 0, "\n".join(linhas)
    rc, linhas = _rodar(mtls, ["consultar", "--idt", idt, *remetente])
    assert rc == 0 and '"situacaoAtual": 6' in "\n".join(linhas), linhas


def test_an_unexpected_answer_makes_the_client_exit_non_zero(mtls):
    certificados = mtls.manifesto["certificados"]
    rc, linhas = _rodar(mtls, ["ciencia", "999999999", "--certificado", certificados["remetente"]["pem"]])
    assert rc != 0 and any(linha.startswith("[sistema] GET tramites/999999999/ciencia → 404") for linha in linhas)
