"""“Trâmites por situação” as a horizontal bar chart, laid out here and drawn as inline SVG by the template
(``templates/tramites/painel/grafico.html``): readable without JavaScript, colours from the state machine
(``Status.cor``, the classes of ``portal-badge``), the same numbers as a table beside it."""

from __future__ import annotations

from dataclasses import dataclass

from tramites.painel.contagem import Contagem

PERCENTUAL, QUANTIDADE = "percentual", "quantidade"
MODOS = ((PERCENTUAL, "Por percentual"), (QUANTIDADE, "Por quantidade"))

LARGURA = 640
ALTURA_DA_LINHA = 44
INICIO_DA_BARRA = 0
LARGURA_MAXIMA_DA_BARRA = 520


@dataclass(frozen=True)
class Barra:
    status: object  # state_machine.Status
    quantidade: str  # "1.234" or "mais de 10.000"
    percentual: str  # "42,5%" (of the counted total)
    rotulo: str  # "6 – Recibo de conclusão recebido pelo remetente"
    valor: str  # "42,5%" or "1.234" (or "mais de 10.000")
    cor: str
    y_texto: int
    y_barra: int
    largura: int
    x_valor: int


@dataclass(frozen=True)
class Grafico:
    modo: str
    barras: tuple[Barra, ...]
    largura: int
    altura: int
    vazio: bool


def _percentual(parte: int, total: int) -> str:
    return f"{parte * 100 / total:.1f}".replace(".", ",") + "%" if total else "0%"


def montar(contagem: Contagem, modo: str = PERCENTUAL) -> Grafico:
    modo = modo if modo in dict(MODOS) else PERCENTUAL
    total = contagem.total
    maior = max((i.quantidade for i in contagem.itens), default=0)
    barras = []
    for n, item in enumerate(contagem.itens):
        largura = round(LARGURA_MAXIMA_DA_BARRA * item.quantidade / maior) if maior else 0
        if item.quantidade and largura < 2:
            largura = 2  # a status with a handful of trâmites stays visible
        percentual = _percentual(item.quantidade, total)
        valor = ("≥ " if item.limitada else "") + percentual if modo == PERCENTUAL else item.texto
        topo = n * ALTURA_DA_LINHA
        barras.append(Barra(
            status=item.status, quantidade=item.texto, percentual=percentual, rotulo=item.status.rotulo_com_numero,
            valor=valor, cor=item.status.cor, y_texto=topo + 14,
            y_barra=topo + 20, largura=largura, x_valor=INICIO_DA_BARRA + largura + 6,
        ))
    return Grafico(modo=modo, barras=tuple(barras), largura=LARGURA, altura=max(1, len(barras)) * ALTURA_DA_LINHA,
                   vazio=total == 0)
