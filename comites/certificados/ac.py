"""Pure X.509 work of the portal's certificate authority (``cryptography``); no database access here.

The CA key is EC P-384; issued client keys are RSA 2048 (what the SEI module and PHP's openssl expect).
The bus's own signing key (recibos de envio) is RSA 2048 too, certified by the CA for signatures only.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALIDADE_DA_AC = datetime.timedelta(days=365 * 30)
VALIDADE_DO_CERTIFICADO = datetime.timedelta(days=3652)  # 10 years (spec §6.3, FAQ 8.3)
VALIDADE_DA_CRL = datetime.timedelta(days=7)
TAMANHO_RSA = 2048
CURVAS_ACEITAS = (ec.SECP256R1, ec.SECP384R1)


class RequisicaoInvalida(ValueError):
    """A CSR that cannot be used; the message is pt-BR, for the person who uploaded it."""


@dataclass(frozen=True)
class Emissao:
    certificado: x509.Certificate
    pem_para_entregar: bytes  # certificate + encrypted PKCS#8 key; handed over once, never stored
    senha: str


def agora() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def criar_ac(nome: str, senha_mestra: str) -> tuple[str, str]:
    """A new self-signed CA: (certificate PEM, private key PEM encrypted with ``senha_mestra``)."""
    chave = ec.generate_private_key(ec.SECP384R1())
    sujeito = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "BR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Tramita.GOV.BR"),
        x509.NameAttribute(NameOID.COMMON_NAME, nome),
    ])
    inicio = agora() - datetime.timedelta(minutes=5)
    publica = chave.public_key()
    certificado = (
        x509.CertificateBuilder()
        .subject_name(sujeito).issuer_name(sujeito).public_key(publica)
        .serial_number(x509.random_serial_number())
        .not_valid_before(inicio).not_valid_after(inicio + VALIDADE_DA_AC)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(publica), critical=False)
        .sign(chave, hashes.SHA384())
    )
    return (
        certificado.public_bytes(serialization.Encoding.PEM).decode(),
        cifrar_chave(chave, senha_mestra).decode(),
    )


def cifrar_chave(chave, senha: str) -> bytes:
    return chave.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(senha.encode()),
    )


def carregar_chave(pem_cifrado: str, senha_mestra: str):
    return serialization.load_pem_private_key(pem_cifrado.encode(), password=senha_mestra.encode())


def carregar_certificado(dados: bytes | str) -> x509.Certificate:
    """A certificate from PEM or DER; ``ValueError`` when it is neither."""
    if isinstance(dados, str):
        dados = dados.encode()
    if dados.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(dados.strip())
    return x509.load_der_x509_certificate(dados)  # binary: never strip (a DER may end in a 0x20 byte)


def fingerprint(certificado: x509.Certificate) -> str:
    """SHA-256 fingerprint as colon-separated upper-case hex (the portal's display and lookup key)."""
    return certificado.fingerprint(hashes.SHA256()).hex(":").upper()


def _validar_chave_publica(publica) -> None:
    if isinstance(publica, rsa.RSAPublicKey):
        if publica.key_size < TAMANHO_RSA:
            raise RequisicaoInvalida(f"A chave RSA da requisição tem {publica.key_size} bits; o mínimo é 2048.")
        return
    if isinstance(publica, ec.EllipticCurvePublicKey):
        if not isinstance(publica.curve, CURVAS_ACEITAS):
            raise RequisicaoInvalida("A curva elíptica da requisição não é aceita: use P-256 ou P-384.")
        return
    raise RequisicaoInvalida("O tipo de chave da requisição não é aceito: use RSA (2048 bits ou mais) ou EC P-256.")


def ler_csr(dados: bytes) -> x509.CertificateSigningRequest:
    """A PEM or DER CSR whose self-signature checks and whose key is acceptable."""
    try:
        if dados.lstrip().startswith(b"-----BEGIN"):
            csr = x509.load_pem_x509_csr(dados.strip())
        else:
            csr = x509.load_der_x509_csr(dados)  # binary: never strip
    except ValueError:
        raise RequisicaoInvalida("O arquivo enviado não é uma requisição de certificado (CSR) em PEM ou DER.") from None
    try:
        valida = csr.is_signature_valid
    except (ValueError, InvalidSignature):
        valida = False
    if not valida:
        raise RequisicaoInvalida("A assinatura da requisição (CSR) não confere com a sua chave pública.")
    _validar_chave_publica(csr.public_key())
    return csr


def emitir(ac_pem: str, ac_chave, publica, common_name: str, organizacao: str) -> x509.Certificate:
    """A client certificate (clientAuth, 10 years) for ``publica``, signed by the CA."""
    _validar_chave_publica(publica)
    ac = carregar_certificado(ac_pem)
    inicio = agora() - datetime.timedelta(minutes=5)
    sujeito = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "BR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organizacao[:64] or "Tramita.GOV.BR"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    return (
        x509.CertificateBuilder()
        .subject_name(sujeito).issuer_name(ac.subject).public_key(publica)
        .serial_number(x509.random_serial_number())
        .not_valid_before(inicio).not_valid_after(inicio + VALIDADE_DO_CERTIFICADO)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=isinstance(publica, rsa.RSAPublicKey),
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(publica), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ac.public_key()), critical=False)
        .sign(ac_chave, hashes.SHA384())
    )


def emitir_com_chave_nova(ac_pem: str, ac_chave, common_name: str, organizacao: str) -> Emissao:
    """A new RSA key and its certificate; the key leaves only encrypted with a generated password."""
    chave = rsa.generate_private_key(public_exponent=65537, key_size=TAMANHO_RSA)
    certificado = emitir(ac_pem, ac_chave, chave.public_key(), common_name, organizacao)
    senha = secrets.token_urlsafe(18)
    pem = certificado.public_bytes(serialization.Encoding.PEM) + cifrar_chave(chave, senha)
    return Emissao(certificado=certificado, pem_para_entregar=pem, senha=senha)


def criar_chave_do_barramento(ac_pem: str, ac_chave, nome: str, senha_mestra: str) -> tuple[str, str]:
    """The bus's signing key and its certificate, issued by the CA for digital signatures only (no
    clientAuth: it cannot log in to the API). Returns (certificate PEM, key PEM encrypted with
    ``senha_mestra``), stored like the CA's own key."""
    chave = rsa.generate_private_key(public_exponent=65537, key_size=TAMANHO_RSA)
    publica = chave.public_key()
    ac = carregar_certificado(ac_pem)
    inicio = agora() - datetime.timedelta(minutes=5)
    sujeito = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "BR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Tramita.GOV.BR"),
        x509.NameAttribute(NameOID.COMMON_NAME, nome),
    ])
    certificado = (
        x509.CertificateBuilder()
        .subject_name(sujeito).issuer_name(ac.subject).public_key(publica)
        .serial_number(x509.random_serial_number())
        .not_valid_before(inicio).not_valid_after(inicio + VALIDADE_DO_CERTIFICADO)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(publica), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ac.public_key()), critical=False)
        .sign(ac_chave, hashes.SHA384())
    )
    return certificado.public_bytes(serialization.Encoding.PEM).decode(), cifrar_chave(chave, senha_mestra).decode()


def gerar_crl(ac_pem: str, ac_chave, revogados: list[tuple[int, datetime.datetime, str]], numero: int) -> bytes:
    """The CRL (DER) listing ``(serial, revoked at, x509.ReasonFlags name)``."""
    ac = carregar_certificado(ac_pem)
    momento = agora()
    construtor = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ac.subject).last_update(momento).next_update(momento + VALIDADE_DA_CRL)
        .add_extension(x509.CRLNumber(numero), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ac.public_key()), critical=False)
    )
    for serial, quando, motivo in revogados:
        entrada = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(quando)
        entrada = entrada.add_extension(x509.CRLReason(x509.ReasonFlags[motivo]), critical=False)
        construtor = construtor.add_revoked_certificate(entrada.build())
    return construtor.sign(ac_chave, hashes.SHA384()).public_bytes(serialization.Encoding.DER)


def emitido_pela_ac(certificado: x509.Certificate, ac_pem: str) -> bool:
    """The certificate's issuer is the CA and the CA's signature on it checks."""
    try:
        certificado.verify_directly_issued_by(carregar_certificado(ac_pem))
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True
