"""The minimum-requirements checklist of an órgão in one ambiente (seeds 000 §3.5; spec §12.2).

An órgão qualifies when, in that ambiente, it has:

1. sent a trâmite that reached status 6 (recibo de conclusão recebido pelo remetente);
2. received a trâmite that reached status 6;
3. received a trâmite that it refused and that reached status 9 (recusa).

The trâmite records live in the ``tramites`` app, which sits above ``comites``: it registers a source
at start-up with ``ganchos.registrar(ganchos.TRAMITES_DO_COMITE, func)``, where ``func(comite)`` yields the órgão's
trâmites as records with ``idt``, ``papel`` (``"remetente"`` or ``"destinatario"``), ``desfecho``,
``ambiente`` and optionally ``url`` (the trâmite's page, linked from the checklist) — attributes or
mapping keys. ``desfecho`` is how the trâmite ended — ``"concluido"``
(status 6) or ``"recusado"`` (status 9), anything else for trâmites still open or cancelled — and is
decided by the trâmite state machine on the tramites side: this module never looks at status numbers.
Until a source is registered the checklist reads nothing and every item is unmet, so production
requests are blocked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from portal import ganchos

REMETENTE = "remetente"
DESTINATARIO = "destinatario"
CONCLUIDO = "concluido"  # recibo de conclusão recebido pelo remetente (status 6)
RECUSADO = "recusado"  # recusa com ciência do remetente (status 9)


@dataclass(frozen=True)
class RegistroDeTramite:
    idt: int
    papel: str
    desfecho: str
    ambiente: str
    url: str = ""


@dataclass(frozen=True)
class Requisito:
    codigo: str
    descricao: str
    papel: str
    desfecho: str


REQUISITOS: tuple[Requisito, ...] = (
    Requisito("envio", "Envio de processo com sucesso (status 6), com o órgão como remetente", REMETENTE, CONCLUIDO),
    Requisito(
        "recebimento", "Recebimento de processo com sucesso (status 6), com o órgão como destinatário",
        DESTINATARIO, CONCLUIDO,
    ),
    Requisito("recusa", "Recusa de recebimento de processo (status 9), com o órgão como destinatário",
              DESTINATARIO, RECUSADO),
)


@dataclass
class ItemDoChecklist:
    requisito: Requisito
    idts: list[int] = field(default_factory=list)
    urls: dict[int, str] = field(default_factory=dict)

    @property
    def cumprido(self) -> bool:
        return bool(self.idts)

    @property
    def referencias(self) -> list[tuple[int, str]]:
        """``(idt, url)`` of each qualifying trâmite (url "" when the source gave none)."""
        return [(idt, self.urls.get(idt, "")) for idt in self.idts]


@dataclass
class Checklist:
    ambiente: str
    itens: list[ItemDoChecklist]
    comite: object | None = None

    @property
    def cumprido(self) -> bool:
        return all(item.cumprido for item in self.itens)

    @property
    def pendentes(self) -> list[ItemDoChecklist]:
        return [item for item in self.itens if not item.cumprido]

    @property
    def quantidade_cumprida(self) -> int:
        return sum(1 for item in self.itens if item.cumprido)


FonteDeTramites = Callable[[object], Iterable]


def _campo(registro, nome):
    if isinstance(registro, dict):
        return registro.get(nome)
    return getattr(registro, nome, None)


def _registros(comite) -> Iterable[RegistroDeTramite]:
    for fonte in ganchos.obter(ganchos.TRAMITES_DO_COMITE):
        for registro in fonte(comite) or ():
            try:
                yield RegistroDeTramite(
                    idt=int(_campo(registro, "idt")),
                    papel=str(_campo(registro, "papel") or ""),
                    desfecho=str(_campo(registro, "desfecho") or ""),
                    ambiente=str(_campo(registro, "ambiente") or ""),
                    url=str(_campo(registro, "url") or ""),
                )
            except (TypeError, ValueError):
                continue


def verificar(comite, ambiente: str) -> Checklist:
    """The checklist of ``comite``'s órgão from its trâmites in ``ambiente`` (comite may be None)."""
    itens = [ItemDoChecklist(requisito) for requisito in REQUISITOS]
    if comite is not None:
        for registro in _registros(comite):
            if registro.ambiente != ambiente:
                continue
            for item in itens:
                req = item.requisito
                if registro.papel == req.papel and registro.desfecho == req.desfecho and registro.idt not in item.idts:
                    item.idts.append(registro.idt)
                    if registro.url:
                        item.urls[registro.idt] = registro.url
    for item in itens:
        item.idts.sort()
    return Checklist(ambiente=ambiente, itens=itens, comite=comite)
