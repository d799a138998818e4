"""A paginator that stops counting: for lists that grow without bound (the audit trail).

An exact ``COUNT(*)`` over a million audit records costs more than the page itself, on every load.
``ContagemLimitada`` counts at most ``LIMITE + 1`` rows (``SELECT COUNT(*) FROM (… LIMIT n)``); past the
limit the page says "mais de 10.000" and offers the first ``LIMITE / por página`` pages — to go further,
filter.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

LIMITE = 10_000


class ContagemLimitada(Paginator):
    limite = LIMITE

    @cached_property
    def count(self):
        consulta = _queryset(self.object_list)
        if consulta is None:
            return len(self.object_list)
        return consulta.order_by()[: self.limite + 1].count()  # unordered: the scan stops at the limit

    @property
    def contagem_limitada(self) -> bool:
        """True when there are more rows than were counted."""
        return self.count > self.limite

    @property
    def limite_formatado(self) -> str:
        return f"{self.limite:,}".replace(",", ".")


def _queryset(lista):
    """The queryset behind ``lista``: itself, or the one under django-tables2's rows (BoundRows → TableData)."""
    for _ in range(3):
        if isinstance(lista, QuerySet):
            return lista
        lista = getattr(lista, "data", None)
    return None
