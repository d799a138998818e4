"""Playwright (Python) driving Debian's headless Chromium against Django's live server.

Run by .ci/run (``pytest -m browser``). Fixtures: ``pagina`` (a fresh Playwright page) and
``url(path)`` (absolute URL on the live server). Data is created through the ORM in the test body.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# The live server runs in a thread; Django refuses sync ORM calls from an event loop thread unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def navegador():
    playwright_sync = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package.")
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def pagina(navegador):
    contexto = navegador.new_context(locale="pt-BR", timezone_id="America/Sao_Paulo")
    contexto.set_default_timeout(15_000)
    page = contexto.new_page()
    yield page
    contexto.close()


@pytest.fixture
def url(live_server):
    def _url(caminho: str) -> str:
        return live_server.url + caminho

    return _url


@pytest.fixture
def login(pagina, url):
    """Logs a person in through the real login form (password from tests.factories.portal)."""
    from tests.factories.portal import SENHA_PADRAO

    def _login(pessoa, senha=SENHA_PADRAO):
        pagina.goto(url("/contas/login/"))
        pagina.fill("input[name=login]", pessoa.email)
        pagina.fill("input[name=password]", senha)
        pagina.click("button[type=submit]")
        return pagina

    return _login
