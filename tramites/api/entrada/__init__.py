"""What the API accepts from systems: query parsing, body serializers, one ``validar`` entry point.

* ``consulta``: PHP-style nested filters, booleans, ``ativos``/``ativo``, ``?IDT=``, byte ranges, the
  component's hash/protocolo from multipart or query, URL patterns with or without the trailing slash;
* ``envio``: the envio payloads (``tramites/processo``, ``tramites/documento``);
* ``corpos``: recusa, recibo, component identification;
* ``campos``: the strict fields they are made of.

``validar(Serializer, dados)`` returns a clean dict (plain ``dict``/``list``) or raises
``ErroDaApi("0001")`` with every field path that is wrong, in the bus's message format. For the envio
payloads it also checks espécies and hipóteses legais against the catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping

from rest_framework import serializers

from hipoteses.models import EspecieDocumental, HipoteseLegal
from portal import permissions
from portal.api.errors import mensagem_de_validacao
from tramites import erros
from tramites.api.entrada import esquema as _esquema  # noqa: F401 (registers the OpenAPI extension)
from tramites.api.entrada.corpos import IdentificacaoDeComponente, Recibo, Recusa
from tramites.api.entrada.envio import RESTRITO, EnvioDeDocumento, EnvioDeProcesso

__all__ = ["EnvioDeDocumento", "EnvioDeProcesso", "IdentificacaoDeComponente", "Recibo", "Recusa", "validar"]


def _limpo(valor):
    if isinstance(valor, Mapping):
        return {chave: _limpo(v) for chave, v in valor.items()}
    if isinstance(valor, list | tuple):
        return [_limpo(v) for v in valor]
    return valor


def _protocolos(dados: dict):
    """``(path, protocol dict)`` of everything that carries nivelDeSigilo/hipoteseLegal/especie."""
    if "processo" in dados:
        processos = [("processo", dados["processo"])]
        processos += [(f"processo.processoApensado[{i}]", p)
                      for i, p in enumerate(dados["processo"].get("processoApensado", []))]
        for caminho, processo in processos:
            yield caminho, processo
            for i, documento in enumerate(processo["documentos"]):
                yield f"{caminho}.documentos[{i}]", documento
    if "documento" in dados:
        yield "documento", dados["documento"]


def conferir_catalogos(dados: dict) -> None:
    """Espécie codes and hipóteses legais must be active entries of the catalogues (one query each)."""
    itens = list(_protocolos(dados))
    hipoteses_pedidas = {p["hipoteseLegal"]["identificacao"] for _c, p in itens if p.get("hipoteseLegal")}
    especies_pedidas = {p["especie"]["codigo"] for _c, p in itens if "especie" in p}
    hipoteses = dict(permissions.restringir(HipoteseLegal.objects.all(), None, None)
                     .filter(identificacao__in=hipoteses_pedidas).values_list("identificacao", "ativo"))
    especies = dict(permissions.restringir(EspecieDocumental.objects.all(), None, None)
                    .filter(codigo__in=especies_pedidas).values_list("codigo", "ativo"))
    problemas: dict[str, list[str]] = {}
    for caminho, protocolo in itens:
        if protocolo.get("hipoteseLegal"):
            identificacao = protocolo["hipoteseLegal"]["identificacao"]
            if identificacao not in hipoteses:
                problemas[f"{caminho}.hipoteseLegal.identificacao"] = [
                    f"Hipótese legal {identificacao} não existe no catálogo do Tramita.GOV.BR."]
            elif not hipoteses[identificacao]:
                problemas[f"{caminho}.hipoteseLegal.identificacao"] = [f"Hipótese legal {identificacao} está inativa."]
        elif protocolo.get("nivelDeSigilo") == RESTRITO:  # defensive: serializers already require it
            problemas[f"{caminho}.hipoteseLegal"] = ["Obrigatória quando o nível de sigilo é restrito (2)."]
        if "especie" in protocolo:
            codigo = protocolo["especie"]["codigo"]
            if not especies.get(codigo):
                problemas[f"{caminho}.especie.codigo"] = [f"{codigo} deve ser um código de espécie válido."]
    if problemas:
        raise serializers.ValidationError(problemas)


def validar(classe: type[serializers.Serializer], dados, contexto: dict | None = None) -> dict:
    """The validated body as plain dicts and lists; ``ErroDaApi("0001")`` naming every wrong field."""
    if not isinstance(dados, Mapping):
        raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA, "O corpo da requisição deve ser um objeto JSON.")
    serializer = classe(data=dados, context=contexto or {})
    try:
        if not serializer.is_valid():
            raise serializers.ValidationError(serializer.errors)
        limpo = _limpo(serializer.validated_data)
        if classe in (EnvioDeProcesso, EnvioDeDocumento):
            conferir_catalogos(limpo)
    except serializers.ValidationError as erro:
        raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA, mensagem_de_validacao(erro.detail)) from None
    return limpo
