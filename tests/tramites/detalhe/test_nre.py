"""The NRE page: the process's journey within the person's scope, and a changed protocolo highlighted."""

from django.urls import reverse

from tests.factories.tramites import enviar, levar_a
from tramites import state_machine as sm
from tramites.models import Tramite

S = sm.Status


def _url(nre):
    return reverse("tramites:nre", args=[nre])


def _ida_e_volta(orgao_a, orgao_b, orgao_c):
    """A→B concluded, then B→C with the same NRE (the process travels on)."""
    ida = levar_a(enviar(orgao_a, orgao_b, protocolo="99999.000123/2026-11"), S.RECIBO_RECEBIDO_REMETENTE,
                  orgao_a, orgao_b)
    volta = enviar(orgao_b, orgao_c, protocolo="99999.000123/2026-11", nre=ida.nre)
    return ida, volta


def test_lists_every_trâmite_of_the_nre_for_a_gestor_of_both(orgao_a, orgao_b, orgao_c, gestor_b, como):
    ida, volta = _ida_e_volta(orgao_a, orgao_b, orgao_c)
    html = como(gestor_b).get(_url(ida.nre)).content.decode()
    assert f">{ida.idt}</a>" in html and f">{volta.idt}</a>" in html
    assert "protocolo alterado" not in html
    assert html.index(f">{ida.idt}</a>") < html.index(f">{volta.idt}</a>")  # oldest first


def test_only_trâmites_within_scope_are_listed(orgao_a, orgao_b, orgao_c, gestor_a, gestor_c, como):
    ida, volta = _ida_e_volta(orgao_a, orgao_b, orgao_c)
    html = como(gestor_c).get(_url(ida.nre)).content.decode()
    assert f">{volta.idt}</a>" in html and f">{ida.idt}</a>" not in html
    html = como(gestor_a).get(_url(ida.nre)).content.decode()
    assert f">{ida.idt}</a>" in html and f">{volta.idt}</a>" not in html


def test_nre_outside_scope_or_unknown_is_404(orgao_a, orgao_b, orgao_c, gestor_c, como):
    t = enviar(orgao_a, orgao_b)
    assert como(gestor_c).get(_url(t.nre)).status_code == 404
    assert como(gestor_c).get(_url("0000000000012026")).status_code == 404


def test_a_changed_protocol_number_is_highlighted(orgao_a, orgao_b, orgao_c, gestor_b, como):
    ida, volta = _ida_e_volta(orgao_a, orgao_b, orgao_c)
    # Legacy data: the protocolo was changed locally after the first trâmite (spec §14, a real support case).
    Tramite.objects.filter(pk=volta.pk).update(protocolo="99999.000999/2026-22")
    html = como(gestor_b).get(_url(ida.nre)).content.decode()
    assert "<mark>99999.000999/2026-22</mark>" in html and "protocolo alterado" in html
    assert "O número de protocolo mudou" in html


def test_cancel_button_only_where_the_person_may_cancel(orgao_a, orgao_b, orgao_c, gestor_b, como):
    ida, volta = _ida_e_volta(orgao_a, orgao_b, orgao_c)
    html = como(gestor_b).get(_url(ida.nre)).content.decode()
    assert reverse("tramites:cancelar", args=[volta.idt]) in html  # B sent it, status 1
    assert reverse("tramites:cancelar", args=[ida.idt]) not in html  # concluded, and B was the receiver
