"""NUP (número único de protocolo): format, check digits and the legacy forms still in circulation.

Spec ``nup-cpf.md`` Part B. The NUP in force has 17 digits, ``NNNNN.NNNNNN/AAAA-DD``: 5-digit code of
the unidade protocolizadora, 6-digit yearly sequence, 4-digit year and two check digits (mod 11, weights
2, 3, 4… from the right; 11 − remainder, where 10 → 0 and 11 → 1). The DV rule is **not** the CPF's
(remainder 0 gives 1 here, 0 there): nothing is shared with ``portal.validators``.

Accepted as input (surrounding spaces ignored):

* ``NNNNN.NNNNNN/AAAA-DD`` or the same 17 digits without punctuation (strict: the DV must check);
* ``NNNNN.NNNNNN/AAAA-DV`` — old NUPs printed with the letters ``DV`` (Portaria SLTI 3/2003, art. 7):
  the letters are replaced by the computed digits;
* the short-year form ``NNNNN.NNNNNN/AA-DD`` printed on older processes: its DV was computed on the
  13-digit base with the 2-digit year for years before 2000 (``AA`` ≥ 50) and on the expanded year from
  2000 on; it is kept as printed, since expanding the year would change which DV is right.

The UP code range is never checked (there are no ranges since PI 11/2019). Any other text — letters,
other masks (CNJ, TCU…), digits outside ASCII (``٣``, ``３``, ``²``), control characters, NUL — is
refused with a ``ValueError`` whose pt-BR message says what is wrong.
"""

from __future__ import annotations

import re
import unicodedata

TAMANHO_MAXIMO_DA_ENTRADA = 40
"""Longer text cannot be a NUP (the longest accepted form has 20 characters); refused before parsing."""

_FORMATADO = re.compile(r"([0-9]{5})\.([0-9]{6})/([0-9]{4})-([0-9]{2}|DV)", re.ASCII)
_SO_DIGITOS = re.compile(r"[0-9]{17}", re.ASCII)
_ANO_CURTO = re.compile(r"([0-9]{5})\.([0-9]{6})/([0-9]{2})-([0-9]{2})", re.ASCII)

FORMATO = "NNNNN.NNNNNN/AAAA-DD"


def _dv(digitos: str) -> int:
    soma = sum(int(c) * peso for c, peso in zip(reversed(digitos), range(2, 2 + len(digitos)), strict=True))
    resto = 11 - soma % 11
    return resto - 10 if resto > 9 else resto  # 10 -> 0, 11 -> 1


def digitos_verificadores(base: str) -> str:
    """The two check digits of a base of ASCII digits (15 for the NUP in force, 13 for a short year)."""
    if not (base.isascii() and base.isdigit()):
        raise ValueError("A base do NUP deve conter apenas os algarismos de 0 a 9.")
    primeiro = _dv(base)
    return f"{primeiro}{_dv(base + str(primeiro))}"


def formatar(base15: str) -> str:
    """The formatted NUP of a 15-digit base (``NNNNNNNNNNNAAAA``), check digits computed."""
    if len(base15) != 15:
        raise ValueError("A base do NUP deve ter 15 algarismos (unidade, sequencial e ano).")
    return f"{base15[:5]}.{base15[5:11]}/{base15[11:]}-{digitos_verificadores(base15)}"


def _conferir_caracteres(texto: str) -> None:
    if len(texto) > TAMANHO_MAXIMO_DA_ENTRADA:
        raise ValueError(f"O NUP informado é longo demais ({len(texto)} caracteres); o formato é {FORMATO}.")
    for caractere in texto:
        if caractere.isascii() and caractere.isprintable():
            continue
        if caractere == "\x00" or unicodedata.category(caractere).startswith("C"):
            raise ValueError(
                f"O NUP contém um caractere de controle (código {ord(caractere)}), que não é aceito."
            )
        if caractere.isdigit() or unicodedata.category(caractere) == "Nd":
            raise ValueError(
                f"O NUP contém o dígito “{caractere}”, que não é um algarismo de 0 a 9: "
                "use apenas os algarismos ASCII."
            )
        raise ValueError(f"O NUP contém o caractere “{caractere}”, que não é aceito; o formato é {FORMATO}.")


PIVO_DO_ANO_CURTO = 50
"""A short year ``AA`` of at least 50 is 19AA, below it 20AA."""


def _dv_do_ano_curto(up: str, sequencial: str, ano: str) -> str:
    """Years before 2000 computed the DV on the 2-digit year (13-digit base); later ones on the expanded
    year (``10980.013506/92-65``, ``23069.054576/07-82``)."""
    if int(ano) >= PIVO_DO_ANO_CURTO:
        return digitos_verificadores(up + sequencial + ano)
    return digitos_verificadores(up + sequencial + "20" + ano)


def normalizar_nup(texto) -> str:
    """The canonical NUP (``NNNNN.NNNNNN/AAAA-DD``, or ``NNNNN.NNNNNN/AA-DD`` for a short-year legacy
    NUP); ``ValueError`` with a pt-BR message naming the problem otherwise."""
    if not isinstance(texto, str):
        raise ValueError(f"O NUP deve ser informado como texto no formato {FORMATO}.")
    _conferir_caracteres(texto)
    texto = texto.strip()
    if not texto:
        raise ValueError("O NUP não foi informado.")
    if _SO_DIGITOS.fullmatch(texto):
        up, sequencial, ano, dv = texto[:5], texto[5:11], texto[11:15], texto[15:]
    elif encontrado := _FORMATADO.fullmatch(texto):
        up, sequencial, ano, dv = encontrado.groups()
    elif encontrado := _ANO_CURTO.fullmatch(texto):
        up, sequencial, ano, dv = encontrado.groups()
        esperado = _dv_do_ano_curto(up, sequencial, ano)
        if dv != esperado:
            raise ValueError(
                f"Os dígitos verificadores do NUP {texto} não conferem: o correto é {esperado} "
                f"({_qual_dv(dv, esperado)})."
            )
        return texto
    else:
        raise ValueError(f"O NUP “{texto}” não está no formato {FORMATO}: {_parte_errada(texto)}.")
    base = up + sequencial + ano
    esperado = digitos_verificadores(base)
    if dv != "DV" and dv != esperado:
        raise ValueError(
            f"Os dígitos verificadores do NUP {up}.{sequencial}/{ano}-{dv} não conferem: o correto é {esperado} "
            f"({_qual_dv(dv, esperado)})."
        )
    return f"{up}.{sequencial}/{ano}-{esperado}"


# The parts of the mask, in order: (name in the message, expected digit counts).
_PARTES = (
    ("o código da unidade protocolizadora (antes do ponto)", (5,)),
    ("o número sequencial (entre o ponto e a barra)", (6,)),
    ("o ano (entre a barra e o hífen)", (4, 2)),
    ("o par de dígitos verificadores (depois do hífen)", (2,)),
)
_MASCARA = re.compile(r"([^./-]*)\.([^./-]*)/([^./-]*)-([^./-]*)")


def _algarismos(quantidade: int) -> str:
    return f"{quantidade} algarismo{'s' if quantidade != 1 else ''}"


def _parte_errada(texto: str) -> str:
    """Which part of a malformed NUP is wrong, in words (the text was already checked for bad characters)."""
    if encontrado := _MASCARA.fullmatch(texto):
        problemas = []
        for (nome, tamanhos), parte in zip(_PARTES, encontrado.groups(), strict=True):
            if not parte.isdigit():
                problemas.append(
                    f"{nome} deve ter só algarismos, mas veio “{parte}”" if parte else f"{nome} está vazio")
            elif len(parte) not in tamanhos:
                esperado = " ou ".join(str(t) for t in tamanhos)
                problemas.append(f"{nome} tem {_algarismos(len(parte))} em vez de {esperado}")
        if problemas:
            return "; ".join(problemas)
    digitos = sum(c.isdigit() for c in texto)
    if texto.isdigit():
        return f"o NUP sem pontuação tem 17 algarismos, mas foram informados {digitos}"
    return f"use a pontuação do modelo ou só os 17 algarismos (foram informados {digitos} algarismos)"


def _qual_dv(informado: str, esperado: str) -> str:
    errados = [i for i in (0, 1) if informado[i] != esperado[i]]
    if len(errados) == 2:
        return "os dois dígitos verificadores estão errados"
    posicao = ("primeiro", "segundo")[errados[0]]
    return f"o {posicao} dígito verificador, {informado[errados[0]]}, deveria ser {esperado[errados[0]]}"


def nup_valido(texto) -> bool:
    """True when ``normalizar_nup`` accepts ``texto``."""
    try:
        normalizar_nup(texto)
    except ValueError:
        return False
    return True
