"""Reading and changing the solution parameters (cached, validated, audited)."""

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError

from portal.models import Parametro
from portal.parametros_padrao import POR_CHAVE
from portal.services import auditoria
from portal.servicos_indisponiveis import ERROS_DE_CACHE

_CACHE_KEY = "parametro:{}"
_CACHE_SECONDS = 300
_engine = Engine(autoescape=False)


def obter(chave: str) -> str:
    # The cache only saves a query: when it is down, read the database (and do not fail the request).
    try:
        valor = cache.get(_CACHE_KEY.format(chave))
    except ERROS_DE_CACHE:
        valor = None
    if valor is None:
        valor = Parametro.objects.filter(chave=chave).values_list("valor", flat=True).first()
        if valor is None:
            valor = POR_CHAVE[chave].padrao
        try:
            cache.set(_CACHE_KEY.format(chave), valor, _CACHE_SECONDS)
        except ERROS_DE_CACHE:
            pass
    return valor


def inteiro(chave: str) -> int:
    try:
        return int(obter(chave))
    except (TypeError, ValueError):
        return int(POR_CHAVE[chave].padrao)


def emails(chave: str) -> list[str]:
    return dividir_emails(obter(chave))


def dividir_emails(texto: str) -> list[str]:
    return [e for e in re.split(r"[\s,;]+", texto or "") if e]


def renderizar(texto: str, contexto: dict) -> str:
    return _engine.from_string(texto).render(Context(contexto, autoescape=False))


def validar(parametro: Parametro, valor: str) -> str:
    """Returns the normalised value or raises ValidationError with a pt-BR message."""
    valor = (valor or "").strip()
    if len(valor) > 8000:
        raise ValidationError("O valor pode ter no máximo 8000 caracteres.")
    if parametro.tipo == Parametro.Tipo.INTEIRO:
        if not re.fullmatch(r"\d+", valor):
            raise ValidationError("Informe um número inteiro positivo.")
        numero = int(valor)
        if parametro.minimo is not None and numero < parametro.minimo:
            raise ValidationError(f"O valor mínimo é {parametro.minimo}.")
        if parametro.maximo is not None and numero > parametro.maximo:
            raise ValidationError(f"O valor máximo é {parametro.maximo}.")
        return str(numero)
    if parametro.tipo == Parametro.Tipo.EMAILS:
        lista = dividir_emails(valor)
        if not lista:
            raise ValidationError("Informe ao menos um endereço de e-mail.")
        for email in lista:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(f"Endereço de e-mail inválido: {email}") from None
        return "\n".join(lista)
    if parametro.tipo == Parametro.Tipo.MODELO:
        if not valor:
            raise ValidationError("O modelo não pode ficar vazio.")
        try:
            _engine.from_string(valor)
        except TemplateSyntaxError as erro:
            raise ValidationError(f"Modelo com erro de sintaxe: {erro}") from None
        # Compiling is not enough: {% include %}/{% extends %} of a missing file only fail when rendered.
        try:
            renderizar(valor, contexto_de_exemplo(parametro.descricao))
        except Exception as erro:  # any failure to render must be refused here, not when an e-mail is sent
            raise ValidationError(
                f"O modelo não pôde ser gerado com dados de exemplo ({type(erro).__name__}: {erro}). "
                "Modelos de e-mail não podem incluir nem estender outros arquivos."
            ) from None
    return valor


def variaveis_de(descricao: str) -> list[str]:
    """The variables a template parameter receives, as listed in its description."""
    marcador = "Variáveis disponíveis:"
    if marcador not in (descricao or ""):
        return []
    lista = descricao.split(marcador, 1)[1].strip().rstrip(".")
    return [v.strip() for v in lista.split(",") if v.strip()]


def contexto_de_exemplo(descricao: str) -> dict:
    return {nome: f"[{nome}]" for nome in variaveis_de(descricao)}


@transaction.atomic
def alterar(parametro: Parametro, valor: str, usuario=None) -> Parametro:
    parametro = Parametro.objects.select_for_update().get(pk=parametro.pk)
    novo = validar(parametro, valor)
    antes = parametro.valor
    if novo == antes:
        return parametro
    parametro.valor = novo
    parametro.atualizado_por = usuario if getattr(usuario, "is_authenticated", False) else None
    parametro.save(update_fields=["valor", "atualizado_em", "atualizado_por"])
    auditoria.registrar("parametro.alterado", parametro, antes={"valor": antes}, depois={"valor": novo})
    # Drop the cached value now and again once committed (another request may re-read the old row
    # before this transaction commits).
    chave_cache = _CACHE_KEY.format(parametro.chave)
    cache.delete(chave_cache)
    transaction.on_commit(lambda: cache.delete(chave_cache))
    return parametro
