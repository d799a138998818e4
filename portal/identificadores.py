"""Reading ids and numeric codes from text: ASCII digits only, within a signed 64-bit integer.

``str.isdigit`` also accepts ``²``, ``٣`` or ``①``, which ``int()`` then refuses (or reads as another
number) and no database column can hold more than 2**63 - 1; every id read from a URL, a form or an
imported file goes through here instead. Django's ``<int:…>`` path converter already matches
``[0-9]+`` only.
"""

MAIOR_ID = 2**63 - 1


def eh_numero_ascii(valor) -> bool:
    """True for a non-empty string of ASCII digits (any length: codes may be long)."""
    return isinstance(valor, str) and valor.isascii() and valor.isdigit()


def ler_id(valor) -> int | None:
    """The non-negative integer written in ``valor`` (ASCII digits, at most ``MAIOR_ID``); else None."""
    if isinstance(valor, int) and not isinstance(valor, bool):
        return valor if 0 <= valor <= MAIOR_ID else None
    if not eh_numero_ascii(valor) or len(valor) > 19 or int(valor) > MAIOR_ID:
        return None
    return int(valor)
