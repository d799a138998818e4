"""Certificate services: the only writers of the CA, certificates and expiry notices (atomic, audited)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from comites.certificados import ac as x509ac
from comites.certificados.models import AutoridadeCertificadora, AvisoDeExpiracao, Certificado
from comites.services import ErroDeNegocio, gestores_ativos, url_absoluta
from portal.services import auditoria, email

log = logging.getLogger(__name__)

DIAS_PRIMEIRO_AVISO = 60
DIAS_ENTRE_AVISOS = 14
CRL_RENOVAR_APOS = datetime.timedelta(days=1)

ROTULO_AMBIENTE = {"homologacao": "HOMOLOGACAO", "producao": "PRODUCAO"}


# ---------------------------------------------------------------------------------------------------
# The CA


def obter_ac() -> AutoridadeCertificadora | None:
    return AutoridadeCertificadora.objects.filter(ambiente=settings.AMBIENTE).first()


def inicializar_ac() -> tuple[AutoridadeCertificadora, bool]:
    """Creates this ambiente's CA once; returns it and whether it was created now (idempotent)."""
    existente = obter_ac()
    if existente is not None:
        return existente, False
    nome = f"AC Tramita.GOV.BR - {ROTULO_AMBIENTE[settings.AMBIENTE]}"
    certificado_pem, chave_pem = x509ac.criar_ac(nome, settings.AC_CHAVE_MESTRA)
    try:
        with transaction.atomic():
            nova = AutoridadeCertificadora.objects.create(
                ambiente=settings.AMBIENTE, certificado_pem=certificado_pem, chave_cifrada_pem=chave_pem,
            )
            auditoria.registrar("certificado.ac_inicializada", nova, depois={
                "ambiente": nova.ambiente,
                "fingerprint_sha256": x509ac.fingerprint(x509ac.carregar_certificado(certificado_pem)),
            })
    except IntegrityError:  # another process created it first
        return obter_ac(), False
    return nova, True


def _exigir_ac() -> AutoridadeCertificadora:
    autoridade = obter_ac()
    if autoridade is None:
        raise ErroDeNegocio(
            "A autoridade certificadora do portal ainda não foi inicializada "
            "(python manage.py inicializar_ac). Procure a equipe do Tramita.GOV.BR."
        )
    return autoridade


def chave_mestra_confere(autoridade: AutoridadeCertificadora) -> bool:
    """The configured AC_CHAVE_MESTRA opens the stored CA key."""
    try:
        _chave_da_ac(autoridade)
    except (ValueError, TypeError):
        return False
    return True


def _chave_da_ac(autoridade: AutoridadeCertificadora):
    return x509ac.carregar_chave(autoridade.chave_cifrada_pem, settings.AC_CHAVE_MESTRA)


@dataclass(frozen=True)
class AssinanteDoBarramento:
    """What the bus signs its recibos with: the private key and the certificate chain (bus, then CA)."""

    chave: object  # an RSA private key
    certificado_pem: str
    cadeia_pem: str


def assinante_do_barramento() -> AssinanteDoBarramento:
    """The bus's signing key of this ambiente, created (once, atomic, audited) on first use."""
    autoridade = _exigir_ac()
    if not autoridade.barramento_chave_cifrada_pem:
        with transaction.atomic():
            autoridade = AutoridadeCertificadora.objects.select_for_update().get(pk=autoridade.pk)
            if not autoridade.barramento_chave_cifrada_pem:  # another process may have created it meanwhile
                nome = f"Tramita.GOV.BR - Assinatura de recibos - {ROTULO_AMBIENTE[autoridade.ambiente]}"
                certificado_pem, chave_pem = x509ac.criar_chave_do_barramento(
                    autoridade.certificado_pem, _chave_da_ac(autoridade), nome, settings.AC_CHAVE_MESTRA,
                )
                autoridade.barramento_certificado_pem = certificado_pem
                autoridade.barramento_chave_cifrada_pem = chave_pem
                autoridade.save(update_fields=["barramento_certificado_pem", "barramento_chave_cifrada_pem"])
                auditoria.registrar("certificado.chave_do_barramento_gerada", autoridade, depois={
                    "ambiente": autoridade.ambiente,
                    "fingerprint_sha256": x509ac.fingerprint(x509ac.carregar_certificado(certificado_pem)),
                })
    return AssinanteDoBarramento(
        chave=x509ac.carregar_chave(autoridade.barramento_chave_cifrada_pem, settings.AC_CHAVE_MESTRA),
        certificado_pem=autoridade.barramento_certificado_pem,
        cadeia_pem=autoridade.barramento_certificado_pem + autoridade.certificado_pem,
    )


# ---------------------------------------------------------------------------------------------------
# Issuing and revoking


def common_name_para(sistema) -> str:
    """Identifies the SPE (its id and name) and the ambiente; at most 64 characters (RFC 5280)."""
    return f"SPE {sistema.pk} {ROTULO_AMBIENTE[settings.AMBIENTE]} - {sistema.nome}"[:64]


def _exigir_sistema_ativo(sistema) -> None:
    if not sistema.ativo:
        raise ErroDeNegocio("O sistema está inativo: reative-o antes de gerar certificados.")


def _registrar(sistema, certificado_x509, origem: str, por) -> Certificado:
    certificado = Certificado.objects.create(
        sistema=sistema, ambiente=settings.AMBIENTE, origem=origem,
        numero_de_serie=format(certificado_x509.serial_number, "x"),
        common_name=certificado_x509.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value,
        fingerprint_sha256=x509ac.fingerprint(certificado_x509),
        certificado_pem=certificado_x509.public_bytes(serialization.Encoding.PEM).decode(),
        valido_de=certificado_x509.not_valid_before_utc, valido_ate=certificado_x509.not_valid_after_utc,
        gerado_por=por if getattr(por, "is_authenticated", False) else None,
    )
    auditoria.registrar(
        "certificado.gerado" if origem == Certificado.Origem.GERADO else "certificado.emitido_por_csr",
        certificado,
        depois=auditoria.resumo(certificado, [
            "sistema_id", "ambiente", "origem", "numero_de_serie", "common_name", "fingerprint_sha256",
            "valido_de", "valido_ate",
        ]),
    )
    return certificado


def gerar_certificado(sistema, por) -> tuple[Certificado, x509ac.Emissao]:
    """Gerar Certificado: a new key pair and certificate. The PEM (certificate + key encrypted with the
    returned password) goes to the caller once; only the certificate is stored."""
    _exigir_sistema_ativo(sistema)
    autoridade = _exigir_ac()
    emissao = x509ac.emitir_com_chave_nova(
        autoridade.certificado_pem, _chave_da_ac(autoridade), common_name_para(sistema),
        str(sistema.orgao_responsavel.unidade)[:64],
    )
    with transaction.atomic():
        certificado = _registrar(sistema, emissao.certificado, Certificado.Origem.GERADO, por)
    return certificado, emissao


def emitir_por_csr(sistema, dados: bytes, por) -> Certificado:
    """Signs the órgão's own CSR (its private key never reaches the portal). The subject is the portal's:
    the CSR only provides the public key."""
    _exigir_sistema_ativo(sistema)
    autoridade = _exigir_ac()
    try:
        csr = x509ac.ler_csr(dados)
    except x509ac.RequisicaoInvalida as erro:
        raise ErroDeNegocio(str(erro)) from None
    certificado_x509 = x509ac.emitir(
        autoridade.certificado_pem, _chave_da_ac(autoridade), csr.public_key(), common_name_para(sistema),
        str(sistema.orgao_responsavel.unidade)[:64],
    )
    with transaction.atomic():
        return _registrar(sistema, certificado_x509, Certificado.Origem.CSR, por)


def revogar(certificado: Certificado, por, motivo: str, justificativa: str = "") -> Certificado:
    if motivo not in Certificado.Motivo.values:
        raise ErroDeNegocio("Escolha o motivo da revogação.")
    justificativa = (justificativa or "").strip()
    if len(justificativa) > 1000:
        raise ErroDeNegocio("A justificativa deve ter no máximo 1000 caracteres.")
    with transaction.atomic():
        certificado = Certificado.objects.select_for_update().get(pk=certificado.pk)
        if certificado.revogado_em:
            raise ErroDeNegocio("Este certificado já está revogado.")
        certificado.revogado_em = timezone.now()
        certificado.motivo_revogacao = motivo
        certificado.justificativa_revogacao = justificativa
        certificado.revogado_por = por if getattr(por, "is_authenticated", False) else None
        certificado.save(update_fields=[
            "revogado_em", "motivo_revogacao", "justificativa_revogacao", "revogado_por",
        ])
        auditoria.registrar(
            "certificado.revogado", certificado, antes={"revogado_em": None},
            depois={"revogado_em": certificado.revogado_em, "motivo": motivo,
                    "fingerprint_sha256": certificado.fingerprint_sha256},
            detalhes=justificativa,
        )
        autoridade = obter_ac()
        if autoridade is not None:
            transaction.on_commit(lambda: _renovar_crl(autoridade.pk))
    return certificado


def registrar_uso(certificado: Certificado, endereco: str | None, quando: datetime.datetime | None = None) -> None:
    """Records when and from which client address a certificate was presented to the API."""
    registrar_uso_por_id(certificado.pk, endereco, quando)


def registrar_uso_por_id(certificado_id: int, endereco: str | None, quando: datetime.datetime | None = None) -> None:
    """The last use (telemetry, not audited), called by the API authentication at most once a minute per
    certificate and address. When the address differs from the last one seen less than 24 h before, the
    certificate is marked as used from two addresses (two installations sharing it steal each other's
    pendências, spec §14) and the órgão's gestores are e-mailed, at most once a day per certificate."""
    quando = quando or timezone.now()
    endereco = endereco or None
    with transaction.atomic():
        atual = (Certificado.objects.select_for_update().filter(pk=certificado_id)
                 .values("ultimo_uso_em", "ultimo_uso_endereco", "uso_compartilhado_avisado_em").first())
        if atual is None:
            return
        campos = {"ultimo_uso_em": quando, "ultimo_uso_endereco": endereco}
        anterior, anterior_em = atual["ultimo_uso_endereco"], atual["ultimo_uso_em"]
        compartilhado = False
        if endereco and anterior and anterior != endereco:
            campos.update(uso_anterior_endereco=anterior, uso_anterior_em=anterior_em)
            if anterior_em is not None and quando - anterior_em <= JANELA_DE_USO_COMPARTILHADO:
                compartilhado = True
                campos["uso_compartilhado_em"] = quando
        avisado = atual["uso_compartilhado_avisado_em"]
        avisar = compartilhado and (avisado is None or quando - avisado >= INTERVALO_ENTRE_AVISOS_DE_COMPARTILHAMENTO)
        if avisar:
            campos["uso_compartilhado_avisado_em"] = quando
        Certificado.objects.filter(pk=certificado_id).update(**campos)
        if avisar:
            _avisar_uso_compartilhado(Certificado.objects.select_related("sistema__orgao_responsavel__unidade")
                                      .get(pk=certificado_id))


JANELA_DE_USO_COMPARTILHADO = datetime.timedelta(hours=24)
INTERVALO_ENTRE_AVISOS_DE_COMPARTILHAMENTO = datetime.timedelta(hours=24)


def _quando(momento) -> str:
    return timezone.localtime(momento).strftime("%d/%m/%Y %H:%M") if momento else "—"


def _avisar_uso_compartilhado(certificado: Certificado) -> None:
    """Audit record and e-mail to the gestores of the SPE's órgão (after the transaction commits)."""
    comite = certificado.sistema.orgao_responsavel
    destinatarios = sorted({
        g.pessoa.email_unidade or g.pessoa.email for g in gestores_ativos(comite).select_related("pessoa")
    } - {""})
    enderecos = [certificado.uso_anterior_endereco, certificado.ultimo_uso_endereco]
    auditoria.registrar("certificado.uso_compartilhado", certificado, depois={
        "enderecos": enderecos, "uso_anterior_em": certificado.uso_anterior_em,
        "ultimo_uso_em": certificado.ultimo_uso_em, "destinatarios": destinatarios,
    })
    email.enviar("certificado_compartilhado", destinatarios, {
        "sistema": certificado.sistema.nome, "orgao": str(comite.unidade),
        "common_name": certificado.common_name, "fingerprint": certificado.fingerprint_sha256,
        "endereco_anterior": certificado.uso_anterior_endereco, "quando_anterior": _quando(certificado.uso_anterior_em),
        "endereco": certificado.ultimo_uso_endereco, "quando": _quando(certificado.ultimo_uso_em),
        "link": url_absoluta(reverse("certificados:lista", args=[certificado.sistema_id])),
    })


# ---------------------------------------------------------------------------------------------------
# CRL


def _renovar_crl(autoridade_pk: int, *, se_emitida_antes: datetime.datetime | None = None) -> bytes:
    with transaction.atomic():
        autoridade = AutoridadeCertificadora.objects.select_for_update().get(pk=autoridade_pk)
        if se_emitida_antes is not None and autoridade.crl_emitida_em and autoridade.crl_emitida_em > se_emitida_antes:
            return bytes(autoridade.crl_der)  # another request renewed it meanwhile
        revogados = Certificado.objects.filter(ambiente=autoridade.ambiente, revogado_em__isnull=False)
        lista = [(int(c.numero_de_serie, 16), c.revogado_em, c.motivo_revogacao or "unspecified")
                 for c in revogados.order_by("revogado_em")]
        autoridade.numero_da_crl += 1
        autoridade.crl_der = x509ac.gerar_crl(
            autoridade.certificado_pem, _chave_da_ac(autoridade), lista, autoridade.numero_da_crl,
        )
        autoridade.crl_emitida_em = timezone.now()
        autoridade.save(update_fields=["numero_da_crl", "crl_der", "crl_emitida_em"])
        return bytes(autoridade.crl_der)


def crl_atual() -> bytes | None:
    """The CA's CRL (DER); re-signed when older than a day (it is valid for a week). None without a CA."""
    autoridade = obter_ac()
    if autoridade is None:
        return None
    limite = timezone.now() - CRL_RENOVAR_APOS
    if autoridade.crl_der and autoridade.crl_emitida_em and autoridade.crl_emitida_em > limite:
        return bytes(autoridade.crl_der)
    return _renovar_crl(autoridade.pk, se_emitida_antes=limite)


# ---------------------------------------------------------------------------------------------------
# Expiry notices


def certificados_atuais(sistema):
    return Certificado.objects.filter(sistema=sistema, ambiente=settings.AMBIENTE)


def _substituido(certificado: Certificado, agora) -> bool:
    """A newer, usable certificate of the same SPE and ambiente exists."""
    return Certificado.objects.filter(
        sistema_id=certificado.sistema_id, ambiente=certificado.ambiente, revogado_em__isnull=True,
        valido_ate__gt=max(agora, certificado.valido_ate),
    ).exists()


def _precisa_de_aviso(certificado: Certificado, agora) -> bool:
    ultimo = certificado.avisos.order_by("-enviado_em").values_list("enviado_em", flat=True).first()
    return ultimo is None or agora - ultimo >= datetime.timedelta(days=DIAS_ENTRE_AVISOS)


def avisar_expiracoes(agora: datetime.datetime | None = None) -> int:
    """E-mails the gestores of each SPE's órgão about its certificates: from 60 days before expiry, then
    every 14 days, and after expiry until a newer certificate replaces it. Returns how many were sent."""
    agora = agora or timezone.now()
    candidatos = Certificado.objects.filter(
        ambiente=settings.AMBIENTE, revogado_em__isnull=True,
        valido_ate__lte=agora + datetime.timedelta(days=DIAS_PRIMEIRO_AVISO),
        sistema__ativo=True,
    ).select_related("sistema__orgao_responsavel__unidade")
    enviados = 0
    for certificado in candidatos:
        if _substituido(certificado, agora) or not _precisa_de_aviso(certificado, agora):
            continue
        comite = certificado.sistema.orgao_responsavel
        destinatarios = sorted({
            g.pessoa.email_unidade or g.pessoa.email for g in gestores_ativos(comite).select_related("pessoa")
        } - {""})
        if not destinatarios:
            continue
        dias = (certificado.valido_ate - agora).days
        with transaction.atomic():
            aviso = AvisoDeExpiracao.objects.create(
                certificado=certificado, enviado_em=agora, dias_restantes=dias,
                destinatarios=", ".join(destinatarios),
            )
            auditoria.registrar("certificado.aviso_de_expiracao", certificado, depois={
                "dias_restantes": dias, "destinatarios": destinatarios, "aviso_id": aviso.pk,
            })
            email.enviar("certificado_expiracao", destinatarios, {
                "sistema": certificado.sistema.nome, "orgao": str(comite.unidade),
                "common_name": certificado.common_name, "fingerprint": certificado.fingerprint_sha256,
                "valido_ate": timezone.localtime(certificado.valido_ate).strftime("%d/%m/%Y"),
                "dias_restantes": dias,
                "situacao": "expirado" if dias < 0 else f"expira em {dias} dia(s)",
                "link": url_absoluta(reverse("certificados:lista", args=[certificado.sistema_id])),
            }, apos_commit=False)  # inside the transaction: a failed send records nothing, retried next run
        enviados += 1
    return enviados
