"""Pages of the Painel without ``COUNT(*)``: the total is the sum of the bounded per-status counters the page
computes anyway (``tramites.painel.contagem``). Past the counters' limit the page says "mais de N" and
offers the pages up to N; to go further, filter."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from tramites.painel.contagem import Contagem


class PaginadorDoPainel(Paginator):
    def __init__(self, object_list, per_page, *args, contagem: Contagem, **kwargs):
        self.contagem = contagem
        super().__init__(object_list, per_page, *args, **kwargs)

    @cached_property
    def count(self):
        return self.contagem.total

    @property
    def contagem_limitada(self) -> bool:
        """True when there are more rows than were counted (the list template then says "mais de")."""
        return self.contagem.limitada

    @property
    def limite_formatado(self) -> str:
        return f"{self.contagem.total:,}".replace(",", ".")
