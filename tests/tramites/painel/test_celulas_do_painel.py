"""The Painel's cells as HTML: units with their whole name in ``title`` (CSS shows two lines), the status
number in the badge with the official label beside it, dates splittable between date and time only, and
the table's wrapper a focusable, named region."""

import re

from django.utils.html import escape

from tramites import state_machine as sm


def test_units_carry_their_whole_name_in_the_title(tramite_em, gestor_a, cliente_de, orgao_a, orgao_b):
    tramite_em(sm.Status.INICIADO)
    html = cliente_de(gestor_a).get("/painel/").content.decode()
    for unidade in (orgao_a.protocolo, orgao_b.protocolo):
        nome = escape(str(unidade))
        assert f'<span class="portal-duas-linhas" title="{nome}">{nome}</span>' in html


def test_status_badge_holds_the_number_and_the_label_follows(tramite_em, gestor_a, cliente_de):
    status = sm.Status.RECUSADO
    tramite_em(status)
    html = cliente_de(gestor_a).get("/painel/").content.decode()
    celula = re.search(r'<td class="portal-painel-situacao">(.*?)</td>', html).group(1)
    assert f">{status.value}</span>" in celula and f"portal-badge {status.cor}" in celula
    texto = re.sub(r"<[^>]+>", "", celula)
    assert texto == status.rotulo_com_numero  # what a screen reader hears, as the exports write it


def test_dates_break_only_between_date_and_time(tramite_em, gestor_a, cliente_de):
    tramite_em(sm.Status.INICIADO)
    html = cliente_de(gestor_a).get("/painel/").content.decode()
    assert re.search(r'<td class="portal-painel-data"><span class="portal-nowrap">\d\d/\d\d/\d{4}</span> '
                     r'<span class="portal-nowrap">\d\d:\d\d:\d\d</span></td>', html)


def test_table_wrapper_is_a_focusable_named_region(tramite_em, gestor_a, cliente_de):
    tramite_em(sm.Status.INICIADO)
    html = cliente_de(gestor_a).get("/painel/").content.decode()
    assert ('<div class="br-table portal-tabela" tabindex="0" role="region" '
            'aria-label="Tabela: Últimos trâmites ocorridos no Tramita.GOV.BR">') in html


def test_generic_lists_name_their_region_after_the_page(client_admin):
    html = client_admin.get("/auditoria/").content.decode()
    assert re.search(r'<div class="br-table portal-tabela" tabindex="0" role="region" aria-label="Tabela: [^"]+">',
                     html)
