"""Issue 7 §2: the authorization matrix as a test.

* every URL pattern (portal, allauth, Django admin, API) × every profile answers what the one table in
  ``tests/portal/matriz/tabela.py`` says, and a pattern without a row fails;
* pages behind a login never show the other órgão's rows;
* state-changing POSTs with another comitê's ids answer 403/404 and change no table;
* ``permissions.MATRIZ`` cell by cell, and the scope branches of ``permissions.pode``/``restringir``.

The world is built once per module (``mundo``); every request runs in a transaction rolled back after it.
Only the door's public names (``permissions.Acao``, ``Perfil``, ``MATRIZ``, ``pode``, ``restringir``) and HTTP
outcomes are used.
"""

import pytest
from django.db import transaction
from django.test import override_settings

from portal import permissions
from tests.portal.matriz import mundo as construcao
from tests.portal.matriz import observar, rotas
from tests.portal.matriz.tabela import COLUNAS, ESPERADO, FALHAS_CONHECIDAS


@pytest.fixture(scope="module")
def mundo(django_db_setup, django_db_blocker, tmp_path_factory):
    midia = tmp_path_factory.mktemp("privado")  # uploaded documents and exports of the world
    with override_settings(MEDIA_ROOT=midia), django_db_blocker.unblock(), transaction.atomic():
        yield construcao.construir()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def todas():
    return rotas.todas_as_rotas()


def _esperado(chave: str) -> dict[str, str]:
    return dict(zip(COLUNAS, ESPERADO[chave].split(), strict=True))


# --- the table covers the URLconf ------------------------------------------------------------------------

def test_every_url_pattern_has_a_row_in_the_table(todas):
    sem_linha = sorted(r.chave for r in todas if r.chave not in ESPERADO)
    assert not sem_linha, (
        "URL patterns with no row in tests/portal/matriz/tabela.py (decide who may open each one): "
        + ", ".join(sem_linha)
    )


def test_the_table_has_no_row_for_a_pattern_that_no_longer_exists(todas):
    chaves = {r.chave for r in todas}
    obsoletas = sorted(set(ESPERADO) - chaves)
    assert not obsoletas, f"rows of tests/portal/matriz/tabela.py with no URL pattern: {obsoletas}"


def test_every_row_gives_one_known_outcome_per_profile():
    validos = {"200", "login", "3xx", "400", "401", "403", "404", "405"}  # 401: the API without a certificate
    malformadas = {
        chave: linha for chave, linha in ESPERADO.items()
        if len(linha.split()) != len(COLUNAS) or not set(linha.split()) <= validos
    }
    assert not malformadas
    assert set(COLUNAS) == set(observar.PERFIS)
    assert all(chave in ESPERADO and perfil in COLUNAS for chave, perfil in FALHAS_CONHECIDAS)


def test_every_pattern_walked_includes_portal_allauth_admin_and_api(todas):
    rotas_ = {r.rota for r in todas}
    for esperada in ("comites/<int:pk>/", "contas/login/", "django-admin/", "interoperabilidade/rest/v3/hipoteses"):
        assert esperada in rotas_


# --- GET of every URL as every profile -------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("perfil", COLUNAS)
def test_get_of_every_url_answers_what_the_table_says(mundo, todas, perfil):
    client = observar.cliente(mundo, perfil)
    lado = observar.lado(mundo, perfil)
    divergencias = []
    for rota in todas:
        if rota.chave not in ESPERADO or (rota.chave, perfil) in FALHAS_CONHECIDAS:
            continue
        url = rotas.url_concreta(rota, mundo, lado)
        obtido = observar.pedir(client, "get", url)
        esperado = _esperado(rota.chave)[perfil]
        if obtido != esperado:
            divergencias.append(f"{rota.chave} ({url}): expected {esperado}, got {obtido}")
    assert not divergencias, f"{perfil}:\n" + "\n".join(divergencias)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("chave", "perfil"),
    [pytest.param(chave, perfil, marks=pytest.mark.xfail(strict=True, reason=motivo), id=f"{chave}-{perfil}")
     for (chave, perfil), motivo in FALHAS_CONHECIDAS.items()],
)
def test_known_leak_answers_the_secure_outcome(mundo, todas, chave, perfil):
    rota = next(r for r in todas if r.chave == chave)
    url = rotas.url_concreta(rota, mundo, observar.lado(mundo, perfil))
    assert observar.pedir(observar.cliente(mundo, perfil), "get", url) == _esperado(chave)[perfil]


# --- pages behind a login never show the other side's rows -----------------------------------------------

# Who must never read which órgão's texts, on the pages of its own side.
NAO_VE = {
    "gestor_a": ("ORGB",),
    "externo": ("ORGA",),  # A's system is Interno: not the Administrador Externo's
    "supervisor_r2": ("ORGA", "ORGB"),  # both are in R1
}
# Pages whose rows are trâmites: a trâmite belongs to both its órgãos, so the other side's unit names are its
# columns (spec §8.3) — here A and B only ever send to each other. That a third órgão's trâmite never shows
# is tested with three órgãos in tests/tramites/painel/test_escopo_do_painel.py; for one trâmite's pages
# (detail, NRE, cancel) in tests/tramites/detalhe (a third órgão's gestor gets 404).
DOS_DOIS_LADOS = {"tramites:painel", "tramites:tramite", "tramites:nre", "tramites:cancelar"}


@pytest.mark.django_db
@pytest.mark.parametrize("perfil", sorted(NAO_VE))
def test_pages_behind_login_do_not_show_the_other_orgaos_rows(mundo, todas, perfil):
    client = observar.cliente(mundo, perfil)
    lado = observar.lado(mundo, perfil)
    vazamentos = []
    for rota in todas:
        if rota.chave not in ESPERADO:
            continue  # test_every_url_pattern_has_a_row_in_the_table names it
        esperado = _esperado(rota.chave)
        if esperado["anonimo"] != "login" or esperado[perfil] != "200" or rota.chave.startswith("admin:"):
            continue
        if rota.chave in DOS_DOIS_LADOS and perfil != "supervisor_r2":  # R2's supervisor sees neither side
            continue
        url = rotas.url_concreta(rota, mundo, lado)
        with transaction.atomic():
            conteudo = b"".join(client.get(url)).decode(errors="replace")
            transaction.set_rollback(True)
        vazamentos += [f"{rota.chave} ({url}) shows {sigla}" for sigla in NAO_VE[perfil] if sigla in conteudo]
    assert not vazamentos, "\n".join(vazamentos)


# --- state-changing POSTs with another comitê's ids change nothing ---------------------------------------

def _rotas_de_objeto(todas):
    """Portal routes that take an object id and are not public by design (anonymous GET is not 200)."""
    return [
        r for r in todas
        if r.parametros and r.chave.split(":")[0] in ("portal", "hipoteses", "estrutura", "comites", "tramites")
        and r.chave in ESPERADO and _esperado(r.chave)["anonimo"] != "200"
    ]


# POSTs that, as the gestor of A on A's own objects, do change tables: proof that the form data of the
# cross-comitê test below is good enough to act, so its "nothing changed" is meaningful.
AGEM_NO_PROPRIO_ORGAO = {
    "comites:gestor_adicionar": {"comites.Gestor", "portal.Pessoa"},
    "comites:gestor_remover": {"comites.Gestor"},
    "estrutura:unidade_editar": {"estrutura.Unidade"},
    "estrutura:unidade_adicionar_filha": {"estrutura.Unidade"},
    "estrutura:unidade_alterar_pai": {"estrutura.Unidade"},
    "estrutura:unidade_inativar": {"estrutura.Unidade"},
    "comites:centralizadora_remover": {"estrutura.Unidade"},
    "tramites:cancelar": {"tramites.Tramite", "tramites.HistoricoDeStatus"},
}


@pytest.mark.django_db
def test_gestor_posting_on_own_comite_changes_the_tables_the_action_writes(mundo, todas):
    client = observar.cliente(mundo, "gestor_a")
    dados = rotas.dados_de_formulario(mundo, mundo.a)
    sem_efeito = []
    for rota in todas:
        if rota.chave in AGEM_NO_PROPRIO_ORGAO:
            desfecho, mudadas = observar.postar(client, rotas.url_concreta(rota, mundo, mundo.a), dados)
            if not AGEM_NO_PROPRIO_ORGAO[rota.chave] <= set(mudadas):
                sem_efeito.append(f"{rota.chave}: {desfecho}, changed {mudadas}")
    assert not sem_efeito, "\n".join(sem_efeito)


@pytest.mark.django_db
@pytest.mark.parametrize("perfil", ["gestor_a_em_b", "supervisor_r2", "externo_em_a"])
def test_posting_with_ids_outside_ones_scope_is_refused_and_changes_nothing(mundo, todas, perfil):
    """The gestor of A with B's ids; the Supervisor of R2 and the Administrador Externo with A's."""
    client = observar.cliente(mundo, perfil)
    lado = observar.lado(mundo, perfil)
    dados = rotas.dados_de_formulario(mundo, lado)
    tentadas, falhas = [], []
    antes = observar.fotografia()
    for rota in _rotas_de_objeto(todas):
        url = rotas.url_concreta(rota, mundo, lado)
        desfecho, mudadas = observar.postar(client, url, dados, antes)
        if desfecho == "405":  # a page that takes no POST at all
            continue
        tentadas.append(rota.chave)
        if desfecho not in ("403", "404") or mudadas:
            falhas.append(f"{rota.chave} ({url}): {desfecho}, changed {mudadas}")
    assert not falhas, "\n".join(falhas)
    assert set(AGEM_NO_PROPRIO_ORGAO) <= set(tentadas)


# --- permissions.MATRIZ cell by cell ---------------------------------------------------------------------

# Spec portal-features §11. Columns: Gestão do Portal Interno (GESTOR), Gestão do Portal Outros
# (GESTOR_OUTROS), Administrador Externo (ADMIN_EXTERNO), Supervisor (SUPERVISOR), Administrador (ADMINISTRADOR).
COLUNAS_DA_MATRIZ = ("GESTOR", "GESTOR_OUTROS", "ADMIN_EXTERNO", "SUPERVISOR", "ADMINISTRADOR")
MATRIZ_ESPERADA = {
    #                                G-Int G-Out AdmExt Sup  Adm
    "GESTAO_VER":                  "✓     ✓     ✓     ✓     ✓",
    "GESTAO_CONFIGURAR":           "✓     ✓     ✓     ✓     ✓",
    "ORGAO_DEFINIR":               "·     ·     ·     ✓     ✓",
    "SISTEMA_VINCULAR":            "·     ·     ·     ✓     ✓",
    "COMITE_INATIVAR":             "·     ·     ·     ·     ✓",
    "SPE_VER":                     "✓     ·     ✓     ✓     ✓",
    "SPE_EDITAR":                  "·     ·     ·     ✓     ✓",
    "GESTOR_TECNOLOGICO_ALTERAR":  "·     ·     ·     ·     ✓",
    "CERTIFICADO_GERAR":           "✓     ·     ✓     ✓     ✓",
    "CATALOGOS_GERENCIAR":         "·     ·     ·     ·     ✓",
    "PARAMETROS_GERENCIAR":        "·     ·     ·     ·     ✓",
    "REPOSITORIOS_GERENCIAR":      "·     ·     ·     ·     ✓",
    "ESTRUTURA_IMPORTAR_SIORG":    "·     ·     ·     ·     ✓",
    "PAINEL_VER":                  "✓     ✓     ✓     ✓     ✓",
    "TRAMITE_CANCELAR":            "✓     ✓     ·     ·     ✓",
    "ACESSO_AVALIAR":              "·     ·     ·     ✓     ✓",
    "PERFIS_VER":                  "·     ·     ·     ✓     ✓",
    "PERFIS_EDITAR":               "·     ·     ·     ✓     ✓",
    "PERFIS_GERENCIAR":            "·     ·     ·     ·     ✓",
    "AUDITORIA_VER":               "✓     ✓     ·     ✓     ✓",
    "HIPOTESE_SUGERIR":            "✓     ✓     ✓     ✓     ✓",
    "IMPLANTACAO_MARCAR":          "·     ·     ·     ✓     ✓",
}


def _celulas():
    for acao, linha in MATRIZ_ESPERADA.items():
        for perfil, marca in zip(COLUNAS_DA_MATRIZ, linha.split(), strict=True):
            yield pytest.param(acao, perfil, marca == "✓", id=f"{acao}-{perfil}")


def test_matrix_table_has_one_row_per_acao_and_one_column_per_perfil():
    assert set(MATRIZ_ESPERADA) == {acao.name for acao in permissions.Acao}
    assert set(permissions.MATRIZ) == set(permissions.Acao)
    assert set(COLUNAS_DA_MATRIZ) == {perfil.name for perfil in permissions.Perfil}


@pytest.mark.parametrize(("acao", "perfil", "permitido"), list(_celulas()))
def test_matrix_cell(acao, perfil, permitido):
    assert (permissions.Perfil[perfil] in permissions.MATRIZ[permissions.Acao[acao]]) is permitido


# One holder of each profile (and an object inside its scope), from the world.
def _titular(mundo, perfil):
    return {
        "GESTOR": (mundo.pessoas["gestor_a"], mundo.a.comite),
        "GESTOR_OUTROS": (mundo.pessoas["gestor_b"], mundo.b.comite),
        "ADMIN_EXTERNO": (mundo.pessoas["externo"], mundo.b.comite),
        "SUPERVISOR": (mundo.pessoas["supervisor_r2"], mundo.comite_r2),
        "ADMINISTRADOR": (mundo.pessoas["administrador"], mundo.a.comite),
    }[perfil]


@pytest.mark.django_db
@pytest.mark.parametrize(("acao", "perfil", "permitido"), list(_celulas()))
def test_pode_follows_the_matrix_cell_for_a_holder_of_the_profile(mundo, acao, perfil, permitido):
    pessoa, objeto_no_escopo = _titular(mundo, perfil)
    assert permissions.pode(pessoa, permissions.Acao[acao]) is permitido
    assert permissions.pode(pessoa, permissions.Acao[acao], objeto_no_escopo) is permitido


# --- the scope branches of pode ---------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("acao", ["SPE_VER", "CERTIFICADO_GERAR"])
def test_gestor_of_an_orgao_whose_system_is_hosted_by_a_provider_may_not_see_spe_nor_generate_certificates(
    mundo, acao
):
    assert permissions.pode(mundo.pessoas["gestor_a"], permissions.Acao[acao], mundo.a.comite)
    assert not permissions.pode(mundo.pessoas["gestor_b"], permissions.Acao[acao], mundo.b.comite)
    assert not permissions.pode(mundo.pessoas["gestor_b"], permissions.Acao[acao], mundo.b.unidade)


@pytest.mark.parametrize("acao", ["SPE_VER", "CERTIFICADO_GERAR"])
def test_gestor_loses_spe_and_certificates_once_the_orgaos_system_moves_to_a_provider(db, acao):
    from tests.factories.comites import ComiteFactory, GestorFactory
    from tests.factories.portal import GestorTecnologicoFactory

    comite = ComiteFactory(gestor_tecnologico=GestorTecnologicoFactory())
    gestor = GestorFactory(comite=comite).pessoa
    assert permissions.pode(gestor, permissions.Acao[acao], comite)
    assert permissions.pode(gestor, permissions.Acao.GESTAO_VER, comite)

    comite.gestor_tecnologico = GestorTecnologicoFactory(nome="Dataprev", descricao="Empresa", interno=False)
    comite.save()

    assert not permissions.pode(gestor, permissions.Acao[acao], comite)
    assert permissions.pode(gestor, permissions.Acao.GESTAO_VER, comite)


@pytest.mark.parametrize("acao", ["SPE_VER", "CERTIFICADO_GERAR"])
def test_gestor_stops_listing_the_orgao_for_spe_and_certificates_once_its_system_moves_to_a_provider(db, acao):
    from comites.models import Comite
    from tests.factories.comites import ComiteFactory, GestorFactory
    from tests.factories.portal import GestorTecnologicoFactory

    comite = ComiteFactory(gestor_tecnologico=GestorTecnologicoFactory())
    gestor = GestorFactory(comite=comite).pessoa
    assert list(permissions.restringir(Comite.objects.all(), gestor, permissions.Acao[acao])) == [comite]

    comite.gestor_tecnologico = GestorTecnologicoFactory(nome="Dataprev", descricao="Empresa", interno=False)
    comite.save()

    assert list(permissions.restringir(Comite.objects.all(), gestor, permissions.Acao[acao])) == []
    assert list(permissions.restringir(Comite.objects.all(), gestor, permissions.Acao.GESTAO_VER)) == [comite]


@pytest.mark.django_db
def test_admin_externo_reaches_only_comites_of_its_gestor_tecnologico_within_its_repositorios(mundo):
    externo = mundo.pessoas["externo"]
    assert permissions.pode(externo, permissions.Acao.GESTAO_VER, mundo.b.comite)
    assert not permissions.pode(externo, permissions.Acao.GESTAO_VER, mundo.a.comite)  # same R1, Interno
    assert not permissions.pode(externo, permissions.Acao.GESTAO_VER, mundo.comite_r2)  # another repositório


@pytest.mark.django_db
def test_admin_externo_lists_only_comites_of_its_gestor_tecnologico(mundo):
    from django.urls import reverse

    with transaction.atomic():
        resposta = observar.cliente(mundo, "externo").get(reverse("comites:comite_lista"))
        transaction.set_rollback(True)
    assert resposta.status_code == 200
    conteudo = resposta.content.decode()
    assert "ORGB" in conteudo
    assert "ORGA" not in conteudo
    assert "ORGC" not in conteudo
