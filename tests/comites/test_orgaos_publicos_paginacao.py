"""The public órgãos page is paginated (50 per section) and grouped in the database."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comites.models import Ambiente, Comite
from comites.views import ORGAOS_POR_PAGINA
from tests.factories.comites import ComiteFactory
from tests.factories.estrutura import OrgaoFactory

pytestmark = pytest.mark.django_db


def _implantado(nome, data):
    orgao = OrgaoFactory(nome=nome)
    ComiteFactory(unidade=orgao)
    ComiteFactory(unidade=orgao, ambiente=Ambiente.PRODUCAO, implantacao=Comite.Implantacao.IMPLANTADO,
                  implantado_em=data)
    return orgao


def _nomes(html, secao):
    implantados, em_implantacao = html.split('id="em-implantacao"')
    return re.findall(r"<tr><td>(Órgão [^<]+)</td>", implantados if secao == "implantados" else em_implantacao)


def test_orgaos_page_shows_fifty_orgaos_per_section_in_name_order(client):
    for i in range(ORGAOS_POR_PAGINA + 7):
        _implantado(f"Órgão {i:03d}", datetime.date(2026, 1, 1) + datetime.timedelta(days=i))
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Começando"))

    primeira = client.get("/orgaos/").content.decode()
    segunda = client.get("/orgaos/", {"pagina_implantados": 2}).content.decode()

    assert _nomes(primeira, "implantados") == [f"Órgão {i:03d}" for i in range(ORGAOS_POR_PAGINA)]
    assert _nomes(segunda, "implantados") == [f"Órgão {i:03d}" for i in range(ORGAOS_POR_PAGINA, ORGAOS_POR_PAGINA + 7)]
    assert f"Implantados ({ORGAOS_POR_PAGINA + 7})" in primeira
    assert "Página 1 de 2" in primeira and 'href="?pagina_implantados=2#implantados"' in primeira
    assert _nomes(segunda, "em_implantacao") == ["Órgão Começando"]  # the other section keeps its page
    assert "01/01/2026" in primeira and "20/02/2026" not in primeira


def test_orgao_with_two_comites_appears_once_and_only_active_comites_count(client):
    _implantado("Órgão Duplo", datetime.date(2026, 5, 2))
    desligado = OrgaoFactory(nome="Órgão Desligado")
    ComiteFactory(unidade=desligado)
    ComiteFactory(unidade=desligado, ambiente=Ambiente.PRODUCAO, implantacao=Comite.Implantacao.IMPLANTADO,
                  implantado_em=datetime.date(2026, 3, 1), ativo=False)
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Inativo"), ativo=False)

    html = client.get("/orgaos/").content.decode()

    assert _nomes(html, "implantados") == ["Órgão Duplo"] and "02/05/2026" in html
    assert _nomes(html, "em_implantacao") == ["Órgão Desligado"] and "01/03/2026" not in html
    assert "Órgão Inativo" not in html


def test_orgaos_page_query_count_does_not_grow_with_the_number_of_orgaos(client):
    _implantado("Órgão A", datetime.date(2026, 1, 1))
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão C"))
    with CaptureQueriesContext(connection) as poucos:
        client.get("/orgaos/")
    for i in range(30):
        _implantado(f"Órgão B{i}", datetime.date(2026, 1, 1))
        ComiteFactory(unidade=OrgaoFactory(nome=f"Órgão C{i}"))
    with CaptureQueriesContext(connection) as muitos:
        client.get("/orgaos/")

    assert len(muitos.captured_queries) == len(poucos.captured_queries)


def test_out_of_range_page_shows_the_last_page(client):
    _implantado("Órgão Único", datetime.date(2026, 1, 1))

    resposta = client.get("/orgaos/", {"pagina_implantados": "999", "pagina_em_implantacao": "x"})

    assert resposta.status_code == 200
    assert _nomes(resposta.content.decode(), "implantados") == ["Órgão Único"]
