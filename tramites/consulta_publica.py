"""The public NUP lookup: where a process is travelling, for anyone who knows its number (issue 12, item 9).

No principal reads here, so no scope applies: the answer is a fixed public projection of the NUP's
trâmites, the same for everyone, built from a handful of columns — IDT, dates, the route (órgão and unit
of each side) and the status, with the state machine's texts. It never reads the descrição, the
interessados, the documents, the components or their hashes (the query does not even select them).
A process whose trâmites were sent as restrito or sigiloso shows only the route and the status: no
IDT, no dates, no guidance (see ``PassoPublico.restrito``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connections, router

from tramites import state_machine as sm
from tramites.models import NivelDeSigilo, Tramite
from tramites.nup import normalizar_nup

LIMITE_DE_TRAMITES = 100
"""At most this many trâmites (the most recent) are listed for one NUP."""

_SO_ALGARISMOS_E_SEPARADORES = re.compile(r"[0-9][0-9 ./-]*", re.ASCII)


def ler_nup(texto) -> str:
    """The canonical NUP typed in ``texto``, with the NUP's punctuation, none, or any mix of spaces, dots,
    slashes and hyphens between the 17 digits; ``ValueError`` (pt-BR, naming the wrong part) otherwise."""
    try:
        return normalizar_nup(texto)
    except ValueError:
        limpo = texto.strip() if isinstance(texto, str) else ""
        if _SO_ALGARISMOS_E_SEPARADORES.fullmatch(limpo):
            digitos = re.sub(r"[^0-9]", "", limpo)
            if len(digitos) == 17:
                return normalizar_nup(digitos)
        raise


@dataclass(frozen=True)
class Orgao:
    nome: str
    sigla: str
    ambiente: str

    def __str__(self):
        return f"{self.nome} ({self.sigla})" if self.sigla else self.nome


@dataclass(frozen=True)
class PassoPublico:
    """One trâmite as the public page shows it. When ``restrito``, only the route and ``situacao``."""

    idt: int | None
    enviado_em: datetime | None
    situacao_desde: datetime | None
    orgao_origem: Orgao | None
    unidade_origem: str
    orgao_destino: Orgao | None
    unidade_destino: str
    situacao: sm.Status
    restrito: bool
    orgao_a_contatar: Orgao | None
    lado_a_contatar: str  # "origem" / "destino" / ""

    @property
    def o_que_fazer(self) -> str:
        return "" if self.restrito else self.situacao.o_que_fazer


@functools.lru_cache(maxsize=32)
def _consulta_dos_nomes(alias: str, tamanho: int):
    """The SQL (and result converters) of the names of ``tamanho`` units, compiled once by the ORM."""
    from estrutura.models import Unidade

    compilador = (Unidade.objects.filter(pk__in=range(-tamanho, 0)).values_list("pk", "nome", "sigla")
                  .query.get_compiler(using=alias))
    sql, _ = compilador.as_sql()
    conversores = compilador.get_converters([coluna for coluna, _, _ in compilador.select[:compilador.col_count]])
    return sql, compilador, conversores


def _nomes(ids) -> dict[int, tuple[str, str]]:
    """(nome, sigla) of each unit in ``ids``. The list is padded (repeating an id) to a power of two, so a
    handful of compiled statements serve every lookup."""
    from estrutura.models import Unidade

    ids = sorted(ids)
    if not ids:
        return {}
    tamanho = max(4, 1 << (len(ids) - 1).bit_length())
    alias = router.db_for_read(Unidade)
    sql, compilador, conversores = _consulta_dos_nomes(alias, tamanho)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, ids + [ids[-1]] * (tamanho - len(ids)))
        linhas = cursor.fetchall()
    if conversores:
        linhas = compilador.apply_converters(linhas, conversores)
    return {pk: (nome, sigla) for pk, nome, sigla in linhas}


def _rotulo(nome_e_sigla) -> str:
    nome, sigla = nome_e_sigla or ("", "")
    return f"{nome} ({sigla})" if sigla else nome


def variantes(nup: str) -> list[str]:
    """How the protocolo of a canonical NUP may be stored: canonical (what the API stores) or bare digits."""
    return [nup, re.sub(r"[^0-9]", "", nup)]


def _consulta_dos_tramites(protocolos, ambiente):
    return (Tramite.objects.filter(protocolo__in=protocolos, ambiente=ambiente)
            .order_by("-idt")
            .values_list("idt", "criado_em", "status", "status_desde", "nivel_de_sigilo", "unidade_remetente_id",
                         "unidade_destinatario_id", "comite_remetente__unidade_id",
                         "comite_destinatario__unidade_id", "ambiente")[:LIMITE_DE_TRAMITES])


_MARCADORES = ("\x00protocolo", "\x00algarismos", "\x00ambiente")


@functools.lru_cache(maxsize=8)
def _consulta_compilada(alias: str):
    """The SQL of ``_consulta_dos_tramites`` for the database ``alias``, compiled once by the ORM: where each
    of (canonical protocolo, digits, ambiente) goes in its parameters, and the compiler's result converters.
    Building and compiling that queryset took about half a millisecond of every lookup."""
    compilador = _consulta_dos_tramites(_MARCADORES[:2], _MARCADORES[2]).query.get_compiler(using=alias)
    sql, parametros = compilador.as_sql()
    posicoes = [_MARCADORES.index(p) for p in parametros]
    conversores = compilador.get_converters([coluna for coluna, _, _ in compilador.select[:compilador.col_count]])
    return sql, posicoes, compilador, conversores


def _tramites(protocolos, ambiente) -> list[tuple]:
    """The rows of ``_consulta_dos_tramites(protocolos, ambiente)`` (two protocolos: ``variantes``)."""
    alias = router.db_for_read(Tramite)
    sql, posicoes, compilador, conversores = _consulta_compilada(alias)
    valores = (*protocolos, ambiente)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [valores[i] for i in posicoes])
        linhas = cursor.fetchall()
    if conversores:
        linhas = compilador.apply_converters(linhas, conversores)
    return [tuple(linha) for linha in linhas]


def tramites_do_nup(nup: str) -> list[PassoPublico]:
    """The trâmites of a canonical NUP in this ambiente, oldest first (at most ``LIMITE_DE_TRAMITES``).

    Two small indexed queries (the trâmites with their órgãos' root units, then the names of those units)
    rather than one six-table join: PostgreSQL plans such a join in a few milliseconds on every request,
    longer than it runs. A trâmite's comitês belong to its ambiente (``criar_tramite``)."""
    linhas = _tramites(variantes(nup), settings.AMBIENTE)
    if not linhas:
        return []
    linhas.reverse()
    nomes = _nomes({u for linha in linhas for u in linha[5:9] if u is not None})
    # The process is restricted when any of its trâmites carried it as restrito or sigiloso.
    restrito = any(linha[4] != NivelDeSigilo.PUBLICO for linha in linhas)
    passos = []
    for idt, criado_em, status, desde, _sigilo, u_rem, u_dest, o_rem, o_dest, ambiente in linhas:
        situacao = sm.como_status(status)
        origem, destino = (Orgao(*nomes[o], ambiente) if o in nomes else None for o in (o_rem, o_dest))
        lado = None if restrito else sm.lado_a_contatar(situacao)
        passos.append(PassoPublico(
            idt=None if restrito else idt,
            enviado_em=None if restrito else criado_em,
            situacao_desde=None if restrito else desde,
            orgao_origem=origem, unidade_origem=_rotulo(nomes.get(u_rem)),
            orgao_destino=destino, unidade_destino=_rotulo(nomes.get(u_dest)),
            situacao=situacao, restrito=restrito,
            orgao_a_contatar={sm.Ator.REMETENTE: origem, sm.Ator.DESTINATARIO: destino}.get(lado),
            lado_a_contatar={sm.Ator.REMETENTE: "origem", sm.Ator.DESTINATARIO: "destino"}.get(lado, ""),
        ))
    return passos
