"""The one rule of tramites/visibilidade.py, per trâmite and as a queryset filter (they must agree)."""

import pytest

from tests.factories.tramites import enviar, levar_a
from tramites import state_machine as sm
from tramites.models import NivelDeSigilo, Tramite
from tramites.visibilidade import filtro_conteudo_visivel, pode_ver_conteudo, pode_ver_dados

S = sm.Status


@pytest.fixture
def casos(orgao_a, orgao_b):
    publico = enviar(orgao_a, orgao_b)
    restrito = enviar(orgao_a, orgao_b, nivel_de_sigilo=NivelDeSigilo.RESTRITO)
    sigiloso = enviar(orgao_a, orgao_b, nivel_de_sigilo=NivelDeSigilo.SIGILOSO)
    recusado = levar_a(enviar(orgao_a, orgao_b), S.RECUSADO, orgao_a, orgao_b)
    ciente = levar_a(enviar(orgao_a, orgao_b), S.CIENCIA_RECUSA, orgao_a, orgao_b)
    return {"publico": publico, "restrito": restrito, "sigiloso": sigiloso, "recusado": recusado, "ciente": ciente}


ESPERADO = {  # who sees the content of each case
    "gestor_a": {"publico", "restrito", "sigiloso", "recusado", "ciente"},
    "gestor_b": {"publico", "restrito", "sigiloso"},
    "admin": {"publico", "recusado", "ciente"},
    "gestor_c": {"publico", "recusado", "ciente"},  # out of scope anyway; the rule itself hides only restricted
}


@pytest.mark.parametrize("quem", sorted(ESPERADO))
def test_rule_per_trâmite_and_as_filter_agree(casos, quem, request):
    pessoa = request.getfixturevalue(quem)
    vistos = {nome for nome, t in casos.items() if pode_ver_conteudo(pessoa, Tramite.objects.get(pk=t.pk))}
    assert vistos == ESPERADO[quem]
    ids = {t.pk: nome for nome, t in casos.items()}
    filtrados = set(Tramite.objects.filter(pk__in=ids).filter(filtro_conteudo_visivel(pessoa))
                    .values_list("pk", flat=True))
    assert {ids[pk] for pk in filtrados} == ESPERADO[quem]


def test_refusal_rule_hides_data_only_from_the_receiving_side(casos, gestor_a, gestor_b, admin):
    for nome in ("recusado", "ciente"):
        t = casos[nome]
        assert pode_ver_dados(gestor_a, t) and not pode_ver_dados(gestor_b, t) and pode_ver_dados(admin, t)


def test_a_document_level_protects_its_own_content(casos, admin, gestor_b):
    t = casos["publico"]
    assert not pode_ver_conteudo(admin, t, NivelDeSigilo.SIGILOSO)
    assert pode_ver_conteudo(gestor_b, t, NivelDeSigilo.SIGILOSO)
