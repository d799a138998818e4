"""XLSX cells: numbers stay numbers, text keeps the formula guard."""

from decimal import Decimal

from portal.exportacao.celulas import celula_de_xlsx


def test_numbers_stay_numbers_in_xlsx():
    assert celula_de_xlsx(42) == 42 and type(celula_de_xlsx(42)) is int
    assert celula_de_xlsx(-3) == -3
    assert celula_de_xlsx(Decimal("1.5")) == Decimal("1.5")
    assert celula_de_xlsx(2.5) == 2.5


def test_text_in_xlsx_keeps_the_formula_guard_and_drops_control_characters():
    assert celula_de_xlsx("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert celula_de_xlsx("-1+2") == "'-1+2"
    assert celula_de_xlsx("a\x00b") == "ab"
    assert celula_de_xlsx("123") == "123"  # text that looks like a number stays text (NRE, protocolo)


def test_booleans_and_none_are_text_in_xlsx():
    assert celula_de_xlsx(True) == "True"
    assert celula_de_xlsx(None) == ""
