"""Brazilian document validators (CPF, CNPJ, CEP, phone) with pt-BR messages."""

import re

from django.core.exceptions import ValidationError
from validate_docbr import CNPJ, CPF

_cpf = CPF()
_cnpj = CNPJ()


def somente_digitos(valor: str | None) -> str:
    return re.sub(r"\D", "", valor or "")


def validar_cpf(valor: str) -> None:
    digitos = somente_digitos(valor)
    if len(digitos) != 11 or not _cpf.validate(digitos):
        raise ValidationError("CPF inválido. Confira os 11 dígitos.", code="cpf_invalido")


def validar_cnpj(valor: str) -> None:
    digitos = somente_digitos(valor)
    if len(digitos) != 14 or not _cnpj.validate(digitos):
        raise ValidationError("CNPJ inválido. Confira os 14 dígitos.", code="cnpj_invalido")


def validar_cep(valor: str) -> None:
    if len(somente_digitos(valor)) != 8:
        raise ValidationError("CEP inválido. Use o formato 00000-000.", code="cep_invalido")


def validar_telefone(valor: str) -> None:
    if valor and len(somente_digitos(valor)) not in (10, 11):
        raise ValidationError("Telefone inválido. Informe DDD e número, por exemplo (61) 91234-5678.",
                              code="telefone_invalido")


def formatar_cpf(valor: str) -> str:
    d = somente_digitos(valor)
    return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}" if len(d) == 11 else valor


def mascarar_cpf(valor: str) -> str:
    """``***.456.789-**``: the middle six digits only, as public lists of civil servants do."""
    d = somente_digitos(valor)
    return f"***.{d[3:6]}.{d[6:9]}-**" if len(d) == 11 else "***"


def formatar_cnpj(valor: str) -> str:
    d = somente_digitos(valor)
    return f"{d[:2]}.{d[2:5]}.{d[5:8]}/{d[8:12]}-{d[12:]}" if len(d) == 14 else valor


def formatar_cep(valor: str) -> str:
    d = somente_digitos(valor)
    return f"{d[:5]}-{d[5:]}" if len(d) == 8 else valor
