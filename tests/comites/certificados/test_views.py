"""The certificate pages: who may open, generate, upload a CSR and revoke (and the 404s outside scope);
the CA's public files."""

import pytest
from cryptography import x509
from django.urls import reverse

from comites.certificados import services
from comites.certificados.models import Certificado
from portal.models import PerfilAtribuido, RegistroDeAuditoria
from tests.comites.certificados.conftest import fazer_csr
from tests.conftest import ativar_mfa, entrar
from tests.factories.comites import ComiteFactory, GestorFactory, SistemaFactory
from tests.factories.estrutura import OrgaoFactory
from tests.factories.portal import GestorTecnologicoFactory, PerfilAtribuidoFactory, PessoaFactory

pytestmark = pytest.mark.django_db


def _url(nome, sistema, *args):
    return reverse(f"certificados:{nome}", args=[sistema.pk, *args])


def test_gestor_sees_the_certificates_page_with_days_left_and_last_use(ac, sistema, gestor, client_gestor):
    certificado, _ = services.gerar_certificado(sistema, gestor)

    resposta = client_gestor.get(_url("lista", sistema))

    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert certificado.fingerprint_sha256 in html and certificado.common_name in html
    assert f"<td>{certificado.dias_restantes}</td>" in html and "Nunca usado" in html and "Válido" in html


def test_comite_page_links_to_the_certificates_of_its_system(sistema, client_gestor):
    resposta = client_gestor.get(reverse("comites:comite_detalhe", args=[sistema.orgao_responsavel_id]))

    assert _url("lista", sistema) in resposta.content.decode()


def test_generating_shows_password_and_encrypted_pem_once_and_is_not_cached(ac, sistema, client_gestor):
    resposta = client_gestor.post(_url("gerar", sistema))

    assert resposta.status_code == 200
    assert "no-store" in resposta["Cache-Control"]
    html = resposta.content.decode()
    assert "BEGIN ENCRYPTED PRIVATE KEY" in html and 'download="certificado-spe-' in html
    senha = resposta.context["senha"]
    assert senha in html
    certificado = Certificado.objects.get()
    assert senha not in certificado.certificado_pem
    # the list afterwards shows the certificate, never the password or key
    lista = client_gestor.get(_url("lista", sistema)).content.decode()
    assert certificado.fingerprint_sha256 in lista and senha not in lista and "PRIVATE KEY" not in lista


def test_csr_upload_issues_a_certificate(ac, sistema, client_gestor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    resposta = client_gestor.post(_url("csr", sistema), {
        "requisicao": SimpleUploadedFile("req.csr", fazer_csr(), content_type="application/pkcs10"),
    })

    assert resposta.status_code == 302
    assert Certificado.objects.get().origem == Certificado.Origem.CSR


def test_bad_csr_upload_answers_the_page_with_the_message_and_issues_nothing(ac, sistema, client_gestor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    resposta = client_gestor.post(_url("csr", sistema), {
        "requisicao": SimpleUploadedFile("req.csr", fazer_csr(assinatura_quebrada=True)),
    })

    assert resposta.status_code == 400
    assert "A assinatura da requisição (CSR) não confere" in resposta.content.decode()
    assert not Certificado.objects.exists()


def test_revoke_from_the_page_with_reason(ac, sistema, gestor, client_gestor):
    certificado, _ = services.gerar_certificado(sistema, gestor)

    resposta = client_gestor.post(_url("revogar", sistema, certificado.pk),
                                  {"motivo": "superseded", "justificativa": "trocado"})

    assert resposta.status_code == 302
    certificado.refresh_from_db()
    assert certificado.motivo_revogacao == "superseded" and certificado.justificativa_revogacao == "trocado"
    assert "Revogado" in client_gestor.get(_url("lista", sistema)).content.decode()


def test_revoke_without_reason_changes_nothing(ac, sistema, gestor, client_gestor):
    certificado, _ = services.gerar_certificado(sistema, gestor)

    client_gestor.post(_url("revogar", sistema, certificado.pk), {"motivo": ""})

    certificado.refresh_from_db()
    assert certificado.revogado_em is None


def test_gestor_cannot_see_generate_or_revoke_certificates_of_another_orgao(ac, sistema_de_outro, gestor,
                                                                          gestor_de_outro_comite, client_gestor):
    alheio, _ = services.gerar_certificado(sistema_de_outro, gestor_de_outro_comite)

    assert client_gestor.get(_url("lista", sistema_de_outro)).status_code == 404
    assert client_gestor.post(_url("gerar", sistema_de_outro)).status_code == 404
    assert client_gestor.post(_url("csr", sistema_de_outro), {}).status_code == 404
    assert client_gestor.post(_url("revogar", sistema_de_outro, alheio.pk), {"motivo": "superseded"}).status_code == 404
    assert Certificado.objects.count() == 1
    alheio.refresh_from_db()
    assert alheio.revogado_em is None


def test_certificate_of_another_system_cannot_be_revoked_through_own_system_url(ac, sistema, sistema_de_outro, gestor,
                                                                                gestor_de_outro_comite, client_gestor):
    alheio, _ = services.gerar_certificado(sistema_de_outro, gestor_de_outro_comite)

    resposta = client_gestor.post(_url("revogar", sistema, alheio.pk), {"motivo": "superseded"})

    assert resposta.status_code == 404
    alheio.refresh_from_db()
    assert alheio.revogado_em is None


def test_gestor_of_orgao_hosted_by_third_party_may_not_generate(ac, client):
    dataprev = GestorTecnologicoFactory(nome="Dataprev", descricao="Empresa pública", interno=False)
    comite = ComiteFactory(gestor_tecnologico=dataprev)
    sistema = SistemaFactory(orgao_responsavel=comite)
    entrar(client, GestorFactory(comite=comite).pessoa)

    assert client.get(_url("lista", sistema)).status_code == 403
    assert client.post(_url("gerar", sistema)).status_code == 403
    assert not Certificado.objects.exists()


def test_administrador_externo_generates_for_orgaos_it_hosts_only(ac, client, repositorio):
    dataprev = GestorTecnologicoFactory(nome="Dataprev", descricao="Empresa pública", interno=False)
    hospedado = SistemaFactory(orgao_responsavel=ComiteFactory(
        unidade=OrgaoFactory(repositorio=repositorio), gestor_tecnologico=dataprev))
    proprio = SistemaFactory(orgao_responsavel=ComiteFactory(unidade=OrgaoFactory(repositorio=repositorio)))
    externo = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=externo, perfil=PerfilAtribuido.Perfil.ADMIN_EXTERNO, gestor_tecnologico=dataprev,
                           repositorios=[repositorio])
    entrar(client, ativar_mfa(externo))

    assert client.post(_url("gerar", hospedado)).status_code == 200
    assert client.post(_url("gerar", proprio)).status_code == 404
    assert list(Certificado.objects.values_list("sistema_id", flat=True)) == [hospedado.pk]


def test_every_certificate_action_from_the_pages_is_audited(ac, sistema, client_gestor, gestor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client_gestor.post(_url("gerar", sistema))
    client_gestor.post(_url("csr", sistema), {"requisicao": SimpleUploadedFile("r.csr", fazer_csr())})
    client_gestor.post(_url("revogar", sistema, Certificado.objects.first().pk), {"motivo": "superseded"})

    acoes = set(RegistroDeAuditoria.objects.filter(usuario=gestor).values_list("acao", flat=True))
    assert {"certificado.gerado", "certificado.emitido_por_csr", "certificado.revogado"} <= acoes


def test_public_ca_certificate_and_crl_urls_answer_anyone(ac, client):
    pem = client.get(reverse("certificados:ac_certificado"))
    crl = client.get(reverse("certificados:crl"))

    assert pem.status_code == 200 and pem.content.decode() == ac.certificado_pem
    assert crl.status_code == 200 and crl["Content-Type"] == "application/pkix-crl"
    assert x509.load_der_x509_crl(crl.content).issuer == x509.load_pem_x509_certificate(pem.content).subject


def test_ca_files_answer_404_before_the_ca_exists(client, db):
    assert client.get(reverse("certificados:crl")).status_code == 404
    assert client.get(reverse("certificados:ac_certificado")).status_code == 404


def test_last_use_recorded_by_the_api_shows_when_and_from_where(ac, sistema, gestor, client_gestor):
    certificado, _ = services.gerar_certificado(sistema, gestor)

    services.registrar_uso(certificado, "203.0.113.7")

    html = client_gestor.get(_url("lista", sistema)).content.decode()
    assert "de 203.0.113.7" in html and "Nunca usado" not in html
