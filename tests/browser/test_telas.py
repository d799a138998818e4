"""Screens in a real browser: no script error on the main pages, the DS menu with and without JavaScript,
the focused error summary, and axe-core (node_modules/axe-core, a test-only npm dependency: never served)
reporting no serious or critical violation on the main pages."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
GRAVES = {"serious", "critical"}


@pytest.fixture
def fonte_axe():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install` (npm ci installs the devDependency axe-core).")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def abrir(navegador, url, live_server):
    """Opens pages in a 1366 px context (optionally signed in as ``pessoa``) collecting script errors.

    CSP is bypassed only so axe can be injected; the portal's own pages never need it.
    """
    contextos = []

    def _abrir(pessoa=None, *, js=True):
        contexto = navegador.new_context(locale="pt-BR", timezone_id="America/Sao_Paulo", bypass_csp=True,
                                         java_script_enabled=js, viewport={"width": 1366, "height": 900})
        contexto.set_default_timeout(15_000)
        contextos.append(contexto)
        if pessoa is not None:
            cliente = Client()
            cliente.force_login(pessoa, backend="django.contrib.auth.backends.ModelBackend")
            cookie = cliente.cookies[settings.SESSION_COOKIE_NAME]
            contexto.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        pagina = contexto.new_page()
        pagina.erros = []
        pagina.on("pageerror", lambda erro: pagina.erros.append(f"{pagina.url}: {erro}"))
        pagina.on("console", lambda msg: pagina.erros.append(f"{pagina.url}: {msg.text}")
                  if msg.type == "error" else None)
        return pagina

    yield _abrir
    for contexto in contextos:
        contexto.close()


def _axe(pagina, fonte_axe):
    pagina.add_script_tag(content=fonte_axe)
    resultado = pagina.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in resultado["violations"] if v["impact"] in GRAVES
    ]


def _axe_regra(pagina, fonte_axe, regra):
    """Violations of one axe rule only (whatever its impact)."""
    pagina.add_script_tag(content=fonte_axe)
    resultado = pagina.evaluate(
        "async regra => await axe.run(document, {runOnly: {type: 'rule', values: [regra]},"
        " resultTypes: ['violations']})", regra)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in resultado["violations"]]


def tabela_rola_pelo_teclado(pagina, fonte_axe):
    """At the page's (narrow) width the table's wrapper scrolls sideways; it is a named region that takes
    the keyboard focus and scrolls with the arrow keys; axe's scrollable-region-focusable finds nothing."""
    regiao = pagina.locator("div.portal-tabela").first
    assert regiao.get_attribute("role") == "region" and regiao.get_attribute("tabindex") == "0"
    assert (regiao.get_attribute("aria-label") or "").startswith("Tabela")
    assert regiao.evaluate("e => e.scrollWidth > e.clientWidth"), "the table should overflow at this width"
    largura = pagina.viewport_size["width"]
    assert pagina.evaluate("document.documentElement.scrollWidth") <= largura  # the table scrolls, not the page
    regiao.focus()
    assert regiao.evaluate("e => document.activeElement === e")
    for _ in range(3):
        pagina.keyboard.press("ArrowRight")
    pagina.wait_for_function("e => e.scrollLeft > 0", arg=regiao.element_handle())
    assert _axe_regra(pagina, fonte_axe, "scrollable-region-focusable") == []


PUBLICAS = ["/", "/solicitar-acesso/", "/consultar-unidades/?nome=Minist", "/gestores/", "/orgaos/",
            "/catalogos/", "/catalogos/hipoteses-legais/", "/situacao-do-servico/", "/contas/login/"]


def test_public_pages_run_without_script_errors(abrir, url, comite):
    pagina = abrir()
    for caminho in PUBLICAS:
        pagina.goto(url(caminho))
        pagina.wait_for_load_state("networkidle")
    assert pagina.erros == []


def test_signed_in_pages_run_without_script_errors(abrir, url, gestor, comite):
    pagina = abrir(gestor)
    for caminho in ["/principal/", "/comites/", "/auditoria/", "/meus-dados/", "/painel/",
                    f"/estrutura/orgaos/{comite.unidade_id}/hierarquia/"]:
        pagina.goto(url(caminho))
        pagina.wait_for_load_state("networkidle")
    assert pagina.erros == []


def test_ds_script_leaves_card_ids_alone(abrir, url):
    pagina = abrir()
    pagina.goto(url("/"))
    pagina.wait_for_load_state("networkidle")
    assert pagina.locator(".br-card").count() > 0
    assert pagina.locator("#cardundefined").count() == 0


@pytest.mark.parametrize("js", [True, False], ids=["com-js", "sem-js"])
def test_menu_button_opens_the_menu(abrir, url, js):
    pagina = abrir(js=js)
    pagina.goto(url("/"))
    # (the DS script gives menu links role=treeitem, so they are found by text)
    consulta = pagina.locator("#main-navigation a", has_text="Consultar Unidades Administrativas")
    assert not consulta.is_visible()
    pagina.get_by_role("button", name="Menu", exact=True).click()
    consulta.wait_for(state="visible")
    consulta.click()
    pagina.wait_for_url(url("/consultar-unidades/"))


def test_signed_in_person_opens_minha_conta_and_reaches_meus_dados(abrir, url, gestor):
    pagina = abrir(gestor)
    pagina.goto(url("/principal/"))
    pagina.click("#minha-conta summary")
    pagina.locator("#minha-conta").get_by_role("link", name="Meus dados").click()
    pagina.wait_for_url(url("/meus-dados/"))


def test_error_summary_receives_the_focus_and_links_to_the_field(abrir, url):
    pagina = abrir()
    pagina.goto(url("/solicitar-acesso/?executivo_federal=nao"))  # step 2 of the request
    pagina.get_by_role("button", name="Solicitar").click()
    pagina.wait_for_selector("#resumo-erros")
    assert pagina.evaluate("document.activeElement.id") == "resumo-erros"
    assert pagina.locator("#resumo-erros a[href^='#']").count() >= 1
    assert pagina.locator(".portal-campo [role=alert]").count() == 0  # one summary, not an alert per field


@pytest.mark.parametrize("caminho", ["/", "/consultar-unidades/?nome=Minist", "/gestores/", "/catalogos/"])
def test_axe_public_pages(abrir, url, fonte_axe, comite, caminho):
    pagina = abrir()
    pagina.goto(url(caminho))
    assert _axe(pagina, fonte_axe) == []


@pytest.mark.parametrize("executivo_federal", ["sim", "nao"])
def test_axe_access_request_with_errors(abrir, url, fonte_axe, executivo_federal):
    pagina = abrir()
    pagina.goto(url("/solicitar-acesso/"))
    assert _axe(pagina, fonte_axe) == []  # step 1: the Executivo Federal question
    pagina.goto(url(f"/solicitar-acesso/?executivo_federal={executivo_federal}"))
    pagina.get_by_role("button", name="Solicitar").click()
    pagina.wait_for_selector("#resumo-erros")
    assert _axe(pagina, fonte_axe) == []


def test_axe_admin_list(abrir, url, fonte_axe, admin, gestor):
    pagina = abrir(admin)
    pagina.goto(url("/perfis/"))
    assert "Gerenciar Perfis" in pagina.content()
    assert _axe(pagina, fonte_axe) == []


def test_axe_gestor_list(abrir, url, fonte_axe, gestor, comite):
    pagina = abrir(gestor)
    pagina.goto(url("/comites/"))
    assert _axe(pagina, fonte_axe) == []


def test_axe_hierarchy_of_an_orgao(abrir, url, fonte_axe, gestor, comite):
    from tests.factories.estrutura import UnidadeFactory

    secretaria = UnidadeFactory(parent=comite.unidade, nome="Secretaria de Administração", sigla="SEAD")
    UnidadeFactory(parent=secretaria, nome="Coordenação de Protocolo", sigla="COPRO")
    pagina = abrir(gestor)
    pagina.goto(url(f"/estrutura/orgaos/{comite.unidade_id}/hierarquia/"))
    assert comite.unidade.nome in pagina.content()
    assert _axe(pagina, fonte_axe) == []


@pytest.mark.parametrize("js", [True, False], ids=["com-js", "sem-js"])
def test_axe_painel_with_its_chart_readable_without_javascript(abrir, url, fonte_axe, js):
    from tests.factories.comites import GestorFactory
    from tests.factories.tramites import enviar, levar_a, orgao
    from tramites import state_machine as sm

    a, b = orgao("ORGA"), orgao("ORGB")
    for status in (sm.Status.INICIADO, sm.Status.RECIBO_RECEBIDO_REMETENTE, sm.Status.CIENCIA_RECUSA):
        levar_a(enviar(a, b), status, a, b)
    pagina = abrir(GestorFactory(comite=a.comite).pessoa, js=js)
    pagina.goto(url("/painel/?grafico=quantidade"))
    grafico = pagina.locator("svg.portal-grafico")
    assert grafico.is_visible() and "9 – Ciência da recusa" in grafico.text_content()
    assert pagina.get_by_role("img", name="Trâmites por situação (por quantidade)").count() == 1
    pagina.locator("input[name=situacao][value='9']").check()
    pagina.get_by_role("button", name="Gerar Painel de Controle").click()
    pagina.wait_for_url("**situacao=9**")
    assert pagina.locator("table.portal-tabela-painel tbody tr").count() == 1
    if js:
        assert _axe(pagina, fonte_axe) == []


def test_list_table_scrolls_from_the_keyboard_on_a_phone(abrir, url, fonte_axe, gestor, comite):
    pagina = abrir(gestor)
    pagina.set_viewport_size({"width": 390, "height": 800})
    pagina.goto(url("/comites/"))
    tabela_rola_pelo_teclado(pagina, fonte_axe)
