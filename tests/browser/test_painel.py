"""Issue #12 in a real browser: a gestor of the sending órgão signs in (password + TOTP), filters the Painel,
reads the chart and its numbers with and without JavaScript, opens a trâmite, reads its diagnosis with the
destination's contacts, cancels it with a reason and sees it cancelled everywhere; an anonymous visitor
looks a NUP up; the header's "Alertas (N)" leads a gestor to the stuck trâmites. axe-core runs on each page
as in ``test_telas``."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_solicitacao_acesso import _codigo_totp
from tests.browser.test_telas import _axe, abrir, fonte_axe  # noqa: F401 (fixtures)
from tests.conftest import ativar_mfa
from tests.factories.comites import GestorFactory
from tests.factories.portal import SENHA_PADRAO, PessoaFactory
from tests.factories.tramites import enviar, levar_a, orgao
from tramites import state_machine as sm
from tramites.models import Tramite
from tramites.nup import formatar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUP = formatar("230370014622021")  # 23037.001462/2021-65, the spec's worked example
NUP_DV_ERRADO = "23037.001462/2021-66"
PARADO = sm.Status.COMPONENTES_ENVIADOS_REMETENTE  # 2: the destination must act
CANCELADO = sm.Status.CANCELADO


@pytest.fixture
def cenario(live_server, settings):
    settings.SITE_URL = live_server.url
    a, b = orgao("ORGA"), orgao("ORGB")
    gestora = ativar_mfa(GestorFactory(comite=a.comite, pessoa=PessoaFactory(nome="Gabriela Gestora")).pessoa)
    contato = GestorFactory(comite=b.comite, pessoa=PessoaFactory(
        nome="Bruno do Destino", email="bruno@gmail.com", email_unidade="bruno@orgb.gov.br",
        telefone="(61) 2020-3030")).pessoa
    parado = levar_a(enviar(a, b, protocolo=NUP, descricao="Aquisição de material de consumo"),
                     PARADO, a, b)
    concluido = levar_a(enviar(a, b), sm.Status.RECIBO_RECEBIDO_REMETENTE, a, b)
    return {"a": a, "b": b, "gestora": gestora, "contato": contato, "parado": parado, "concluido": concluido}


def _entrar_com_totp(pagina, url, pessoa):
    pagina.goto(url("/contas/login/"))
    pagina.fill("input[name=login]", pessoa.email)
    pagina.fill("input[name=password]", SENHA_PADRAO)
    pagina.click("form button[type=submit]")
    pagina.wait_for_url(re.compile(r".*/contas/2fa/authenticate/.*"))
    pagina.fill("input[name=code]", _codigo_totp(pessoa))
    pagina.click("form button[type=submit]")
    pagina.wait_for_url(url("/principal/"))


def test_gestor_filters_the_painel_opens_the_detail_and_cancels(abrir, url, fonte_axe, cenario):  # noqa: F811
    parado = cenario["parado"]
    pagina = abrir()
    _entrar_com_totp(pagina, url, cenario["gestora"])

    # 1. The Painel lists both trâmites of the órgão; filtering by situação and by NUP narrows it to one.
    pagina.goto(url("/painel/"))
    linhas = pagina.locator("table.portal-tabela-painel tbody tr")
    expect(linhas).to_have_count(2)
    assert _axe(pagina, fonte_axe) == []
    pagina.locator("input[name=situacao][value='2']").check()
    pagina.fill("input[name=nup]", NUP.replace(".", "").replace("/", "").replace("-", ""))  # no punctuation
    pagina.get_by_role("button", name="Gerar Painel de Controle").click()
    pagina.wait_for_url("**situacao=2**")
    expect(linhas).to_have_count(1)
    expect(linhas.first.locator("td").first).to_have_text(str(parado.idt))  # not the concluded one
    expect(linhas.first).to_contain_text(PARADO.rotulo_com_numero)
    filtro = pagina.url
    assert _axe(pagina, fonte_axe) == []

    # 2. The same filtered Painel without JavaScript: the SVG chart and its numbers table are there.
    sem_js = abrir(js=False)
    sem_js.context.add_cookies(pagina.context.cookies())
    sem_js.goto(filtro)
    grafico = sem_js.locator("svg.portal-grafico")
    expect(grafico).to_be_visible()
    assert grafico.bounding_box()["height"] > 20
    assert PARADO.rotulo_com_numero in grafico.text_content()
    numeros = sem_js.get_by_role("table", name="Quantidade de trâmites por situação")
    expect(numeros).to_be_visible()
    linha_do_status = numeros.locator("tbody tr", has_text=PARADO.label)
    expect(linha_do_status.locator("td").first).to_have_text("1")
    expect(linha_do_status.locator("td").nth(1)).to_contain_text("100")
    expect(numeros.locator("tfoot td").first).to_have_text("1")
    expect(sem_js.get_by_role("link", name="Quantidade")).to_be_visible()  # switching the chart's mode
    sem_js.get_by_role("link", name="Quantidade").click()
    expect(sem_js.get_by_role("img", name="Trâmites por situação (por quantidade)")).to_have_count(1)

    # 3. From the table to the detail: Informações, Situações, and the diagnosis with whom to call.
    linhas.first.get_by_role("link", name=str(parado.idt), exact=True).click()
    pagina.wait_for_url(url(f"/painel/tramites/{parado.idt}/"))
    expect(pagina.get_by_role("heading", name=f"Detalhes do IDT {parado.idt}")).to_be_visible()
    informacoes = pagina.locator("section#informacoes")
    expect(informacoes.get_by_role("heading", name="Informações")).to_be_visible()
    expect(informacoes).to_contain_text("Aquisição de material de consumo")
    expect(informacoes).to_contain_text(NUP)
    situacoes = pagina.locator("section#situacoes")
    expect(situacoes.locator("tbody tr")).to_have_count(2)  # 1 then 2
    diagnostico = pagina.locator("section[aria-labelledby=diagnostico-titulo]")
    expect(diagnostico).to_contain_text("Quem deve agir")
    expect(diagnostico).to_contain_text("Órgão ORGB")
    contato = diagnostico.locator("tbody tr", has_text="Bruno do Destino")
    expect(contato.get_by_role("link", name="bruno@orgb.gov.br")).to_have_attribute("href", "mailto:bruno@orgb.gov.br")
    expect(contato).to_contain_text("(61) 2020-3030")
    pagina.get_by_role("navigation", name="Seções do trâmite").get_by_role("link", name="Situações").click()
    assert pagina.url.endswith("#situacoes")
    assert _axe(pagina, fonte_axe) == []

    # 4. Cancel with a reason: first an empty reason is refused, then the cancel goes through.
    pagina.get_by_role("link", name="Cancelar trâmite").click()
    pagina.wait_for_url(url(f"/painel/tramites/{parado.idt}/cancelar/"))
    expect(pagina.locator("[role=note]")).to_contain_text("pendências")
    assert _axe(pagina, fonte_axe) == []
    pagina.get_by_label("Motivo do cancelamento").fill("   ")
    pagina.get_by_role("button", name="Confirmar cancelamento").click()
    expect(pagina.get_by_text("Informe o motivo do cancelamento.").first).to_be_visible()
    assert Tramite.objects.get(pk=parado.pk).status == PARADO
    assert [e for e in pagina.erros if "400 (Bad Request)" not in e] == []  # the refused form answers 400
    pagina.erros.clear()
    pagina.get_by_label("Motivo do cancelamento").fill("Destinatário errado: enviar ao ORGC.")
    pagina.get_by_role("button", name="Confirmar cancelamento").click()
    pagina.wait_for_url(url(f"/painel/tramites/{parado.idt}/"))
    expect(pagina.get_by_text(re.compile(r"Trâmite \d+ cancelado .*pendências"))).to_be_visible()
    expect(pagina.get_by_text(re.compile("^Situação atual:"))).to_contain_text(f"{CANCELADO.value} {CANCELADO.label}")
    expect(pagina.get_by_role("link", name="Cancelar trâmite")).to_have_count(0)
    expect(pagina.locator("section#situacoes tbody tr", has_text="Destinatário errado")).to_have_count(1)
    expect(pagina.locator("section[aria-labelledby=diagnostico-titulo]")).to_have_count(0)  # nobody must act
    assert Tramite.objects.get(pk=parado.pk).status == CANCELADO

    # 5. Back on the Painel (same NUP, any situação) the trâmite is cancelled and has no cancel button.
    pagina.goto(url(f"/painel/?nup={NUP}"))
    expect(linhas).to_have_count(1)
    expect(linhas.first).to_contain_text(CANCELADO.rotulo_com_numero)
    expect(linhas.first.get_by_role("link", name=re.compile("Cancelar"))).to_have_count(0)
    assert pagina.erros == [] and sem_js.erros == []


def test_receiving_gestor_sees_no_cancel_and_is_refused_the_cancel_page(abrir, url, cenario):  # noqa: F811
    destino = abrir(cenario["contato"])
    destino.goto(url(f"/painel/tramites/{cenario['parado'].idt}/"))
    expect(destino.get_by_role("heading", name=f"Detalhes do IDT {cenario['parado'].idt}")).to_be_visible()
    expect(destino.get_by_role("link", name="Cancelar trâmite")).to_have_count(0)
    resposta = destino.goto(url(f"/painel/tramites/{cenario['parado'].idt}/cancelar/"))
    assert resposta.status == 403


@pytest.mark.parametrize("js", [True, False], ids=["com-js", "sem-js"])
def test_anonymous_nup_lookup_lists_the_trajectory_and_explains_a_wrong_check_digit(
        abrir, url, fonte_axe, cenario, js):  # noqa: F811
    pagina = abrir(js=js)
    pagina.goto(url("/"))
    pagina.goto(url("/consulta/nup/"))
    campo = pagina.get_by_label("NUP do processo")
    campo.fill("23037001462202165")
    campo.press("Enter")
    pagina.wait_for_url("**nup=**")
    tabela = pagina.get_by_role("table", name=f"Trâmites do processo {NUP} no Tramita.GOV.BR")
    expect(tabela.locator("tbody tr")).to_have_count(1)
    expect(tabela).to_contain_text(str(cenario["parado"].idt))
    expect(tabela).to_contain_text(PARADO.rotulo_com_numero)
    expect(tabela.get_by_role("link", name=re.compile("Gestores de protocolo do órgão"))).to_have_count(1)
    assert "Aquisição de material de consumo" not in pagina.content()  # never the content
    if js:
        assert _axe(pagina, fonte_axe) == []

    pagina.get_by_label("NUP do processo").fill(NUP_DV_ERRADO)
    pagina.get_by_role("button", name="Consultar").click()
    pagina.wait_for_load_state()
    erro = pagina.locator("#f-nup-erro")
    expect(erro).to_be_visible()
    expect(erro).to_contain_text("dígito")
    expect(pagina.get_by_label("NUP do processo")).to_have_attribute("aria-invalid", "true")
    expect(pagina.locator("table")).to_have_count(0)
    if js:
        assert _axe(pagina, fonte_axe) == []
    assert pagina.erros == []


def test_alertas_link_takes_a_gestor_to_the_stuck_trames(abrir, url, fonte_axe, cenario):  # noqa: F811
    Tramite.objects.filter(pk=cenario["parado"].pk).update(status_desde=timezone.now() - timedelta(days=20))
    pagina = abrir(cenario["gestora"])
    pagina.goto(url("/principal/"))
    alertas = pagina.locator("#alertas")
    expect(alertas.locator("summary")).to_have_text("Alertas (1)")
    alertas.locator("summary").click()
    link = alertas.get_by_role("link", name=re.compile(r"Trâmites parados há mais de \d+ dias: 1"))
    expect(link).to_be_visible()
    assert _axe(pagina, fonte_axe) == []
    link.click()
    pagina.wait_for_url("**parados=**")
    linhas = pagina.locator("table.portal-tabela-painel tbody tr")
    expect(linhas).to_have_count(1)
    expect(linhas.first).to_contain_text(str(cenario["parado"].idt))
    assert pagina.erros == []


def test_administrator_sees_every_orgao_on_the_painel_and_may_cancel(abrir, url, cenario, admin):  # noqa: F811
    pagina = abrir()
    _entrar_com_totp(pagina, url, admin)
    pagina.goto(url("/painel/"))
    linhas = pagina.locator("table.portal-tabela-painel tbody tr")
    expect(linhas).to_have_count(2)
    expect(linhas.filter(has_text=str(cenario["parado"].idt)).get_by_role("link", name="Cancelar")).to_have_count(1)


def test_narrow_screen_keeps_header_alertas_in_view_and_the_chart_readable(abrir, url, cenario):  # noqa: F811
    Tramite.objects.filter(pk=cenario["parado"].pk).update(status_desde=timezone.now() - timedelta(days=20))
    pagina = abrir(cenario["gestora"])
    pagina.set_viewport_size({"width": 390, "height": 800})
    pagina.goto(url("/painel/"))
    for seletor in (".header-logo", "#alertas summary", "#minha-conta summary"):
        caixa = pagina.locator(seletor).bounding_box()
        assert caixa and caixa["x"] >= 0 and caixa["x"] + caixa["width"] <= 390, seletor
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 390
    pagina.locator("#alertas summary").click()
    lista = pagina.locator("#alertas .portal-conta-lista").bounding_box()
    assert lista["x"] >= 0 and lista["x"] + lista["width"] <= 390
    # The SVG keeps a width at which its 13 px labels stay legible; its figure scrolls and takes the focus.
    assert pagina.locator("svg.portal-grafico").bounding_box()["width"] >= 500
    figura = pagina.locator("figure:has(svg.portal-grafico)")
    figura.focus()
    assert pagina.evaluate("document.activeElement.tagName") == "FIGURE"
    assert pagina.erros == []
