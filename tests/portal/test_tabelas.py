"""List tables: one sort indicator with aria-sort, numbers that never wrap, actions kept in view,
destructive actions set apart (and confirmed on their own page)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories.hipoteses import HipoteseLegalFactory

pytestmark = pytest.mark.django_db

SETAS = re.compile(r"[▲▼]")


def _cabecalhos_ordenados(html):
    achados = re.findall(r'<th scope="col"[^>]*aria-sort="(ascending|descending)"[^>]*>\s*<a[^>]*>([^<]*)', html)
    return [(ordem, rotulo.strip()) for ordem, rotulo in achados]


def test_people_list_marks_only_the_name_column_as_sorted(client_admin, gestor):
    html = client_admin.get(reverse("portal:perfis")).content.decode()
    assert _cabecalhos_ordenados(html) == [("ascending", "Nome")]
    assert len(SETAS.findall(html)) == 1


def test_queryset_ordered_by_two_columns_shows_one_indicator(client_admin, comite, outro_comite):
    # comitês are ordered by (órgão, ambiente): django-tables2 reports both columns as ordered.
    html = client_admin.get(reverse("comites:comite_lista")).content.decode()
    assert _cabecalhos_ordenados(html) == [("ascending", "Órgão/Entidade")]
    assert len(SETAS.findall(html)) == 1


def test_descending_sort_is_announced_as_descending(client_admin):
    html = client_admin.get(reverse("portal:auditoria")).content.decode()
    assert [ordem for ordem, _ in _cabecalhos_ordenados(html)] == ["descending"]
    html = client_admin.get(reverse("portal:perfis") + "?sort=-nome").content.decode()
    assert _cabecalhos_ordenados(html) == [("descending", "Nome")]


def test_cpf_and_phone_cells_never_wrap(client_admin, gestor):
    html = client_admin.get(reverse("portal:perfis")).content.decode()
    celulas = re.findall(r'<td class="portal-nowrap"[^>]*>([^<]*)</td>', html)
    assert gestor.telefone in celulas and gestor.celular in celulas
    assert any(re.fullmatch(r"[\d*.\-]{14}", c) for c in celulas)  # the (masked or not) CPF


def test_action_column_is_marked_to_stay_in_view(client_admin, gestor):
    html = client_admin.get(reverse("portal:perfis")).content.decode()
    assert re.search(r'<th scope="col"[^>]*data-acoes[^>]*>\s*Editar', html)
    assert re.search(r'<td[^>]*data-acoes[^>]*><a class="br-button', html)
    css = (Path(__file__).parents[2] / "static/css/portal.css").read_text()
    assert re.search(r"\.portal-tabela \[data-acoes\] \{[^}]*position: sticky; right: 0", css)


def test_delete_in_catalogue_list_is_red_and_leads_to_a_confirmation_page(client_admin):
    HipoteseLegalFactory()
    html = client_admin.get(reverse("hipoteses:hipotese_lista")).content.decode()
    excluir = re.findall(r'<a href="([^"]*/excluir/)"( class="portal-perigo")?[^>]*>Excluir</a>', html)
    assert excluir and all(classe for _, classe in excluir)
    assert not re.search(r'class="portal-perigo"[^>]*>(Editar|Inativar|Reativar)<', html)
    confirmacao = client_admin.get(excluir[0][0])
    assert confirmacao.status_code == 200 and 'class="br-button danger"' in confirmacao.content.decode()


def test_remove_gestor_button_is_a_danger_button(client_admin, comite, gestor):
    html = client_admin.get(reverse("comites:gestores", args=[comite.pk])).content.decode()
    assert re.search(r'class="br-button danger small" href="[^"]*/remover/">Remover', html)
