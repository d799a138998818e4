"""``manage.py cliente_tramita``: its options reach the client, it prints each call and the outcome, and any
unexpected answer or bad option ends in an error (exit status 1 from the command line)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.management import CommandError, call_command

from tramites.cliente import Cliente
from tramites.management.commands import cliente_tramita
from tramites.models import Tramite
from tramites.state_machine import Status as S

from .conftest import URL, TransporteDeTeste, gerar


@pytest.fixture
def pelo_django(monkeypatch):
    """The command's clients talk to the views through the test transport (same options, no TLS)."""

    def fabricar(url, certificado, senha, ca, **opcoes):
        pem = x509.load_pem_x509_certificate(Path(certificado).read_bytes()).public_bytes(serialization.Encoding.PEM)
        return Cliente(url, certificado, senha, ca, transporte=TransporteDeTeste(pem.decode()), **opcoes)

    monkeypatch.setattr(cliente_tramita, "Cliente", fabricar)


@pytest.mark.django_db(transaction=True)
def test_the_happy_path_scenario_from_the_command_line(pelo_django, proxy_confiavel, orgao_a, orgao_b, especie,
                                                        tmp_path, monkeypatch):
    pem_a, senha_a = gerar(orgao_a.sistema, tmp_path, "a")
    pem_b, senha_b = gerar(orgao_b.sistema, tmp_path, "b")
    monkeypatch.setenv("TRAMITA_SENHA_DESTINATARIO", senha_b)
    saida = io.StringIO()
    call_command("cliente_tramita", "cenario", "feliz", "--url", URL, "--certificado", pem_a, "--senha", senha_a,
                 "--certificado-destinatario", pem_b, "--senha-destinatario", senha_b,
                 "--remetente", f"{orgao_a.protocolo.repositorio_id}/{orgao_a.protocolo.pk}",
                 "--destinatario", f"{orgao_b.protocolo.repositorio_id}/{orgao_b.protocolo.pk}",
                 "--tamanho", "1000", "--espera", "5", stdout=saida)
    linhas = saida.getvalue().splitlines()
    assert linhas[-1].startswith("OK: cenário feliz concluído: IDT ")
    idt = int(linhas[-1].split("IDT ")[1].split(",")[0])
    assert Tramite.objects.get(pk=idt).status == S.RECIBO_RECEBIDO_REMETENTE
    assert "[remetente] GET healthcheck → 200" in saida.getvalue()
    assert any(linha.startswith(f"[destinatário] POST tramites/{idt}/recibo → 200") for linha in linhas)


@pytest.mark.django_db(transaction=True)
def test_an_unexpected_answer_is_a_command_error(pelo_django, proxy_confiavel, orgao_a, tmp_path):
    pem, senha = gerar(orgao_a.sistema, tmp_path, "a")
    saida = io.StringIO()
    with pytest.raises(CommandError, match="FALHOU: GET tramites/99999/ciencia: esperado HTTP 200, recebido 404"):
        call_command("cliente_tramita", "ciencia", "99999", "--url", URL, "--certificado", pem, "--senha", senha,
                     stdout=saida)
    assert "[sistema] GET tramites/99999/ciencia → 404" in saida.getvalue()


@pytest.mark.parametrize("unidade", ["1", "a/2", "0/5", "1/٣"])
def test_a_malformed_unit_is_refused(unidade):
    with pytest.raises(CommandError, match="unidade inválida"):
        call_command("cliente_tramita", "cenario", "feliz", "--url", URL, "--certificado", "x.pem",
                     "--remetente", unidade, "--destinatario", "1/2")


def test_without_a_password_and_no_terminal_the_command_says_what_to_give(tmp_path, db, orgao_a, monkeypatch):
    pem, _senha = gerar(orgao_a.sistema, tmp_path, "a")
    monkeypatch.delenv("TRAMITA_SENHA", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())
    with pytest.raises(CommandError, match="Informe a senha do certificado"):
        call_command("cliente_tramita", "healthcheck", "--url", "https://127.0.0.1:9", "--certificado", pem)


def test_without_a_url_the_command_says_what_to_give(monkeypatch):
    monkeypatch.delenv("TRAMITA_URL", raising=False)
    with pytest.raises(CommandError, match="Informe o endereço da API"):
        call_command("cliente_tramita", "healthcheck", "--certificado", "x.pem")
