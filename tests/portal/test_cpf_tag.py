"""The CPF display rule: full to its owner and to Administradores, masked to everyone else."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from portal.templatetags.cpf import cpf_visivel
from tests.factories.portal import PessoaFactory

pytestmark = pytest.mark.django_db

CPF = "52998224725"
COMPLETO = "529.982.247-25"
MASCARADO = "***.982.247-**"


@pytest.fixture
def dono(db):
    return PessoaFactory(cpf=CPF)


def _render(usuario, dono, trecho="{% cpf_para dono %}"):
    return Template("{% load cpf %}" + trecho).render(Context({"user": usuario, "dono": dono}))


def test_owner_sees_their_cpf_in_full(dono):
    assert _render(dono, dono) == COMPLETO


def test_administrador_sees_anyone_cpf_in_full(admin, dono):
    assert _render(admin, dono) == COMPLETO


def test_supervisor_sees_other_people_cpf_masked(supervisor, dono):
    assert _render(supervisor, dono) == MASCARADO


def test_gestor_sees_other_people_cpf_masked(gestor, dono):
    assert _render(gestor, dono) == MASCARADO


def test_anonymous_sees_masked_cpf(dono):
    assert _render(AnonymousUser(), dono) == MASCARADO
    assert cpf_visivel(None, dono) == MASCARADO


def test_filter_form_follows_the_same_rule(admin, supervisor, dono):
    assert _render(admin, dono, "{{ dono|cpf_para:user }}") == COMPLETO
    assert _render(supervisor, dono, "{{ dono|cpf_para:user }}") == MASCARADO


def test_inactive_administrador_no_longer_sees_cpfs_in_full(admin, dono):
    admin.is_active = False
    assert _render(admin, dono) == MASCARADO


def test_formatar_cpf_filter_formats_digits():
    assert Template("{% load cpf %}{{ cpf|formatar_cpf }}").render(Context({"cpf": CPF})) == COMPLETO
