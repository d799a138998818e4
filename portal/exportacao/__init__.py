"""Writing a list page's rows to a file: the formats, their writers and the report header.

``FORMATOS`` is the one list of export formats. Every writer takes the rows as an iterator (header
first, as ``Table.as_values`` yields them) and never holds them all: CSV is yielded in chunks, XLSX goes
through openpyxl's write-only mode, PDF is laid out row by row (``pdf``). The request
(``portal.views.generic.exportar``) and the background job (``portal.services.exportacoes``) both write
through ``escrever``, so a scheduled file is the file the request would have produced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from portal.exportacao.planilhas import escrever_csv, escrever_xlsx


@dataclass(frozen=True)
class Relatorio:
    """What a file says about itself: title, the filters that produced it, when and for whom."""

    titulo: str
    filtros: tuple[tuple[str, str], ...] = ()
    gerado_em: datetime = field(default_factory=timezone.now)
    gerado_por: str = ""


@dataclass(frozen=True)
class Formato:
    nome: str
    rotulo: str
    content_type: str


FORMATOS = {
    "csv": Formato("csv", "CSV", "text/csv; charset=utf-8"),
    "xlsx": Formato("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": Formato("pdf", "PDF", "application/pdf"),
}


class FormatoDesconhecido(ValueError):
    def __init__(self, formato, aceitos=tuple(FORMATOS)):
        self.formato = formato
        self.aceitos = tuple(aceitos)
        super().__init__(mensagem_de_formato_invalido(self.aceitos))


def mensagem_de_formato_invalido(aceitos) -> str:
    nomes = [FORMATOS[f].rotulo for f in aceitos if f in FORMATOS]
    if not nomes:
        return "Esta lista não pode ser exportada."
    opcoes = nomes[0] if len(nomes) == 1 else ", ".join(nomes[:-1]) + " ou " + nomes[-1]
    return f"Formato de exportação inválido. Escolha {opcoes}."


def formato(nome) -> Formato:
    if not isinstance(nome, str) or nome not in FORMATOS:
        raise FormatoDesconhecido(nome)
    return FORMATOS[nome]


def escrever(nome_do_formato: str, linhas: Iterable, relatorio: Relatorio, destino) -> None:
    """Every row of ``linhas`` in the format into the binary file object ``destino``."""
    formato(nome_do_formato)
    if nome_do_formato == "csv":
        for pedaco in escrever_csv(linhas):
            destino.write(pedaco)
    elif nome_do_formato == "xlsx":
        escrever_xlsx(linhas, relatorio.titulo, destino)
    else:
        from portal.exportacao.pdf import escrever_pdf

        escrever_pdf(linhas, relatorio, destino)
