"""The audit trail: every state-changing action writes one ``RegistroDeAuditoria``.

Services call ``registrar`` inside their own transaction, so the record and the change commit or roll
back together. The actor, IP, profile and request id come from ``portal.context``.
"""

import datetime
import decimal
import uuid

from django.db import models

from portal.context import contexto_atual
from portal.models import RegistroDeAuditoria


def _json(valor):
    if isinstance(valor, datetime.datetime | datetime.date | datetime.time):
        return valor.isoformat()
    if isinstance(valor, decimal.Decimal | uuid.UUID):
        return str(valor)
    if isinstance(valor, models.Model):
        return valor.pk
    if isinstance(valor, list | tuple | set | frozenset):
        return [_json(v) for v in valor]
    if isinstance(valor, dict):
        return {str(k): _json(v) for k, v in valor.items()}
    if hasattr(valor, "name") and hasattr(valor, "storage"):  # FieldFile
        return valor.name or ""
    return valor


def resumo(obj: models.Model, campos: list[str] | None = None) -> dict:
    """A JSON-safe snapshot of a model instance's concrete fields (or the ``campos`` given)."""
    if obj is None:
        return {}
    nomes = campos or [
        f.attname for f in obj._meta.concrete_fields if f.attname not in {"password", "last_login"}
    ]
    return {nome: _json(getattr(obj, nome, None)) for nome in nomes}


def diferenca(antes: dict, depois: dict) -> tuple[dict, dict]:
    """Only the keys that changed, from both sides."""
    chaves = [k for k in depois if antes.get(k) != depois.get(k)]
    return {k: antes.get(k) for k in chaves}, {k: depois.get(k) for k in chaves}


def registrar(
    acao: str,
    alvo: models.Model | None = None,
    *,
    antes: dict | None = None,
    depois: dict | None = None,
    comite_id: int | None = None,
    detalhes: str = "",
    usuario=None,
    usuario_repr: str | None = None,
    perfil: str | None = None,
) -> RegistroDeAuditoria:
    ctx = contexto_atual()
    usuario = usuario if usuario is not None else ctx.usuario
    if usuario is not None and not getattr(usuario, "is_authenticated", False):
        usuario = None
    repositorio_id = None
    if alvo is not None:
        escopo = _escopo_de(alvo)
        if escopo is not None:
            repositorio_id = escopo.repositorio_id
            if comite_id is None and len(escopo.comite_ids) == 1:
                comite_id = next(iter(escopo.comite_ids))
    return RegistroDeAuditoria.objects.create(
        usuario=usuario,
        usuario_repr=(usuario_repr or (f"{usuario.nome} <{usuario.email}>" if usuario else ctx.ator or ctx.origem)
                      )[:300],
        ip=ctx.ip,
        perfil=(ctx.perfil if perfil is None else perfil)[:60],
        origem=ctx.origem,
        acao=acao,
        alvo_tipo=alvo._meta.label if alvo is not None else "",
        alvo_id=str(alvo.pk) if alvo is not None and alvo.pk is not None else "",
        alvo_repr=str(alvo)[:300] if alvo is not None else "",
        comite_id=comite_id,
        repositorio_id=repositorio_id,
        antes=_json(antes) if antes else None,
        depois=_json(depois) if depois else None,
        detalhes=detalhes,
        request_id=ctx.request_id,
    )


def _escopo_de(alvo):
    """Where the target sits, from its model's declared scope (portal.permissions); None if undeclared."""
    from portal import permissions

    try:
        return permissions.escopo_de(alvo)
    except permissions.EscopoNaoDeclarado:
        return None
