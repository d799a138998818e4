"""What a cell may hold in an exported file: no control characters, no formula a spreadsheet would run.

CSV and XLSX files are opened in spreadsheets, which evaluate a cell starting with ``=``, ``+``, ``-`` or
``@`` (and, in some of them, a leading tab or carriage return) as a formula: text typed by anyone (an
órgão's name in an access request, a trâmite's description) could then run ``=HYPERLINK(…)`` or DDE on
the reader's machine (CSV injection). Such text is prefixed with an apostrophe, which spreadsheets show
as plain text. Numbers keep their sign: ``-3`` is a number, not a formula.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

INICIO_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMERO = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def sem_controle(texto: str) -> str:
    """Drops NUL and the other C0 control characters except tab and line breaks (XLSX rejects them)."""
    return texto if texto.isprintable() else ILLEGAL_CHARACTERS_RE.sub("", texto)


def neutralizar_formula(texto: str) -> str:
    if texto[:1] in INICIO_DE_FORMULA and not _NUMERO.fullmatch(texto):
        return "'" + texto
    return texto


def celula_de_planilha(valor) -> str:
    """The text of a CSV or XLSX cell (``None`` → empty)."""
    if valor is None:
        return ""
    texto = valor if type(valor) is str else str(valor)
    if texto.isprintable() and texto[:1] not in INICIO_DE_FORMULA:
        return texto  # the usual cell, checked in two C calls
    return neutralizar_formula(sem_controle(texto))


def texto_legivel(valor) -> str:
    """A value as a person reads it (PDF): dd/mm/aaaa hh:mm in Brasília time, Sim/Não, one line."""
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "Sim" if valor else "Não"
    if isinstance(valor, datetime):
        if timezone.is_aware(valor):
            valor = timezone.localtime(valor)
        return valor.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(valor, date):
        return valor.strftime("%d/%m/%Y")
    return " ".join(sem_controle(str(valor)).split())
