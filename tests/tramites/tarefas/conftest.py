import datetime

from django.utils import timezone

from tramites.models import Tramite


def envelhecer(tramite, dias: float, *, horas: float = 0) -> None:
    """Puts ``tramite``'s ``status_desde`` ``dias`` days (and ``horas`` hours) in the past (test setup only)."""
    momento = timezone.now() - datetime.timedelta(days=dias, hours=horas)
    Tramite.objects.filter(pk=tramite.pk).update(status_desde=momento)
    tramite.status_desde = momento
