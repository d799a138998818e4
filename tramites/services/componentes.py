"""The sender's component uploads (spec §3 #11–#13, §3.1–§3.2) and their verification off the request path.

A ticket (``Tramite.ticket``) names one envio: the trâmite of a ``POST tramites/processo``, or the trâmites
(one per destinatário) of a ``POST tramites/documento``; one upload serves all of them. Only the ticket's
own system reaches it (others: 404). The bytes stream into ``Armazem`` as parts of the upload
``<ticket>-<hash hex>``; the component is identified by ``(protocolo, hashDoComponenteDigital)``.

* whole upload (#11): one part ``[0, tamanho)``; the component is then complete;
* part (#12): any order; a repeat with the same bytes is accepted; a disagreeing overlap is ``0061``; past
  the declared size ``0060`` (the bus's text); the component is complete after the termination call (#13),
  which answers ``0063`` naming the missing ranges while bytes are missing;
* a complete component is marked ``recebido`` and ``verificar_componentes`` is enqueued after the commit:
  it assembles the parts, checks the SHA-256 (``Armazem.concluir``) and, when every requested component of
  a trâmite is verified, moves it 1→2 through ``aplicar`` (actor: the bus).
* A hash mismatch leaves the trâmite in 1: the parts are discarded, the component is marked
  (``falha_de_verificacao``) and not ``recebido``; the sender's next termination call for it answers ``0062``
  with the failure until it uploads the component again.
* ``retomar_verificacoes`` (a beat sweep) does the task's work for what no task will: a component completed
  while the broker was down (its task was never enqueued) or lost with the broker's queue (a Redis restart
  without persistence), and a trâmite left in 1 with every component verified (its worker died between the
  two steps and the message was lost). Running it beside the tasks is harmless (row locks, compare-and-set).
"""

from __future__ import annotations

import base64
import logging
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

from portal import permissions
from portal.permissions import AcaoDeSistema, SistemaAutenticado
from tramites import erros
from tramites import state_machine as sm
from tramites.armazenamento import Armazem
from tramites.models import ComponenteDigital, Tramite
from tramites.services.atores import Agente
from tramites.services.transicoes import aplicar

log = logging.getLogger(__name__)

_TICKET = re.compile(r"[0-9a-f]{32}", re.ASCII)


@dataclass(frozen=True)
class Alvo:
    """The rows of one component of a ticket (the same hash may be requested by several trâmites)."""

    ticket: str
    hash: str
    protocolo: str
    tamanho: int
    componentes: list[ComponenteDigital]

    @property
    def envio(self) -> str:
        return chave_do_envio(self.ticket, self.hash)

    @property
    def verificado(self) -> bool:
        return all(c.verificado for c in self.componentes)

    @property
    def recebido(self) -> bool:
        return all(c.recebido for c in self.componentes)

    @property
    def ids(self) -> list[int]:
        return [c.pk for c in self.componentes]


def chave_do_envio(ticket: str, hash_: str) -> str:
    return f"{ticket}-{base64.b64decode(hash_).hex()}"


def _do_ticket(principal, ticket: str):
    """The trâmites of ``ticket`` that ``principal`` sent (a queryset, not yet run); 404 for a malformed one."""
    if not isinstance(ticket, str) or not _TICKET.fullmatch(ticket):
        raise erros.ErroDaApi(erros.NAO_ENCONTRADO, "Ticket para envio de componentes digitais não encontrado.")
    return (permissions.restringir(Tramite.objects.all(), principal, AcaoDeSistema.TRAMITE_OPERAR)
            .filter(ticket=ticket, sistema_remetente_id=principal.pk))


def tramites_do_ticket(principal, ticket: str):
    """The trâmites of ``ticket`` that ``principal`` sent, through the scoping door; 404 ``0004`` otherwise."""
    tramites = _do_ticket(principal, ticket)
    if not tramites.exists():
        raise erros.ErroDaApi(erros.NAO_ENCONTRADO, "Ticket para envio de componentes digitais não encontrado.")
    return tramites


def alvo(principal, ticket: str, dados: dict) -> Alvo:
    """The requested component named by ``dados`` (``hashDoComponenteDigital``, ``protocolo``) in ``ticket``.

    The ticket's own check (404 ``0004``) runs only when no component matched: a matching row proves the
    ticket reachable, and the views already checked it before reading the body (one query less per upload)."""
    hash_, protocolo = dados["hashDoComponenteDigital"], dados["protocolo"]
    linhas = list(ComponenteDigital.objects.filter(
        tramite__in=_do_ticket(principal, ticket), documento__protocolo=protocolo, hash=hash_,
    ).select_related("tramite").order_by("pk"))
    if not linhas:
        tramites_do_ticket(principal, ticket)
    solicitadas = [c for c in linhas if c.solicitado]
    if not solicitadas:
        texto = ("já está armazenado no Tramita.GOV.BR (envio parcial) e não precisa ser enviado"
                 if linhas else "não foi solicitado neste trâmite")
        raise erros.ErroDaApi(erros.COMPONENTE_NAO_SOLICITADO,
                              f"O componente digital {hash_} do protocolo {protocolo} {texto}.")
    abertas = [c for c in solicitadas if sm.aguarda_componentes(c.tramite.status)]
    if not abertas:
        situacao = sm.como_status(solicitadas[0].tramite.status)
        raise erros.ErroDaApi(
            erros.SITUACAO_NAO_PERMITE,
            f"O trâmite {solicitadas[0].tramite_id} não aguarda mais componentes digitais "
            f"(situação {situacao.rotulo_com_numero}).")
    return Alvo(ticket, hash_, protocolo, abertas[0].tamanho, abertas)


def _resposta(a: Alvo, recebidos: int, situacao: str) -> dict:
    return {"hashDoComponenteDigital": a.hash, "protocolo": a.protocolo, "tamanhoEmBytes": a.tamanho,
            "bytesRecebidos": recebidos, "situacao": situacao}


def _descartar(arquivo) -> None:
    """Reads nothing more of an upload we do not need (Django already spooled it to a temp file)."""
    if hasattr(arquivo, "close"):
        arquivo.close()


def _completo(a: Alvo, principal) -> None:
    """Marks the component received and enqueues its verification after the commit."""
    with transaction.atomic():
        ComponenteDigital.objects.filter(pk__in=a.ids).update(recebido=True, bytes_recebidos=a.tamanho,
                                                              falha_de_verificacao="")
        from tramites.tarefas.componentes import verificar_componentes

        verificar_componentes.enfileirar_apos_commit(a.ticket, a.hash, sistema_como_dados(principal))


def sistema_como_dados(principal) -> dict:
    return {"pk": principal.pk, "nome": principal.nome, "comite_ids": sorted(principal.comite_ids)}


def sistema_de_dados(dados: dict) -> SistemaAutenticado:
    return SistemaAutenticado(nome=dados["nome"], comite_ids=frozenset(dados["comite_ids"]), pk=dados["pk"])


def principal_do_sistema(sistema) -> SistemaAutenticado:
    """The SPE ``sistema`` as its certificate would authenticate it (its órgão responsável and linked ones)."""
    comites = {sistema.orgao_responsavel_id, *sistema.vinculos.values_list("comite_id", flat=True)}
    return SistemaAutenticado(nome=sistema.nome, comite_ids=frozenset(comites), pk=sistema.pk)


def receber_componente(principal, ticket: str, dados: dict, arquivo) -> dict:
    """#11: the whole component in one request."""
    a = alvo(principal, ticket, dados)
    if a.verificado or a.recebido:
        _descartar(arquivo)
        return _resposta(a, a.tamanho, "verificado" if a.verificado else "em verificação")
    Armazem().gravar_parte(a.envio, 0, a.tamanho, arquivo, a.tamanho)
    _completo(a, principal)
    return _resposta(a, a.tamanho, "em verificação")


def receber_parte(principal, ticket: str, dados: dict, inicio: int, fim: int, arquivo) -> dict:
    """#12: bytes ``[inicio, fim)`` of the component."""
    a = alvo(principal, ticket, dados)
    if a.verificado or a.recebido:
        _descartar(arquivo)
        return _resposta(a, a.tamanho, "verificado" if a.verificado else "em verificação")
    armazem = Armazem()
    armazem.gravar_parte(a.envio, inicio, fim, arquivo, a.tamanho)
    recebidos = armazem.situacao(a.envio, a.tamanho).recebido
    ComponenteDigital.objects.filter(pk__in=a.ids).update(bytes_recebidos=recebidos, falha_de_verificacao="")
    return _resposta(a, recebidos, "recebendo")


def sinalizar_termino(principal, ticket: str, dados: dict) -> dict:
    """#13: every part was sent; the component is verified off the request path."""
    a = alvo(principal, ticket, dados)
    if a.verificado or a.recebido:
        return _resposta(a, a.tamanho, "verificado" if a.verificado else "em verificação")
    situacao = Armazem().situacao(a.envio, a.tamanho)
    if not situacao.completo:
        falha = next((c.falha_de_verificacao for c in a.componentes if c.falha_de_verificacao), "")
        if falha and situacao.recebido == 0:
            raise erros.ErroDaApi(erros.HASH_NAO_CONFERE, falha)
        faltando = ", ".join(str(f) for f in situacao.faltando[:5])
        raise erros.ErroDaApi(erros.COMPONENTE_INCOMPLETO,
                              f"Ainda faltam partes do componente digital: bytes {faltando}.")
    _completo(a, principal)
    return _resposta(a, a.tamanho, "em verificação")


# -- the task's work ---------------------------------------------------------------------------------


def verificar(ticket: str, hash_: str | None, principal) -> None:
    """Verifies the received component ``hash_`` of ``ticket`` (if any) and moves every trâmite of the
    ticket whose requested components are all verified from 1 to 2."""
    tramites = (permissions.restringir(Tramite.objects.all(), principal, AcaoDeSistema.TRAMITE_OPERAR)
                .filter(ticket=ticket, sistema_remetente_id=principal.pk))
    if hash_:
        _verificar_um(tramites, ticket, hash_)
    for tramite in tramites:
        concluir_envio_se_completo(tramite)


def _verificar_um(tramites, ticket: str, hash_: str) -> None:
    """Locks the component's rows while checking it: a second run of the task (a repeated termination call,
    a redelivery) waits, then finds it verified and does nothing."""
    with transaction.atomic():
        linhas = list(ComponenteDigital.objects.select_for_update().filter(
            tramite__in=tramites, hash=hash_, solicitado=True, recebido=True, verificado=False).order_by("pk"))
        if not linhas:
            return
        ids, tamanho = [c.pk for c in linhas], linhas[0].tamanho
        armazem = Armazem()
        try:
            caminho = armazem.concluir(chave_do_envio(ticket, hash_), tamanho, hash_)
        except erros.ErroDaApi as erro:
            caminho = _ja_concluido(armazem, erro, hash_, tamanho)
            if caminho is not None:  # an earlier run stored it, then its transaction failed: same outcome
                ComponenteDigital.objects.filter(pk__in=ids).update(
                    verificado=True, caminho=caminho, bytes_recebidos=tamanho, falha_de_verificacao="")
                return
            log.warning("componente %s do ticket %s recusado na verificação: %s", hash_, ticket, erro.mensagem)
            ComponenteDigital.objects.filter(pk__in=ids).update(
                recebido=False, bytes_recebidos=0, falha_de_verificacao=erro.mensagem[:500])
            return
        ComponenteDigital.objects.filter(pk__in=ids).update(
            verificado=True, caminho=caminho, bytes_recebidos=tamanho, falha_de_verificacao="")


def _ja_concluido(armazem: Armazem, erro: erros.ErroDaApi, hash_: str, tamanho: int) -> str | None:
    """The stored component when a run before this one got as far as ``concluir`` (the parts assembled,
    verified, stored under their hash and discarded) and then lost its transaction — a database error or a
    worker killed before the commit. Its retry finds no parts; the verified bytes are there, named by hash."""
    if erro.codigo != erros.COMPONENTE_INCOMPLETO:
        return None
    nome = armazem.nome_do_componente(hash_)
    if armazem.storage.exists(nome) and armazem.storage.size(nome) == tamanho:
        return nome
    return None


def concluir_envio_se_completo(tramite: Tramite) -> bool:
    """1→2 once every requested component of ``tramite`` is verified; False when not (yet)."""
    if not sm.aguarda_componentes(tramite.status):
        return False
    if ComponenteDigital.objects.filter(tramite=tramite, solicitado=True, verificado=False).exists():
        return False
    try:
        aplicar(tramite, sm.Evento.COMPONENTES_ARMAZENADOS,
                Agente.barramento("Verificação dos componentes digitais"))
    except sm.TransicaoInvalida:  # cancelled or moved by another worker meanwhile: nothing to do
        return False
    return True


@dataclass(frozen=True)
class Retomada:
    tramites: int  # in 1 with a received component left unverified, or with every component verified
    movidos: int  # of those, moved 1→2 by this run


def retomar_verificacoes() -> Retomada:
    """Verifies every received-but-unverified component of the trâmites still waiting for components, then
    moves those now complete 1→2 (see the module docstring). Idempotent."""
    from comites.models import Sistema

    abertos = [s.value for s in sm.Status if sm.aguarda_componentes(s)]
    recebidos = ComponenteDigital.objects.filter(
        tramite__status__in=abertos, tramite__sistema_remetente__isnull=False, solicitado=True, recebido=True,
        verificado=False).values_list("tramite_id", "tramite__ticket", "hash", "tramite__sistema_remetente_id")
    falta_verificar = ComponenteDigital.objects.filter(tramite=OuterRef("pk"), solicitado=True, verificado=False)
    ids = set(Tramite.objects.filter(status__in=abertos).filter(~Exists(falta_verificar)).values_list("pk", flat=True))
    por_envio: dict[tuple[str, int], set[str]] = {}
    for tramite_id, ticket, hash_, sistema_id in recebidos:
        ids.add(tramite_id)
        por_envio.setdefault((ticket, sistema_id), set()).add(hash_)
    sistemas = Sistema.objects.in_bulk({sistema_id for _ticket, sistema_id in por_envio})
    for (ticket, sistema_id), hashes in por_envio.items():
        principal = principal_do_sistema(sistemas[sistema_id])
        tramites = (permissions.restringir(Tramite.objects.all(), principal, AcaoDeSistema.TRAMITE_OPERAR)
                    .filter(ticket=ticket, sistema_remetente_id=principal.pk))
        for hash_ in sorted(hashes):
            _verificar_um(tramites, ticket, hash_)
    movidos = sum(concluir_envio_se_completo(t) for t in Tramite.objects.filter(pk__in=ids).order_by("pk"))
    if ids:
        log.warning("verificações retomadas: %d trâmite(s) parado(s) em 1, %d movido(s) para 2", len(ids), movidos)
    return Retomada(len(ids), movidos)
