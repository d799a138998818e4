"""What tramites tells ``comites.homologacao`` (``ganchos.TRAMITES_DO_COMITE``): an órgão's finished trâmites."""

from django.db.models import Q

from tramites import state_machine as sm

REMETENTE = "remetente"
DESTINATARIO = "destinatario"


def tramites_do_comite(comite):
    """The comitê's trâmites that ended in success (6) or refusal with ciência (9), with its side in each."""
    from tramites.models import Tramite

    finais = [s.value for s in sm.Status if sm.desfecho(s)]
    linhas = (Tramite.objects.filter(Q(comite_remetente=comite) | Q(comite_destinatario=comite), status__in=finais)
              .values_list("idt", "status", "ambiente", "comite_remetente_id", "comite_destinatario_id"))
    for idt, status, ambiente, remetente_id, destinatario_id in linhas.iterator():
        desfecho = sm.desfecho(status)
        if remetente_id == comite.pk:
            yield {"idt": idt, "papel": REMETENTE, "desfecho": desfecho, "ambiente": ambiente}
        if destinatario_id == comite.pk:
            yield {"idt": idt, "papel": DESTINATARIO, "desfecho": desfecho, "ambiente": ambiente}
