"""PDF export: landscape A4 with the report's title, filters and generation time, page numbers, pt-BR.

Rows are laid out one by one as they come from the iterator (the table's queryset read in chunks), with
the column header repeated on every page. Column widths come from the header and a sample of the first
rows; a long cell wraps onto at most ``MAX_LINHAS_POR_CELULA`` lines and ends with "..." beyond that, so
a row never outgrows a page. Text is measured with the core font's metrics directly (fpdf2's own
measuring goes through its bidirectional-text machinery, ~20x slower for this use).

The core fonts (Helvetica) cover Latin-1, which holds every Portuguese letter; other characters are
replaced by their closest Latin-1 form (dashes, quotes) or "?" (``latin1``). fpdf2 keeps the pages in
memory until the file is written (a few kB per page, compressed): the PDF is for reading, and the
Painel's large exports go to a background job like the others.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from django.utils import timezone
from fpdf import FPDF

from portal.exportacao.celulas import texto_legivel

FONTE = "Helvetica"
CORPO_PT = 7
CABECALHO_PT = 7
ALTURA_DA_LINHA = 3.2  # mm, for CORPO_PT
RESPIRO = 1.0  # mm of padding inside each cell
MAX_LINHAS_POR_CELULA = 4
AMOSTRA = 200  # rows read ahead to size the columns
LARGURA_MINIMA = 12.0  # mm
RETICENCIAS = "..."

_TROCAS = {
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201a": ",", "\u201c": '"',
    "\u201d": '"', "\u201e": '"', "\u2026": "...", "\u2022": "-", "\u00a0": " ", "\u20ac": "EUR", "\u2122": "TM",
}


@lru_cache(maxsize=4096)
def _caractere_latin1(c: str) -> str:
    if c in _TROCAS:
        return _TROCAS[c]
    codigo = ord(c)
    if codigo < 0x20 or 0x7F <= codigo < 0xA0:
        return ""  # control characters
    if codigo < 0x100:
        return c
    base = "".join(b for b in unicodedata.normalize("NFKD", c) if ord(b) < 0x100 and not unicodedata.combining(b))
    return base or "?"


def latin1(texto: str) -> str:
    """``texto`` with every character in Latin-1 (the core fonts' encoding)."""
    if texto.isascii() and texto.isprintable():
        return texto
    return "".join(_caractere_latin1(c) for c in texto)


class _Documento(FPDF):
    def __init__(self, relatorio):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.relatorio = relatorio
        self.colunas: list[str] = []
        self.larguras: list[float] = []
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(False)  # rows decide page breaks themselves (the header must repeat)
        self.set_title(latin1(relatorio.titulo))
        self.set_creator("Portal de Administração do Tramita.GOV.BR")
        self.set_lang("pt-BR")

    # --- page furniture -------------------------------------------------------------------------------
    def header(self):
        relatorio = self.relatorio
        self.set_text_color(0)
        self.set_font(FONTE, "B", 12)
        self.cell(0, 6, latin1(relatorio.titulo), new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONTE, "", 8)
        momento = timezone.localtime(relatorio.gerado_em).strftime("%d/%m/%Y às %H:%M")
        gerado = f"Gerado em {momento} (horário de Brasília)"
        if relatorio.gerado_por:
            gerado += f" por {relatorio.gerado_por}"
        self.cell(0, 4, latin1(gerado), new_x="LMARGIN", new_y="NEXT")
        filtros = "; ".join(f"{rotulo}: {valor}" for rotulo, valor in relatorio.filtros)
        texto = f"Filtros: {filtros}" if filtros else "Filtros: nenhum (todos os registros visíveis ao seu perfil)"
        linhas = _quebrar(latin1(texto), self.epw, self.current_font.cw, self.font_size_pt, maximo=3)
        for linha in linhas:
            self.cell(0, 3.6, linha, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)
        if self.colunas:
            self._cabecalho_da_tabela()

    def footer(self):
        self.set_y(-8)
        self.set_font(FONTE, "", 7)
        self.set_text_color(90)
        self.cell(self.epw / 2, 4, latin1(self.relatorio.titulo[:120]))
        self.cell(self.epw / 2, 4, f"Página {self.page_no()} de {{nb}}", align="R")

    # --- the table ------------------------------------------------------------------------------------
    def _cabecalho_da_tabela(self):
        self.set_font(FONTE, "B", CABECALHO_PT)
        celulas = [_quebrar(c, w - 2 * RESPIRO, self.current_font.cw, CABECALHO_PT)
                   for c, w in zip(self.colunas, self.larguras, strict=True)]
        altura = max(len(c) for c in celulas) * ALTURA_DA_LINHA + RESPIRO
        self.set_fill_color(219, 232, 251)  # gov.br blue-warm-vivid-10
        self.rect(self.l_margin, self.y, self.epw, altura, style="F")
        self._escrever_celulas(celulas, altura)
        self.set_font(FONTE, "", CORPO_PT)

    def _escrever_celulas(self, celulas, altura):
        x, y = self.l_margin, self.y
        for linhas, largura in zip(celulas, self.larguras, strict=True):
            for i, linha in enumerate(linhas):
                self.text(x + RESPIRO, y + RESPIRO + (i + 0.75) * ALTURA_DA_LINHA, linha)
            x += largura
        self.set_draw_color(200)
        self.line(self.l_margin, y + altura, self.l_margin + self.epw, y + altura)
        self.set_y(y + altura)

    def linha(self, valores):
        cw = self.current_font.cw
        celulas = [_quebrar(latin1(texto_legivel(v)), w - 2 * RESPIRO, cw, CORPO_PT)
                   for v, w in zip(valores, self.larguras, strict=True)]
        altura = max(len(c) for c in celulas) * ALTURA_DA_LINHA + RESPIRO
        if self.y + altura > self.h - 12:
            self.add_page()
        self._escrever_celulas(celulas, altura)


def _largura(texto: str, cw, tamanho_pt: float) -> float:
    return sum(cw.get(c, 600) for c in texto) * tamanho_pt / 1000 * 25.4 / 72


def _quebrar(texto: str, largura: float, cw, tamanho_pt: float, maximo: int = MAX_LINHAS_POR_CELULA) -> list[str]:
    """``texto`` in lines that fit ``largura`` mm (words broken only when longer than a line)."""
    if not texto:
        return [""]
    if _largura(texto, cw, tamanho_pt) <= largura:
        return [texto]
    escala = tamanho_pt / 1000 * 25.4 / 72
    limite = largura / escala
    linhas: list[str] = []
    atual, ocupado = "", 0.0
    espaco = cw.get(" ", 278)
    for palavra in texto.split(" "):
        largura_palavra = sum(cw.get(c, 600) for c in palavra)
        extra = largura_palavra + (espaco if atual else 0)
        if ocupado + extra <= limite:
            atual, ocupado = (f"{atual} {palavra}" if atual else palavra), ocupado + extra
            continue
        if atual:
            linhas.append(atual)
        atual, ocupado = "", 0.0
        for c in palavra:  # a word longer than the line is cut where it no longer fits
            largura_c = cw.get(c, 600)
            if ocupado + largura_c > limite and atual:
                linhas.append(atual)
                atual, ocupado = "", 0.0
            atual += c
            ocupado += largura_c
        if len(linhas) > maximo:
            break
    if atual:
        linhas.append(atual)
    if len(linhas) > maximo:
        linhas = linhas[:maximo]
        ultima = linhas[-1]
        reticencias = sum(cw.get(c, 600) for c in RETICENCIAS)
        while ultima and sum(cw.get(c, 600) for c in ultima) + reticencias > limite:
            ultima = ultima[:-1]
        linhas[-1] = ultima.rstrip() + RETICENCIAS
    return linhas


def _larguras(colunas: list[str], amostra: list[list], disponivel: float, cw, cw_negrito) -> list[float]:
    """Widths in mm: each column's typical content (90th percentile of the sample, header words included),
    scaled to fill the page."""
    desejadas = []
    for i, coluna in enumerate(colunas):
        maior_palavra = max((_largura(p, cw_negrito, CABECALHO_PT) for p in coluna.split()), default=0)
        medidas = sorted(_largura(latin1(texto_legivel(linha[i])), cw, CORPO_PT) for linha in amostra)
        tipica = medidas[int(len(medidas) * 0.9)] if medidas else 0
        desejadas.append(max(maior_palavra, min(tipica, 90.0), LARGURA_MINIMA - 2 * RESPIRO) + 2 * RESPIRO)
    total = sum(desejadas)
    if total <= 0:
        return [disponivel / max(len(colunas), 1)] * len(colunas)
    return [d * disponivel / total for d in desejadas]


def escrever_pdf(linhas: Iterable, relatorio, destino) -> None:
    """Header + rows (``linhas``, as from ``table.as_values``) as a PDF written into the file ``destino``."""
    linhas = iter(linhas)
    colunas = [latin1(texto_legivel(c)) for c in next(linhas, [])]
    amostra = list(islice(linhas, AMOSTRA))
    documento = _Documento(relatorio)
    documento.set_font(FONTE, "B", CABECALHO_PT)
    cw_negrito = documento.current_font.cw
    documento.set_font(FONTE, "", CORPO_PT)
    documento.colunas = colunas
    documento.larguras = _larguras(colunas, amostra, documento.epw, documento.current_font.cw, cw_negrito)
    documento.add_page()
    documento.set_font(FONTE, "", CORPO_PT)
    vazio = True
    for valores in _encadear(amostra, linhas):
        documento.linha(valores)
        vazio = False
    if vazio:
        documento.set_font(FONTE, "I", 9)
        documento.cell(0, 8, "Nenhum registro encontrado.", new_x="LMARGIN", new_y="NEXT")
    documento.output(destino)


def _encadear(primeiras: list, restantes: Iterator) -> Iterator:
    yield from primeiras
    yield from restantes
