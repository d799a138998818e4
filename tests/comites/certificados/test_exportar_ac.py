"""manage.py exportar_ac: the CA certificate and CRL (PEM) for nginx, written only when missing or changed."""

import pytest
from cryptography import x509
from django.core.management import CommandError, call_command

from comites.certificados import ac as x509ac
from comites.certificados import services
from tests.factories.certificados import emitir

pytestmark = pytest.mark.django_db


def test_writes_the_ca_and_a_crl_listing_the_revoked_serials(ac, sistema, gestor, tmp_path, capsys):
    certificado, _ = emitir(sistema)
    services.revogar(certificado, gestor, "key_compromise")
    services.crl_atual()  # as the on-commit renewal would have left it

    call_command("exportar_ac", str(tmp_path))

    assert (tmp_path / "ac-tramita.pem").read_text() == ac.certificado_pem
    crl = x509.load_pem_x509_crl((tmp_path / "ac-tramita-crl.pem").read_bytes())
    assert crl.get_revoked_certificate_by_serial_number(int(certificado.numero_de_serie, 16)) is not None
    assert crl.is_signature_valid(x509ac.carregar_certificado(ac.certificado_pem).public_key())
    assert "ac-tramita.pem, ac-tramita-crl.pem" in capsys.readouterr().out


def test_nothing_is_rewritten_when_nothing_changed_and_the_exit_code_says_when_something_did(ac, tmp_path, capsys):
    with pytest.raises(SystemExit) as saida:
        call_command("exportar_ac", str(tmp_path), "--codigo-se-mudou", "3")
    assert saida.value.code == 3
    antes = (tmp_path / "ac-tramita-crl.pem").stat().st_mtime_ns

    call_command("exportar_ac", str(tmp_path), "--codigo-se-mudou", "3")  # no SystemExit: nothing changed

    assert "Nada mudou" in capsys.readouterr().out
    assert (tmp_path / "ac-tramita-crl.pem").stat().st_mtime_ns == antes


def test_refuses_a_missing_folder_or_an_uninitialised_ca(db, tmp_path):
    with pytest.raises(CommandError, match="não foi inicializada"):
        call_command("exportar_ac", str(tmp_path))
    services.inicializar_ac()
    with pytest.raises(CommandError, match="não existe"):
        call_command("exportar_ac", str(tmp_path / "nao-existe"))
