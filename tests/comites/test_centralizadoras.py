"""Unidades centralizadoras (spec §7.6): eligibility, one centralizadora per covered unit, no chains, the
structure API fields, the screens' scope, audit."""

import pytest

from comites.mapeamento import centralizadoras, services
from comites.services import ErroDeNegocio
from estrutura.models import ModoDeTramitacao, Unidade
from portal.models import RegistroDeAuditoria
from tests.factories.comites import ComiteFactory, SistemaFactory
from tests.factories.estrutura import UnidadeFactory

pytestmark = pytest.mark.django_db

ER, SE = ModoDeTramitacao.ENVIAR_E_RECEBER.value, ModoDeTramitacao.SOMENTE_ENVIAR.value
API = "/interoperabilidade/rest/v3/repositorios-de-estruturas"


@pytest.fixture
def sei(comite):
    return SistemaFactory(orgao_responsavel=comite, nome="SEI do órgão")


@pytest.fixture
def arvore(comite, sei):
    orgao = comite.unidade
    protocolo = UnidadeFactory(parent=orgao, nome="Protocolo Central", sigla="PROT")
    gabinete = UnidadeFactory(parent=orgao, nome="Gabinete", sigla="GAB")
    secretaria = UnidadeFactory(parent=orgao, nome="Secretaria Executiva", sigla="SE")
    arquivo = UnidadeFactory(parent=orgao, nome="Arquivo", sigla="ARQ")
    services.salvar_mapeamento(comite, sei, {protocolo.pk, secretaria.pk, arquivo.pk},
                               {protocolo.pk: ER, secretaria.pk: ER, arquivo.pk: SE})
    return {"orgao": orgao, "protocolo": protocolo, "gabinete": gabinete, "secretaria": secretaria,
            "arquivo": arquivo}


def _receptora(unidade):
    return Unidade.objects.get(pk=unidade.pk).unidade_receptora_id


def test_a_receiving_unit_becomes_centralizadora_and_answers_for_the_units_chosen(comite, arvore):
    p, g, s = arvore["protocolo"], arvore["gabinete"], arvore["secretaria"]

    centralizadoras.definir(comite, {p.pk})
    incluidas, retiradas = centralizadoras.salvar_atendidas(comite, Unidade.objects.get(pk=p.pk), {g.pk, s.pk},
                                                            {g.pk, s.pk})

    assert (incluidas, retiradas) == (2, 0)
    assert _receptora(g) == p.pk and _receptora(s) == p.pk
    assert [(u.pk, u.atendidas) for u in centralizadoras.centralizadoras(comite)] == [(p.pk, 2)]


def test_a_unit_that_does_not_receive_through_a_system_of_the_orgao_cannot_be_centralizadora(comite, arvore):
    with pytest.raises(ErroDeNegocio, match="Não atendem a isso: Arquivo - ARQ"):
        centralizadoras.definir(comite, {arvore["arquivo"].pk})  # Somente Enviar
    with pytest.raises(ErroDeNegocio, match="Gabinete - GAB"):
        centralizadoras.definir(comite, {arvore["gabinete"].pk})  # not mapped
    assert not Unidade.objects.filter(eh_centralizadora=True).exists()


def test_a_unit_receiving_through_a_system_that_no_longer_serves_the_orgao_is_not_eligible(comite, arvore, sei):
    sei.ativo = False
    sei.save()
    with pytest.raises(ErroDeNegocio, match="Protocolo Central"):
        centralizadoras.definir(comite, {arvore["protocolo"].pk})


def test_a_unit_of_another_orgao_cannot_be_centralizadora(comite, arvore):
    outro = ComiteFactory()
    with pytest.raises(ErroDeNegocio, match="não pertence a este órgão"):
        centralizadoras.definir(outro, {arvore["protocolo"].pk})


def test_a_covered_unit_has_at_most_one_centralizadora_and_the_conflict_names_it(comite, arvore):
    p, s, g = arvore["protocolo"], arvore["secretaria"], arvore["gabinete"]
    centralizadoras.definir(comite, {p.pk, s.pk})
    centralizadoras.salvar_atendidas(comite, Unidade.objects.get(pk=p.pk), {g.pk}, {g.pk})

    with pytest.raises(ErroDeNegocio) as erro:
        centralizadoras.salvar_atendidas(comite, Unidade.objects.get(pk=s.pk), {g.pk}, {g.pk})

    assert "Gabinete - GAB (atendida por Protocolo Central - PROT)" in erro.value.mensagem
    assert _receptora(g) == p.pk


def test_a_centralizadora_is_not_covered_by_another_and_a_covered_unit_is_not_centralizadora(comite, arvore):
    p, s = arvore["protocolo"], arvore["secretaria"]
    centralizadoras.definir(comite, {p.pk})
    with pytest.raises(ErroDeNegocio, match="centralizadora não pode ser atendida"):
        centralizadoras.salvar_atendidas(comite, Unidade.objects.get(pk=p.pk), {p.pk}, {p.pk})
    centralizadoras.salvar_atendidas(comite, Unidade.objects.get(pk=p.pk), {s.pk}, {s.pk})
    with pytest.raises(ErroDeNegocio, match="atendida por uma centralizadora não pode ser centralizadora"):
        centralizadoras.definir(comite, {s.pk})


def test_unchecking_frees_a_covered_unit_and_removing_the_centralizadora_frees_them_all(comite, arvore):
    p, g, s = arvore["protocolo"], arvore["gabinete"], arvore["secretaria"]
    centralizadoras.definir(comite, {p.pk})
    central = Unidade.objects.get(pk=p.pk)
    centralizadoras.salvar_atendidas(comite, central, {g.pk, s.pk}, {g.pk, s.pk})

    assert centralizadoras.salvar_atendidas(comite, central, {g.pk, s.pk}, {s.pk}) == (0, 1)
    assert _receptora(g) is None and _receptora(s) == p.pk

    assert centralizadoras.remover(comite, central) == 1
    assert _receptora(s) is None and not Unidade.objects.get(pk=p.pk).eh_centralizadora


def test_a_centralizadora_cannot_stop_receiving_while_it_is_one(comite, arvore, sei):
    p = arvore["protocolo"]
    centralizadoras.definir(comite, {p.pk})
    with pytest.raises(ErroDeNegocio, match="centralizadora precisa receber"):
        services.salvar_mapeamento(comite, sei, {p.pk}, {p.pk: SE})
    with pytest.raises(ErroDeNegocio, match="centralizadora precisa receber"):
        services.salvar_mapeamento(comite, sei, {p.pk}, {})
    assert Unidade.objects.get(pk=p.pk).permite_recebimento


def test_each_centralizadora_change_is_audited(comite, arvore):
    p, g = arvore["protocolo"], arvore["gabinete"]
    centralizadoras.definir(comite, {p.pk})
    central = Unidade.objects.get(pk=p.pk)
    centralizadoras.salvar_atendidas(comite, central, {g.pk}, {g.pk})
    centralizadoras.remover(comite, central)

    acoes = list(RegistroDeAuditoria.objects.filter(acao__startswith="estrutura.centralizadora")
                 .order_by("pk").values_list("acao", "comite_id"))
    assert acoes == [("estrutura.centralizadora.definida", comite.pk),
                     ("estrutura.centralizadora.atendidas", comite.pk),
                     ("estrutura.centralizadora.removida", comite.pk)]
    atendidas = RegistroDeAuditoria.objects.get(acao="estrutura.centralizadora.atendidas")
    assert atendidas.depois == {"centralizadora": p.pk, "incluidas": [g.pk]}


def test_structure_api_reports_the_centralizadora_of_covered_units(cliente_sistema, comite, arvore):
    client = cliente_sistema  # the structure API answers the systems (client certificate)
    p, g = arvore["protocolo"], arvore["gabinete"]
    centralizadoras.definir(comite, {p.pk})
    centralizadoras.salvar_atendidas(comite, Unidade.objects.get(pk=p.pk), {g.pk}, {g.pk})
    repo = arvore["orgao"].repositorio

    gab = client.get(f"{API}/{repo.pk}/estruturas-organizacionais/{g.pk}").json()
    prot = client.get(f"{API}/{repo.pk}/estruturas-organizacionais/{p.pk}").json()

    assert gab["unidadeReceptora"] is True and gab["codigoUnidadeReceptora"] == str(p.pk)
    assert prot["unidadeReceptora"] is False and prot["codigoUnidadeReceptora"] is None


# --- screens -------------------------------------------------------------------------------------------


def test_definir_screen_offers_only_eligible_units_and_leads_to_the_covered_units(client_gestor, comite, arvore):
    p, a = arvore["protocolo"], arvore["arquivo"]
    url = f"/comites/{comite.pk}/unidades-centralizadoras/definir/"
    conteudo = client_gestor.get(url).content.decode()
    assert f'name="unidade" value="{p.pk}"' in conteudo and f'value="{a.pk}"' not in conteudo

    resposta = client_gestor.post(url, {"unidade": [p.pk]})

    assert resposta.status_code == 302
    assert resposta["Location"] == f"/comites/{comite.pk}/unidades-centralizadoras/{p.pk}/unidades/"
    assert Unidade.objects.get(pk=p.pk).eh_centralizadora


def test_covered_units_screen_saves_and_marks_units_of_another_centralizadora(client_gestor, comite, arvore):
    p, s, g = arvore["protocolo"], arvore["secretaria"], arvore["gabinete"]
    centralizadoras.definir(comite, {p.pk, s.pk})
    centralizadoras.salvar_atendidas(comite, Unidade.objects.get(pk=s.pk), {g.pk}, {g.pk})
    url = f"/comites/{comite.pk}/unidades-centralizadoras/{p.pk}/unidades/"

    conteudo = client_gestor.get(url).content.decode()
    assert "atendida por Secretaria Executiva - SE" in conteudo
    assert f'name="atendida" value="{g.pk}"' not in conteudo

    arquivo = arvore["arquivo"]
    resposta = client_gestor.post(url, {"exibidas": f"{arquivo.pk}", "atendida": [arquivo.pk]}, follow=True)
    assert "1 unidade(s) incluída(s)" in resposta.content.decode()
    assert _receptora(arquivo) == p.pk


def test_list_and_remove_screens(client_gestor, comite, arvore):
    p = arvore["protocolo"]
    centralizadoras.definir(comite, {p.pk})
    lista = client_gestor.get(f"/comites/{comite.pk}/unidades-centralizadoras/").content.decode()
    assert "Protocolo Central" in lista and "Definir novas unidades centralizadoras" in lista

    client_gestor.post(f"/comites/{comite.pk}/unidades-centralizadoras/{p.pk}/remover/")

    assert not Unidade.objects.get(pk=p.pk).eh_centralizadora
    assert "Nenhum registro encontrado!" in client_gestor.get(
        f"/comites/{comite.pk}/unidades-centralizadoras/").content.decode()


def test_a_unit_that_is_not_a_centralizadora_has_no_covered_units_page(client_gestor, comite, arvore):
    assert client_gestor.get(
        f"/comites/{comite.pk}/unidades-centralizadoras/{arvore['gabinete'].pk}/unidades/").status_code == 404


def test_gestor_of_another_orgao_gets_404_and_changes_nothing(client_outro_gestor, comite, arvore):
    p = arvore["protocolo"]
    base = f"/comites/{comite.pk}/unidades-centralizadoras/"
    assert client_outro_gestor.get(base).status_code == 404
    assert client_outro_gestor.post(f"{base}definir/", {"unidade": [p.pk]}).status_code == 404
    assert not Unidade.objects.get(pk=p.pk).eh_centralizadora
