"""How the audit trail reads to a person: action labels, object types, field names and values in pt-BR.

Each app declares the labels of its action names in ``<app>/auditoria.py`` as ``ROTULOS`` (a dict
``acao -> rótulo``); an action nobody labelled still reads ("Solicitação acesso: criada"). Field names
come from the target model's ``verbose_name``; ids of related objects become their names; booleans
read Sim/Não, choices their label, ISO dates dd/mm/aaaa hh:mm in the portal's time zone.
"""

from __future__ import annotations

import datetime
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst

from portal.modulos import modulos_dos_apps

ROTULOS = {
    "conta.login": "Entrada no portal",
    "conta.login_falhou": "Tentativa de entrada recusada",
    "conta.logout": "Saída do portal",
    "conta.senha_alterada": "Senha alterada",
    "conta.senha_redefinida": "Senha redefinida pelo link enviado por e-mail",
    "conta.email_alterado": "E-mail de acesso alterado",
    "conta.email_adicionado": "E-mail adicionado à conta",
    "conta.email_confirmado": "E-mail da conta confirmado",
    "conta.email_removido": "E-mail removido da conta",
    "conta.mfa_ativado": "Segundo fator (TOTP) ativado",
    "conta.mfa_removido": "Segundo fator (TOTP) removido",
    "conta.codigos_recuperacao_gerados": "Códigos de recuperação gerados",
    "pessoa.criada": "Pessoa cadastrada",
    "pessoa.cadastrada": "Pessoa cadastrada",
    "pessoa.dados_alterados": "Dados pessoais alterados",
    "pessoa.contato_alterado": "Contato alterado",
    "pessoa.perfis_alterados": "Perfis alterados",
    "pessoa.inativada": "Pessoa inativada",
    "pessoa.reativada": "Pessoa reativada",
    "parametro.alterado": "Parâmetro da solução alterado",
    "exportacao.agendada": "Exportação agendada",
    "exportacao.gerada": "Exportação gerada",
    "exportacao.falhou": "Exportação com erro",
    "exportacao.expurgada": "Exportação expurgada",
}

# Names that are not model fields (or read better otherwise) in before/after snapshots.
CAMPOS = {
    "ativo": "Ativo",
    "is_active": "Ativo",
    "perfis": "Perfis",
    "valor": "Valor",
    "email": "E-mail",
}


@cache
def rotulos() -> dict[str, str]:
    """Every app's ``ROTULOS``, lowest app first."""
    todos: dict[str, str] = {}
    for _app, modulo in modulos_dos_apps("auditoria"):
        todos.update(getattr(modulo, "ROTULOS", {}))
    return todos


def _legivel(texto: str) -> str:
    return capfirst(texto.replace("_", " ").strip())


def rotulo_da_acao(acao: str) -> str:
    """The pt-BR label of an action name; a readable fallback for one no app labelled."""
    if acao in rotulos():
        return rotulos()[acao]
    partes = [p for p in (acao or "").split(".") if p]
    if not partes:
        return "—"
    if len(partes) == 1:
        return _legivel(partes[0])
    return f"{_legivel(' '.join(partes[:-1]))}: {partes[-1].replace('_', ' ')}"


def acoes_com_rotulo_contendo(termo: str) -> list[str]:
    """Action names whose label contains ``termo`` (case-insensitive), for the text filter."""
    termo = (termo or "").strip().casefold()
    return [acao for acao, rotulo in rotulos().items() if termo and termo in rotulo.casefold()]


def modelo_do_tipo(alvo_tipo: str) -> type[models.Model] | None:
    try:
        return apps.get_model(alvo_tipo) if alvo_tipo else None
    except (LookupError, ValueError):
        return None


def nome_do_tipo(alvo_tipo: str) -> str:
    """``comites.SolicitacaoDeAcesso`` → "Solicitação de acesso"."""
    modelo = modelo_do_tipo(alvo_tipo)
    if modelo is None:
        return alvo_tipo.rsplit(".", 1)[-1] if alvo_tipo else ""
    return capfirst(str(modelo._meta.verbose_name))


def _campo_do_modelo(modelo, nome: str):
    if modelo is None:
        return None
    for candidato in (nome, nome.removesuffix("_id")):
        try:
            return modelo._meta.get_field(candidato)
        except FieldDoesNotExist:
            continue
    return None


def nome_do_campo(modelo, nome: str) -> str:
    campo = _campo_do_modelo(modelo, nome)
    if campo is not None and getattr(campo, "verbose_name", None):
        return capfirst(str(campo.verbose_name))
    return CAMPOS.get(nome) or _legivel(nome.removesuffix("_id"))


def _data(valor: str) -> str | None:
    try:
        return _data_ou_erro(valor)
    except ValueError:  # well formed but impossible (month 13…): not a date after all
        return None


def _data_ou_erro(valor: str) -> str | None:
    momento = parse_datetime(valor) if "T" in valor or " " in valor else None
    if momento is not None:
        if timezone.is_naive(momento):
            momento = timezone.make_aware(momento, datetime.UTC)
        return timezone.localtime(momento).strftime("%d/%m/%Y %H:%M")
    dia = parse_date(valor) if len(valor) == 10 else None
    return dia.strftime("%d/%m/%Y") if dia else None


def valor_legivel(modelo, nome: str, valor) -> str:
    """A snapshot value as a person reads it."""
    if valor is None or valor == "" or valor == []:
        return "—"
    if isinstance(valor, bool):
        return "Sim" if valor else "Não"
    if isinstance(valor, list):
        return ", ".join(valor_legivel(modelo, nome, v) for v in valor)
    if isinstance(valor, dict):
        return "; ".join(f"{_legivel(str(k))}: {valor_legivel(None, str(k), v)}" for k, v in valor.items())
    campo = _campo_do_modelo(modelo, nome)
    if campo is not None and getattr(campo, "concrete", False) and campo.is_relation and not campo.many_to_many:
        relacionado = campo.related_model._default_manager.filter(pk=valor).first()
        return str(relacionado) if relacionado is not None else f"nº {valor} (não existe mais)"
    if campo is not None and getattr(campo, "choices", None):
        return str(dict(campo.flatchoices).get(valor, valor))
    if isinstance(valor, str):
        return _data(valor) or valor
    return str(valor)


def alteracoes(registro) -> list[tuple[str, str, str]]:
    """(campo, antes, depois) rows of a record, field names and values in pt-BR."""
    modelo = modelo_do_tipo(registro.alvo_tipo)
    antes, depois = registro.antes or {}, registro.depois or {}
    linhas = []
    for chave in list(dict.fromkeys([*antes, *depois])):
        linhas.append((
            nome_do_campo(modelo, chave),
            valor_legivel(modelo, chave, antes.get(chave)) if chave in antes else "—",
            valor_legivel(modelo, chave, depois.get(chave)) if chave in depois else "—",
        ))
    return linhas
