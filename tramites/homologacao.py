"""What tramites tells ``comites.homologacao`` (``ganchos.TRAMITES_DO_COMITE``): an órgão's finished trâmites.

Bounded: for each side of the órgão and each outcome the checklist counts (concluded, 6; refused with
ciência, 9) at most ``POR_DESFECHO`` trâmites, the most recent, so a big órgão's comitê page does not
read its whole history. Each record carries the URL of the trâmite's page in the Painel when that page
exists (``tramites:tramite``).
"""

from django.urls import NoReverseMatch, reverse

from tramites import state_machine as sm

REMETENTE = "remetente"
DESTINATARIO = "destinatario"
POR_DESFECHO = 10
_CAMPO_DO_LADO = {REMETENTE: "comite_remetente", DESTINATARIO: "comite_destinatario"}


def url_do_tramite(idt: int) -> str:
    """The trâmite's page in the Painel ("" while the URLconf has none)."""
    try:
        return reverse("tramites:tramite", args=[idt])
    except NoReverseMatch:
        return ""


def tramites_do_comite(comite):
    """The comitê's trâmites that ended in success (6) or refusal with ciência (9), with its side in each."""
    from tramites.models import Tramite

    finais = [s for s in sm.Status if sm.desfecho(s)]
    for papel, campo in _CAMPO_DO_LADO.items():
        for status in finais:
            linhas = (Tramite.objects.filter(**{campo: comite}, status=status.value)
                      .order_by("-idt").values_list("idt", "ambiente")[:POR_DESFECHO])
            for idt, ambiente in linhas:
                yield {"idt": idt, "papel": papel, "desfecho": sm.desfecho(status), "ambiente": ambiente,
                       "url": url_do_tramite(idt)}
