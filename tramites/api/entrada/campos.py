"""Strict DRF fields for what systems send: ASCII digits only, no control characters, ISO dates.

DRF's own fields are too lenient for the bus: ``IntegerField`` reads ``"٣"`` as 3 and ``True`` as 1,
``DateTimeField`` accepts Unicode digits, ``CharField`` lets control characters (ESC, BEL…) through.
These fields refuse them with pt-BR messages.
"""

from __future__ import annotations

import datetime
import unicodedata
from email.utils import parsedate_to_datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.identificadores import MAIOR_ID
from tramites.armazenamento import hash_valido
from tramites.nup import normalizar_nup

_PERMITIDOS_EM_MULTILINHA = frozenset("\t\n\r")


class Texto(serializers.CharField):
    """Text without control characters (line breaks and tabs allowed only when ``multilinha``)."""

    def __init__(self, *, multilinha: bool = False, **kwargs):
        self.multilinha = multilinha
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", not kwargs["required"])
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str | int) or isinstance(data, bool):
            raise serializers.ValidationError("Informe um texto.")
        texto = super().to_internal_value(data)
        for caractere in texto:
            if unicodedata.category(caractere) == "Cc" and not (
                self.multilinha and caractere in _PERMITIDOS_EM_MULTILINHA
            ):
                raise serializers.ValidationError(
                    f"Contém um caractere de controle (código {ord(caractere)}), que não é aceito."
                )
        return texto


class Inteiro(serializers.Field):
    """A JSON integer, or a text of ASCII digits (PHP clients send both); never a boolean."""

    default_error_messages = {
        "invalido": "Informe um número inteiro (algarismos de 0 a 9).",
        "minimo": "O valor mínimo é {minimo}.",
        "maximo": "O valor máximo é {maximo}.",
        "escolha": "Valor {valor} não aceito: use um de {opcoes}.",
    }

    def __init__(self, *, minimo: int = 0, maximo: int = MAIOR_ID, opcoes=None, **kwargs):
        self.minimo, self.maximo, self.opcoes = minimo, maximo, tuple(opcoes) if opcoes else None
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalido")
        if isinstance(data, str):
            texto = data.strip()
            if not (texto.isascii() and texto.isdigit()) or len(texto) > 19:
                self.fail("invalido")
            data = int(texto)
        if not isinstance(data, int):
            self.fail("invalido")
        if data < self.minimo:
            self.fail("minimo", minimo=self.minimo)
        if data > self.maximo:
            self.fail("maximo", maximo=self.maximo)
        if self.opcoes is not None and data not in self.opcoes:
            self.fail("escolha", valor=data, opcoes=", ".join(str(o) for o in self.opcoes))
        return data

    def to_representation(self, value):
        return value


@extend_schema_field({"oneOf": [{"type": "boolean"}, {"type": "integer", "enum": [0, 1]},
                                {"type": "string", "enum": ["true", "false", "1", "0"]}]})
class Booleano(serializers.Field):
    """``true``/``false`` as JSON, or ``1``/``0``/``"true"``/``"false"``/``"1"``/``"0"`` as PHP sends."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        if isinstance(data, int) and data in (0, 1):
            return bool(data)
        if isinstance(data, str) and data.strip().lower() in {"true", "1", "false", "0"}:
            return data.strip().lower() in {"true", "1"}
        raise serializers.ValidationError("Informe true ou false (ou 1 ou 0).")

    def to_representation(self, value):
        return value


@extend_schema_field({"type": "string", "format": "date-time", "maxLength": 40})
class DataHora(serializers.Field):
    """An ISO-8601 date-time (``2020-05-04T10:11:12-03:00``, ``…Z``); without an offset it is read in
    the portal's time zone. ASCII only."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.isascii() or len(data) > 40:
            raise serializers.ValidationError("Informe data e hora no formato ISO 8601 (AAAA-MM-DDTHH:MM:SS±HH:MM).")
        try:
            momento = parse_datetime(data.strip())
        except ValueError:
            momento = None
        if momento is None:
            raise serializers.ValidationError("Informe data e hora no formato ISO 8601 (AAAA-MM-DDTHH:MM:SS±HH:MM).")
        if timezone.is_naive(momento):
            momento = timezone.make_aware(momento)
        return momento

    def to_representation(self, value):
        return value.isoformat()


def ler_data_do_recibo(texto) -> datetime.datetime:
    """The recibo's ``dataDeRecebimento`` in any form the bus accepts (spec §6.4): ISO with ``Z`` or an
    offset (``+0000`` too), RFC 1123 (``Tue, 31 Jul 2018 18:42:59 GMT``) or a bare date (UTC midnight)."""
    if not isinstance(texto, str) or not texto.isascii() or not 10 <= len(texto.strip()) <= 40:
        raise ValueError("formato")
    texto = texto.strip()
    momento = None
    try:
        if len(texto) == 10:
            dia = parse_date(texto)
            momento = datetime.datetime(dia.year, dia.month, dia.day, tzinfo=datetime.UTC) if dia else None
        else:
            momento = parse_datetime(texto) or parsedate_to_datetime(texto)
    except (ValueError, TypeError, IndexError):
        momento = None
    if momento is None or timezone.is_naive(momento):
        raise ValueError("formato")
    return momento


@extend_schema_field({"type": "string", "pattern": "^[A-Za-z0-9+/]{43}=$",
                      "description": "SHA-256 do componente em base64."})
class HashDoComponente(serializers.Field):
    """The component hash: base64 of the 32-byte SHA-256 digest (not hex)."""

    def to_internal_value(self, data):
        if not hash_valido(data):
            raise serializers.ValidationError("Informe o SHA-256 do componente em base64 (44 caracteres).")
        return data

    def to_representation(self, value):
        return value


@extend_schema_field({"type": "string", "maxLength": 40,
                      "description": "NUP (NNNNN.NNNNNN/AAAA-DD) com dígitos verificadores válidos."})
class Nup(serializers.Field):
    """A NUP, returned in its canonical form (``tramites.nup``)."""

    def to_internal_value(self, data):
        try:
            return normalizar_nup(data)
        except ValueError as erro:
            raise serializers.ValidationError(str(erro)) from None

    def to_representation(self, value):
        return value
