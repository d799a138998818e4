"""The whole access journey in a real browser.

An anonymous requester finds the órgão in SIORG, fills the form and uploads PDFs → an administrator
(password + TOTP) approves it in the queue → the requester gets the e-mail with the set-password link,
chooses a password, signs in and sees the new comitê.
"""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core import mail
from playwright.sync_api import expect

from comites.models import SolicitacaoDeAcesso
from tests.factories.comites import PDF_MINIMO
from tests.factories.estrutura import OrgaoFactory, RepositorioSiorgFactory, UnidadeFactory
from tests.factories.portal import SENHA_PADRAO, GestorTecnologicoFactory, SistemaDeGovernoFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _codigo_totp(pessoa) -> str:
    if 30 - time.time() % 30 < 3:  # don't hand in a code that expires before the server checks it
        time.sleep(3)
    autenticador = Authenticator.objects.get(user=pessoa, type=Authenticator.Type.TOTP)
    segredo = decrypt(autenticador.data["secret"])
    return format_hotp_value(hotp_value(segredo, int(time.time()) // 30))


@pytest.fixture
def cenario(settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path / "privado"
    settings.SITE_URL = live_server.url
    siorg = RepositorioSiorgFactory()
    raiz = UnidadeFactory(repositorio=siorg, nome="Poder Executivo", sigla="PE")
    orgao = OrgaoFactory(repositorio=siorg, parent=raiz, nome="Ministério da Gestão e da Inovação", sigla="MGI")
    UnidadeFactory(repositorio=siorg, parent=orgao, nome="Secretaria de Gestão", sigla="SEGES")
    documento = tmp_path / "portaria.pdf"
    documento.write_bytes(PDF_MINIMO)
    identidade = tmp_path / "rg.pdf"
    identidade.write_bytes(PDF_MINIMO)
    return {"orgao": orgao, "gestor_tecnologico": GestorTecnologicoFactory(), "sistema": SistemaDeGovernoFactory(),
            "documento": documento, "identidade": identidade}


def test_request_approval_and_first_login(pagina, navegador, url, login, admin, cenario):
    orgao = cenario["orgao"]

    # 1. The requester, not logged in, goes from the home page to the form and finds the órgão.
    pagina.goto(url("/"))
    pagina.locator(".portal-cartao").get_by_role("link", name="Solicitar Acesso ao Tramita.GOV.BR").click()
    pagina.get_by_label("Sim").check(force=True)
    pagina.get_by_role("button", name="Continuar").click()
    pagina.fill("#busca", "gestao")
    pagina.get_by_role("button", name="Buscar").click()
    pagina.check(f"#orgao_{orgao.pk}")
    pagina.check("input[type=radio][name=ambiente][value=homologacao]")
    pagina.select_option("#id_gestor_tecnologico", str(cenario["gestor_tecnologico"].pk))
    pagina.select_option("#id_sistema_de_governo", str(cenario["sistema"].pk))
    pagina.fill("#id_nome", "Maria da Silva")
    pagina.fill("#id_cpf", "529.982.247-25")
    pagina.fill("#id_email", "maria@orgao.gov.br")
    pagina.fill("#id_email_confirmacao", "maria@orgao.gov.br")
    pagina.fill("#id_email_unidade", "protocolo@orgao.gov.br")
    pagina.fill("#id_email_unidade_confirmacao", "protocolo@orgao.gov.br")
    pagina.fill("#id_telefone", "(61) 3333-4444")
    pagina.fill("#id_celular", "(61) 99999-8888")
    pagina.set_input_files("#id_documento_comprobatorio", str(cenario["documento"]))
    pagina.set_input_files("#id_documento_identificacao", str(cenario["identidade"]))
    expect(pagina.locator("#id_website")).not_to_be_in_viewport()  # the honeypot stays out of sight
    pagina.get_by_role("button", name="Solicitar", exact=True).click()

    pagina.wait_for_url(re.compile(r".*/solicitar-acesso/acompanhar/.+/$"))
    solicitacao = SolicitacaoDeAcesso.objects.get()
    assert solicitacao.protocolo in pagina.content()
    assert "Pendente" in pagina.content()
    recebida = next(m for m in mail.outbox if m.to == ["maria@orgao.gov.br"])
    assert url(f"/solicitar-acesso/acompanhar/{solicitacao.token}/") in recebida.body

    # 2. The administrator signs in (password, then the TOTP code) and approves it in the queue.
    contexto_admin = navegador.new_context(locale="pt-BR", timezone_id="America/Sao_Paulo")
    contexto_admin.set_default_timeout(15_000)
    adm = contexto_admin.new_page()
    adm.goto(url("/contas/login/"))
    adm.fill("input[name=login]", admin.email)
    adm.fill("input[name=password]", SENHA_PADRAO)
    adm.click("form button[type=submit]")
    adm.wait_for_url(re.compile(r".*/contas/2fa/authenticate/.*"))
    adm.fill("input[name=code]", _codigo_totp(admin))
    adm.click("form button[type=submit]")
    adm.wait_for_url(url("/principal/"))
    adm.goto(url("/acesso/solicitacoes/"))
    linha = adm.locator("tr", has_text=solicitacao.protocolo)
    linha.get_by_role("link", name="Editar").click()
    assert "529.982.247-25" in adm.content()  # administrators see the full CPF
    adm.check("input[name=decisao][value=valida]")
    adm.get_by_role("button", name="Salvar").click()
    adm.wait_for_load_state()
    assert "Solicitação aprovada" in adm.content()
    contexto_admin.close()

    # 3. The requester receives the set-password link, chooses a password and signs in.
    aprovado = next(m for m in mail.outbox if m.to == ["maria@orgao.gov.br"] and "password/reset/key" in m.body)
    link = re.search(r"(http://\S+/contas/password/reset/key/\S+/)", aprovado.body).group(1)
    pagina.goto(link)
    pagina.fill("input[name=password1]", "Minha-Senha-Nova-2026")
    pagina.fill("input[name=password2]", "Minha-Senha-Nova-2026")
    pagina.click("form:has(input[name=password1]) button[type=submit]")
    pagina.wait_for_load_state()

    gestora = solicitacao.__class__.objects.get(pk=solicitacao.pk).pessoa
    login(gestora, "Minha-Senha-Nova-2026")
    pagina.wait_for_url(url("/principal/"))
    pagina.goto(url("/comites/"))
    assert "Ministério da Gestão e da Inovação - MGI" in pagina.content()
    pagina.locator("table").get_by_role("link", name="Gestores", exact=True).click()
    pagina.wait_for_url(re.compile(r".*/comites/\d+/gestores/$"))
    assert "Maria da Silva" in pagina.content()
    assert "529.982.247-25" in pagina.content()  # her own CPF, shown to her in full


def test_without_javascript_search_and_errors_keep_typed_data_and_chosen_files(navegador, url, cenario):
    contexto = navegador.new_context(locale="pt-BR", java_script_enabled=False, viewport={"width": 1366, "height": 900})
    pagina = contexto.new_page()
    orgao = cenario["orgao"]
    pagina.goto(url("/solicitar-acesso/"))
    assert pagina.locator("#id_cpf").count() == 0  # step 1 asks only Sim/Não
    pagina.locator("label[for=resposta_sim]").click()
    pagina.get_by_role("button", name="Continuar").click()
    assert pagina.locator("#id_orgao_cnpj").count() == 0  # the Não block is not shown
    pagina.fill("#id_nome", "Maria da Silva")
    pagina.fill("#id_cpf", "529.982.247-25")
    pagina.set_input_files("#id_documento_comprobatorio", str(cenario["documento"]))
    pagina.fill("#busca", "gestao")
    pagina.press("#busca", "Enter")  # Enter in the search box searches
    pagina.wait_for_load_state()
    expect(pagina.locator("#id_nome")).to_have_value("Maria da Silva")
    expect(pagina.locator("#id_cpf")).to_have_value("529.982.247-25")
    expect(pagina.get_by_text("Arquivo recebido: portaria.pdf")).to_be_visible()
    pagina.locator(f"label[for=orgao_{orgao.pk}]").click()
    pagina.press("#id_nome", "Enter")  # Enter anywhere else sends the request
    pagina.wait_for_load_state()
    expect(pagina.locator("#resumo-erros")).to_be_visible()
    expect(pagina.locator(f"#orgao_{orgao.pk}")).to_be_checked()
    expect(pagina.locator("#id_nome")).to_have_value("Maria da Silva")
    expect(pagina.get_by_text("Arquivo recebido: portaria.pdf")).to_be_visible()
    assert SolicitacaoDeAcesso.objects.count() == 0
    contexto.close()
