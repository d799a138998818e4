"""The filters a list was exported with, as a person reads them (the PDF header)."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Model, QuerySet
from django.utils import timezone

from portal.exportacao.celulas import texto_legivel

MAX_VALOR = 200  # characters of one filter's value in the header


def descrever(filterset) -> tuple[tuple[str, str], ...]:
    """(label, value) of every filter that narrowed the rows; invalid or empty fields are left out (they
    did not filter anything), and so are the fields the filterset names in ``fora_do_relatorio`` (those
    that only change the page, like a chart's mode)."""
    if filterset is None or not filterset.is_bound:
        return ()
    form = filterset.form
    if not hasattr(form, "cleaned_data"):
        form.is_valid()
    descricao = []
    fora = set(getattr(filterset, "fora_do_relatorio", ()))
    for nome, campo in form.fields.items():
        if nome in fora:
            continue
        valor = form.cleaned_data.get(nome)
        if valor in (None, "", [], ()) or (isinstance(valor, QuerySet) and not valor.exists()):
            continue
        texto = _texto(campo, valor)
        if texto:
            rotulo = texto_legivel(campo.label or nome).rstrip(":")
            descricao.append((rotulo, texto[:MAX_VALOR]))
    return tuple(descricao)


def _texto(campo, valor) -> str:
    if isinstance(valor, slice):  # django-filter ranges
        partes = [_texto(campo, v) for v in (valor.start, valor.stop)]
        return " a ".join(p for p in partes if p)
    if isinstance(valor, QuerySet | list | tuple | set | frozenset):
        return ", ".join(_texto(campo, v) for v in list(valor)[:20])
    if isinstance(valor, Model):
        return texto_legivel(str(valor))
    if isinstance(valor, datetime):
        return timezone.localtime(valor).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(valor) else \
            valor.strftime("%d/%m/%Y %H:%M")
    if isinstance(valor, date):
        return valor.strftime("%d/%m/%Y")
    escolhas = dict(_escolhas(campo))
    if escolhas and str(valor) in escolhas:
        return texto_legivel(escolhas[str(valor)])
    return texto_legivel(valor)


def _escolhas(campo):
    for valor, rotulo in getattr(campo, "choices", ()) or ():
        if isinstance(rotulo, list | tuple):  # option groups
            yield from ((str(v), r) for v, r in rotulo)
        else:
            yield str(valor), rotulo
