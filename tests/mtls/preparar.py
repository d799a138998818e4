"""Data of the real-nginx check (bin/mtls-check): run as ``python -m tests.mtls.preparar FOLDER`` on a
throwaway database. Writes the files nginx and the client need, and ``manifesto.json`` describing them:

* the portal's CA and its CRL (``manage.py exportar_ac``), a server certificate for 127.0.0.1;
* client certificates (PEM with the key): ``bom`` (valid), ``revogado`` (revoked before the CRL was
  exported: nginx refuses it), ``revogado_depois`` (revoked after: nginx's CRL is stale, the application
  refuses it), ``expirado`` (this CA, validity in the past) and ``estranho`` (another CA);
* for the reference client (``manage.py cliente_tramita``): two órgãos of one repository, each with its system
  and a protocol unit that sends and receives through it, and each system's certificate as "Gerar Certificado"
  hands it out (``remetente``, ``destinatario``: PEM with the encrypted key, and its password).
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import sys
from pathlib import Path

import django


def _chave_e_pem(chave) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return chave.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption())


def _certificado_do_servidor(pasta: Path) -> None:
    """Self-signed, for 127.0.0.1 and localhost: the client trusts exactly this certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    chave = ec.generate_private_key(ec.SECP256R1())
    nome = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    agora = datetime.datetime.now(datetime.UTC)
    certificado = (
        x509.CertificateBuilder().subject_name(nome).issuer_name(nome).public_key(chave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(agora - datetime.timedelta(minutes=5)).not_valid_after(agora + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost"),
        ]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)  # its own trust anchor
        .sign(chave, hashes.SHA256())
    )
    (pasta / "servidor.pem").write_bytes(certificado.public_bytes(serialization.Encoding.PEM))
    (pasta / "servidor.key").write_bytes(_chave_e_pem(chave))
    os.chmod(pasta / "servidor.key", 0o600)


def preparar(pasta: Path) -> dict:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from django.core.management import call_command

    from comites.certificados import ac as x509ac
    from comites.certificados import services
    from tests.factories.certificados import emitir_com_validade
    from tests.factories.comites import ComiteFactory, SistemaFactory
    from tests.factories.estrutura import OrgaoFactory, RepositorioSiorgFactory, UnidadeFactory

    services.inicializar_ac()
    orgao = OrgaoFactory(repositorio=RepositorioSiorgFactory(), nome="Ministério da Verificação", sigla="MVER")
    unidade = UnidadeFactory(parent=orgao, nome="Protocolo Central", sigla="PROT")
    sistema = SistemaFactory(orgao_responsavel=ComiteFactory(unidade=orgao), nome="MVER - SEI")

    arquivos = {}

    def gerado(nome: str):
        certificado, emissao = services.gerar_certificado(sistema, None)
        (pasta / f"{nome}.pem").write_bytes(emissao.pem_para_entregar)
        arquivos[nome] = {"pem": str(pasta / f"{nome}.pem"), "senha": emissao.senha, "id": certificado.pk}
        return certificado

    gerado("bom")
    services.revogar(gerado("revogado"), None, "key_compromise")
    revogado_depois = gerado("revogado_depois")

    agora = x509ac.agora()
    certificado, pem = emitir_com_validade(sistema, agora - datetime.timedelta(days=30),
                                           agora - datetime.timedelta(days=1))
    from tests.factories.certificados import _chave

    (pasta / "expirado.pem").write_bytes(pem.encode() + _chave_e_pem(_chave()))
    arquivos["expirado"] = {"pem": str(pasta / "expirado.pem"), "senha": None, "id": certificado.pk}

    ac_pem, chave_pem = x509ac.criar_ac("AC Tramita.GOV.BR - HOMOLOGACAO", "senha")  # same name, other key
    chave = ec.generate_private_key(ec.SECP256R1())
    estranho = x509ac.emitir(ac_pem, x509ac.carregar_chave(chave_pem, "senha"), chave.public_key(),
                             services.common_name_para(sistema), "Ministério da Verificação")
    (pasta / "estranho.pem").write_bytes(estranho.public_bytes(serialization.Encoding.PEM) + _chave_e_pem(chave))
    arquivos["estranho"] = {"pem": str(pasta / "estranho.pem"), "senha": None, "id": None}

    from tests.factories.estrutura import RepositorioFactory
    from tests.factories.tramites import orgao as orgao_com_sistema

    repositorio = RepositorioFactory(nome="Repositório do cliente de referência")
    lados = {"remetente": orgao_com_sistema("MREM", repositorio),
             "destinatario": orgao_com_sistema("MDES", repositorio)}
    for nome, lado in lados.items():
        certificado, emissao = services.gerar_certificado(lado.sistema, None)
        (pasta / f"{nome}.pem").write_bytes(emissao.pem_para_entregar)
        arquivos[nome] = {"pem": str(pasta / f"{nome}.pem"), "senha": emissao.senha, "id": certificado.pk}
    unidades = {nome: [lado.protocolo.repositorio_id, lado.protocolo.pk] for nome, lado in lados.items()}

    call_command("exportar_ac", str(pasta))  # nginx's CA file and CRL, as of now
    services.revogar(revogado_depois, None, "superseded")  # after the export: nginx's CRL does not list it
    _certificado_do_servidor(pasta)
    assert x509.load_pem_x509_crl((pasta / "ac-tramita-crl.pem").read_bytes()) is not None
    return {"certificados": arquivos, "sistema": sistema.pk, "repositorio": orgao.repositorio_id,
            "unidade": unidade.pk, "servidor": str(pasta / "servidor.pem"), "unidades": unidades}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from portal.context import atuando_como

    destino = Path(sys.argv[1])
    with atuando_como(origem="comando"):
        manifesto = preparar(destino)
    (destino / "manifesto.json").write_text(json.dumps(manifesto, indent=2))
    print(f"mtls: dados preparados em {destino}")
