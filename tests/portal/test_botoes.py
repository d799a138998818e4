"""Button groups follow one rule across the portal: the primary action comes first (left), then the
secondary ones (Voltar, Cancelar…), and a group has at most one primary button."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

RAIZ = Path(__file__).parents[2]
TEMPLATES = sorted(p for pasta in ("templates", "portal", "comites", "estrutura", "hipoteses", "tramites")
                   for p in (RAIZ / pasta).rglob("*.html") if "node_modules" not in p.parts)
GRUPO = re.compile(r'class="portal-botoes[^"]*"[^>]*>(.*?)</(?:div|form)>', re.S)


def _grupos():
    for caminho in TEMPLATES:
        for grupo in GRUPO.findall(caminho.read_text(encoding="utf-8")):
            estilos = re.findall(r"br-button (primary|secondary|danger)", grupo)
            if estilos:
                yield caminho.relative_to(RAIZ), estilos


def test_templates_were_found():
    assert len(list(_grupos())) > 20


@pytest.mark.parametrize("caminho,estilos", list(_grupos()), ids=lambda v: str(v) if isinstance(v, Path) else "")
def test_primary_action_comes_first_in_every_button_group(caminho, estilos):
    principais = [e for e in estilos if e in ("primary", "danger")]
    if principais:
        assert estilos[0] in ("primary", "danger"), f"{caminho}: {estilos}"


@pytest.mark.django_db
def test_list_page_actions_have_one_primary_button(client_admin):
    html = client_admin.get(reverse("portal:perfis")).content.decode()
    acoes = re.search(r'<div class="portal-acoes-pagina">(.*?)</div>', html, re.S).group(1)
    assert re.findall(r"br-button (primary|secondary)", acoes) == ["primary", "secondary"]
