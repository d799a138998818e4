"""CSV (streamed a few hundred rows at a time) and XLSX (openpyxl write-only: rows go to disk, not memory)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from openpyxl import Workbook

from portal.exportacao.celulas import celula_de_planilha

LINHAS_POR_PEDACO = 500  # CSV rows per yielded chunk


def escrever_csv(linhas: Iterable) -> Iterator[bytes]:
    """CSV (UTF-8 with BOM, ';', formulas neutralised), yielded in chunks: never the whole file in memory."""
    saida = io.StringIO()
    saida.write("\ufeff")
    escritor = csv.writer(saida, delimiter=";")
    for numero, linha in enumerate(linhas, 1):
        escritor.writerow([celula_de_planilha(v) for v in linha])
        if numero % LINHAS_POR_PEDACO == 0:
            yield saida.getvalue().encode()
            saida.seek(0)
            saida.truncate()
    yield saida.getvalue().encode()


def escrever_xlsx(linhas: Iterable, nome: str, destino) -> None:
    """XLSX into the file object ``destino``; openpyxl's write-only mode streams rows to a temporary file."""
    livro = Workbook(write_only=True)
    planilha = livro.create_sheet(title=_nome_da_planilha(nome))
    for linha in linhas:
        planilha.append([celula_de_planilha(v) for v in linha])
    livro.save(destino)


def _nome_da_planilha(nome: str) -> str:
    # Excel forbids []:*?/\ in sheet names and allows at most 31 characters.
    limpo = "".join(" " if c in "[]:*?/\\" else c for c in celula_de_planilha(nome or "")).strip(" '")
    return (limpo or "Relatório")[:31]
