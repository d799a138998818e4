"""Unidades administrativas per SPE (spec §7.5): one system per unit, modes, the structure API flags,
scope of the screen, audit."""

import pytest

from comites.mapeamento import services
from comites.models import VinculoSistemaComite
from comites.services import ErroDeNegocio
from estrutura.models import ModoDeTramitacao, Unidade
from portal.models import RegistroDeAuditoria
from tests.factories.comites import ComiteFactory, SistemaFactory
from tests.factories.estrutura import UnidadeFactory

pytestmark = pytest.mark.django_db

ER, SE, SR = (ModoDeTramitacao.ENVIAR_E_RECEBER.value, ModoDeTramitacao.SOMENTE_ENVIAR.value,
              ModoDeTramitacao.SOMENTE_RECEBER.value)
API = "/interoperabilidade/rest/v3/repositorios-de-estruturas"


@pytest.fixture
def arvore(comite):
    orgao = comite.unidade
    secretaria = UnidadeFactory(parent=orgao, nome="Secretaria Executiva", sigla="SE")
    protocolo = UnidadeFactory(parent=secretaria, nome="Protocolo Central", sigla="PROT")
    arquivo = UnidadeFactory(parent=secretaria, nome="Arquivo Geral", sigla="ARQ")
    gabinete = UnidadeFactory(parent=orgao, nome="Gabinete", sigla="GAB")
    return {"orgao": orgao, "secretaria": secretaria, "protocolo": protocolo, "arquivo": arquivo,
            "gabinete": gabinete}


@pytest.fixture
def sei(comite):
    return SistemaFactory(orgao_responsavel=comite, nome="SEI do órgão")


@pytest.fixture
def suap(comite):
    sistema = SistemaFactory(nome="SUAP do órgão")
    VinculoSistemaComite.objects.create(sistema=sistema, comite=comite)
    return sistema


def _ids(*unidades):
    return {u.pk for u in unidades}


def _estado(unidade):
    u = Unidade.objects.get(pk=unidade.pk)
    return u.sistema_id, u.permite_envio, u.permite_recebimento


def test_saving_maps_each_checked_unit_with_its_mode_flags(comite, arvore, sei):
    p, a, g = arvore["protocolo"], arvore["arquivo"], arvore["gabinete"]

    resultado = services.salvar_mapeamento(comite, sei, _ids(p, a, g), {p.pk: ER, a.pk: SE, g.pk: SR})

    assert resultado == services.Resultado(incluidas=3)
    assert _estado(p) == (sei.pk, True, True)
    assert _estado(a) == (sei.pk, True, False)
    assert _estado(g) == (sei.pk, False, True)


def test_unchecking_a_shown_unit_unmaps_it_and_units_not_shown_are_left_alone(comite, arvore, sei):
    p, a = arvore["protocolo"], arvore["arquivo"]
    services.salvar_mapeamento(comite, sei, _ids(p, a), {p.pk: ER, a.pk: ER})

    resultado = services.salvar_mapeamento(comite, sei, _ids(p), {})

    assert resultado == services.Resultado(removidas=1)
    assert _estado(p) == (None, False, False)
    assert _estado(a) == (sei.pk, True, True)


def test_changing_only_the_mode_counts_as_altered(comite, arvore, sei):
    p = arvore["protocolo"]
    services.salvar_mapeamento(comite, sei, _ids(p), {p.pk: ER})

    resultado = services.salvar_mapeamento(comite, sei, _ids(p), {p.pk: SR})

    assert resultado == services.Resultado(alteradas=1)
    assert _estado(p) == (sei.pk, False, True)


def test_a_unit_mapped_in_another_system_is_refused_naming_that_system_and_nothing_changes(
        comite, arvore, sei, suap):
    p, a = arvore["protocolo"], arvore["arquivo"]
    services.salvar_mapeamento(comite, suap, _ids(p), {p.pk: ER})

    with pytest.raises(ErroDeNegocio) as erro:
        services.salvar_mapeamento(comite, sei, _ids(p, a), {p.pk: SE, a.pk: ER})

    assert "Protocolo Central - PROT (sistema SUAP do órgão)" in erro.value.mensagem
    assert "só pode estar vinculada a um sistema" in erro.value.mensagem
    assert _estado(p) == (suap.pk, True, True)
    assert _estado(a) == (None, False, False)


def test_the_write_refuses_a_unit_taken_by_another_system_after_the_check(comite, arvore, sei, suap):
    """The conditional UPDATE is the last guard (two saves at once): it raises and the caller rolls back."""
    from estrutura.services import mapeamento

    p = arvore["protocolo"]
    Unidade.objects.filter(pk=p.pk).update(sistema=suap, permite_envio=True, permite_recebimento=True)

    with pytest.raises(mapeamento.UnidadeEmOutroSistema) as erro:
        mapeamento.aplicar_mapeamento(sistema_id=sei.pk, orgao=arvore["orgao"], modos={p.pk: ER})

    assert erro.value.ids == [p.pk]
    assert _estado(p) == (suap.pk, True, True)


def test_units_outside_the_orgao_are_refused(comite, arvore, sei):
    de_fora = UnidadeFactory(parent=ComiteFactory().unidade)

    with pytest.raises(ErroDeNegocio, match="não pertence a este órgão"):
        services.salvar_mapeamento(comite, sei, _ids(de_fora), {de_fora.pk: ER})

    assert _estado(de_fora) == (None, False, False)


def test_an_inactive_unit_cannot_be_newly_mapped(comite, arvore, sei):
    inativa = UnidadeFactory(parent=arvore["orgao"], nome="Divisão Extinta", sigla="DEX", ativo=False)

    with pytest.raises(ErroDeNegocio, match="Unidades inativas não podem ser vinculadas: Divisão Extinta"):
        services.salvar_mapeamento(comite, sei, _ids(inativa), {inativa.pk: ER})


def test_an_invalid_mode_or_a_system_not_serving_the_orgao_is_refused(comite, arvore, sei):
    p = arvore["protocolo"]
    with pytest.raises(ErroDeNegocio, match="Enviar e Receber, Somente Enviar ou Somente Receber"):
        services.salvar_mapeamento(comite, sei, _ids(p), {p.pk: "talvez"})
    alheio = SistemaFactory(nome="SEI alheio")
    with pytest.raises(ErroDeNegocio, match="não está ativo nem vinculado"):
        services.salvar_mapeamento(comite, alheio, _ids(p), {p.pk: ER})
    assert _estado(p) == (None, False, False)


def test_every_change_is_audited_with_each_units_before_and_after(comite, arvore, sei):
    p, a = arvore["protocolo"], arvore["arquivo"]
    services.salvar_mapeamento(comite, sei, _ids(p, a), {p.pk: ER, a.pk: ER})

    services.salvar_mapeamento(comite, sei, _ids(p, a), {p.pk: SE})

    registros = RegistroDeAuditoria.objects.filter(acao="estrutura.unidades.mapeamento").order_by("pk")
    assert registros.count() == 2
    ultimo = registros.last()
    assert ultimo.comite_id == comite.pk
    assert ultimo.antes["unidades"] == {str(p.pk): ER, str(a.pk): ER}
    assert ultimo.depois["unidades"] == {str(p.pk): SE, str(a.pk): None}
    assert "SEI do órgão" in ultimo.detalhes


def test_saving_without_changes_writes_no_audit_record(comite, arvore, sei):
    p = arvore["protocolo"]
    services.salvar_mapeamento(comite, sei, _ids(p), {p.pk: ER})

    assert services.salvar_mapeamento(comite, sei, _ids(p), {p.pk: ER}).total == 0
    assert RegistroDeAuditoria.objects.filter(acao="estrutura.unidades.mapeamento").count() == 1


def test_counts_per_subtree_count_mapped_units_below_each_unit(comite, arvore, sei):
    p, a, g = arvore["protocolo"], arvore["arquivo"], arvore["gabinete"]
    services.salvar_mapeamento(comite, sei, _ids(p, a, g), {p.pk: ER, a.pk: ER, g.pk: SE})

    contagem = services.contagem_por_subarvore(arvore["orgao"], sei)

    assert contagem[arvore["orgao"].pk] == 3
    assert contagem[arvore["secretaria"].pk] == 2
    assert p.pk not in contagem  # a leaf has no subunits


# --- the structure API after mapping ---------------------------------------------------------------------


def _estruturas(client, repositorio, **filtros):
    resposta = client.get(f"{API}/{repositorio.pk}/estruturas-organizacionais", filtros)
    assert resposta.status_code == 200
    return {e["sigla"]: e for e in resposta.json()["estruturas"]}


def test_structure_api_flags_follow_the_mapping_and_listings_default_to_any(cliente_sistema, comite, arvore, sei):
    client = cliente_sistema  # the structure API answers the systems (client certificate)
    p, a, g = arvore["protocolo"], arvore["arquivo"], arvore["gabinete"]
    services.salvar_mapeamento(comite, sei, _ids(p, a, g), {p.pk: ER, a.pk: SE, g.pk: SR})
    repo = arvore["orgao"].repositorio

    todas = _estruturas(client, repo)
    assert {"PROT", "ARQ", "GAB", "SE"} <= set(todas)  # "Somente Enviar" and unmapped units are not hidden
    assert todas["PROT"]["aptoParaReceberTramites"] is True
    assert todas["ARQ"]["aptoParaReceberTramites"] is False
    assert todas["GAB"]["aptoParaReceberTramites"] is True
    assert set(_estruturas(client, repo, permiteRecebimento="true")) == {"PROT", "GAB"}
    assert set(_estruturas(client, repo, permiteEnvio="true")) == {"PROT", "ARQ"}
    assert set(_estruturas(client, repo, permiteEnvio="true", permiteRecebimento="true")) == {"PROT"}
    assert "ARQ" in _estruturas(client, repo, permiteRecebimento="false")


# --- the screen --------------------------------------------------------------------------------------------


def _url(comite, sistema):
    return f"/comites/{comite.pk}/sistemas/{sistema.pk}/unidades-administrativas/"


def test_screen_shows_the_tree_with_a_checkbox_a_mode_and_the_subtree_counts(client_gestor, comite, arvore, sei):
    p = arvore["protocolo"]
    UnidadeFactory(parent=arvore["gabinete"], nome="Assessoria", sigla="ASS")
    services.salvar_mapeamento(comite, sei, _ids(p), {p.pk: SR})

    conteudo = client_gestor.get(_url(comite, sei)).content.decode()

    assert f'<input type="checkbox" name="vincular" value="{p.pk}" checked>' in conteudo
    assert f'name="modo_{p.pk}"' in conteudo and '<option value="somente_receber" selected>' in conteudo
    assert conteudo.count("1 subunidade(s) vinculada(s)") == 2  # the órgão and the Secretaria
    assert conteudo.count("Nenhuma subunidade vinculada ao sistema") == 1  # the Gabinete
    assert "Salvar alterações" in conteudo


def test_a_unit_of_another_system_is_shown_without_checkbox_and_names_it(client_gestor, comite, arvore, sei, suap):
    p = arvore["protocolo"]
    services.salvar_mapeamento(comite, suap, _ids(p), {p.pk: ER})

    conteudo = client_gestor.get(_url(comite, sei)).content.decode()

    assert f'value="{p.pk}"' not in conteudo.split('name="exibidas"')[1]
    assert "vinculada ao sistema SUAP do órgão" in conteudo


def test_posting_the_form_saves_in_bulk_and_says_what_changed(client_gestor, comite, arvore, sei):
    p, a, g = arvore["protocolo"], arvore["arquivo"], arvore["gabinete"]
    exibidas = ",".join(str(u.pk) for u in (arvore["orgao"], arvore["secretaria"], p, a, g))

    resposta = client_gestor.post(_url(comite, sei), {
        "exibidas": exibidas, "vincular": [p.pk, a.pk], f"modo_{p.pk}": ER, f"modo_{a.pk}": SE,
        f"modo_{g.pk}": ER,
    }, follow=True)

    assert "2 unidade(s) vinculada(s)" in resposta.content.decode()
    assert _estado(p) == (sei.pk, True, True) and _estado(a) == (sei.pk, True, False)
    assert _estado(g) == (None, False, False)


def test_a_refused_save_shows_the_reason(client_gestor, comite, arvore, sei, suap):
    p = arvore["protocolo"]
    services.salvar_mapeamento(comite, suap, _ids(p), {p.pk: ER})

    resposta = client_gestor.post(_url(comite, sei), {"exibidas": str(p.pk), "vincular": [p.pk],
                                                      f"modo_{p.pk}": ER}, follow=True)

    assert "sistema SUAP do órgão" in resposta.content.decode()
    assert _estado(p) == (suap.pk, True, True)


def test_garbage_in_the_form_is_refused_with_a_message(client_gestor, comite, arvore, sei):
    resposta = client_gestor.post(_url(comite, sei), {"exibidas": "1,abc", "vincular": ["x"]}, follow=True)

    assert resposta.status_code == 200
    assert "Dados inválidos no formulário" in resposta.content.decode()


def test_a_form_naming_too_many_units_is_refused_with_a_message(client_gestor, comite, arvore, sei):
    p = arvore["protocolo"]
    exibidas = ",".join(str(n) for n in range(1, 20_002))

    resposta = client_gestor.post(_url(comite, sei), {"exibidas": exibidas, "vincular": [p.pk],
                                                      f"modo_{p.pk}": ER}, follow=True)

    assert "Dados inválidos no formulário" in resposta.content.decode()
    assert _estado(p) == (None, False, False)


def test_a_form_with_thousands_of_units_is_accepted(client_gestor, comite, arvore, sei):
    """One checkbox and one select per unit: far more fields than Django's default limit of 1,000."""
    p = arvore["protocolo"]
    dados = {f"modo_{n}": ER for n in range(1_000_000, 1_004_000)}
    dados.update({"exibidas": str(p.pk), "vincular": [p.pk], f"modo_{p.pk}": SE})

    resposta = client_gestor.post(_url(comite, sei), dados)

    assert resposta.status_code == 302
    assert _estado(p) == (sei.pk, True, False)


def test_gestor_of_another_orgao_gets_404_and_changes_nothing(client_outro_gestor, comite, arvore, sei):
    p = arvore["protocolo"]
    assert client_outro_gestor.get(_url(comite, sei)).status_code == 404
    resposta = client_outro_gestor.post(_url(comite, sei), {"exibidas": str(p.pk), "vincular": [p.pk],
                                                            f"modo_{p.pk}": ER})
    assert resposta.status_code == 404
    assert _estado(p) == (None, False, False)


def test_a_system_that_does_not_serve_the_comite_is_404(client_gestor, comite, arvore):
    assert client_gestor.get(_url(comite, SistemaFactory())).status_code == 404


def test_comite_page_links_each_system_to_its_units(client_gestor, comite, sei, suap):
    conteudo = client_gestor.get(f"/comites/{comite.pk}/").content.decode()
    assert _url(comite, sei) in conteudo and _url(comite, suap) in conteudo


def test_the_comites_systems_page_links_each_active_system_row_to_its_units(client_gestor, comite, suap):
    conteudo = client_gestor.get(f"/comites/{comite.pk}/sistemas/").content.decode()
    assert _url(comite, suap) in conteudo
