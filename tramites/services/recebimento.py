"""The receiver's side of a trâmite and the sender's answers to it (spec §3 #17–#21, #24, #25; §6.3–§6.5).

Every transition goes through ``services.aplicar``; the side-effecting reads are idempotent: a repeat (or a
concurrent twin that lost the compare-and-set) answers the same and writes nothing.

* ``ler_metadados`` — the receiver in status 2 moves the trâmite to 3; later reads (and the sender's) change
  nothing. After a refusal only the sender sees the data (404 for the receiver).
* ``preparar_download`` / ``registrar_download`` — the receiver downloads a component whole or by byte
  ranges ``[inicio, fim)``; the ranges it received are merged per component once the answer was streamed
  to the end; when every component of the trâmite has been downloaded whole the bus moves it 3→4.
* ``registrar_recibo`` — the receiver's signed recibo de conclusão (4→5), checked against its SPE's valid
  certificates (``0064`` and nothing written when it does not check).
* ``entregar_recibo`` — the sender fetches it (5→6; again in 6: the same answer).
* ``recusar`` (3/4→8) and ``dar_ciencia`` (the sender, 8→9; again in 9: the same answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from comites.certificados.models import Certificado
from portal import permissions
from portal.permissions import AcaoDeSistema
from tramites import recibos
from tramites import state_machine as sm
from tramites.armazenamento import Armazem
from tramites.models import ComponenteDigital, EntregaDePendencia, Recibo, Tramite
from tramites.nup import normalizar_nup
from tramites.services.atores import Agente
from tramites.services.consulta import lados, metadados, nao_encontrado
from tramites.services.excecoes import (
    CODIGO_NAO_ENCONTRADO,
    AtorNaoAutorizado,
    ConflitoDeStatus,
    DadosInvalidos,
)
from tramites.services.transicoes import aplicar

E, A = sm.Evento, sm.Ator
CODIGO_PARTE_FORA_DO_COMPONENTE = "0060"  # tramites.erros.PARTE_FORA_DO_COMPONENTE
CODIGO_COMPONENTE_INCOMPLETO = "0063"  # tramites.erros.COMPONENTE_INCOMPLETO
CODIGO_SITUACAO_NAO_PERMITE = sm.CODIGO_SITUACAO_NAO_PERMITE
_DATA_DO_RECIBO = re.compile(r"<dataDeRecebimento>([^<]*)</dataDeRecebimento>")


def registrar_entregas(principal, pendencias: list[tuple[int, object]]) -> None:
    """Records that these pendências (IDT, ``status_desde``) were listed to the system (idempotent)."""
    EntregaDePendencia.objects.bulk_create(
        [EntregaDePendencia(sistema_id=principal.pk, tramite_id=idt, status_desde=desde) for idt, desde in pendencias],
        ignore_conflicts=True,
    )


def _aplicar_uma_vez(tramite: Tramite, evento: sm.Evento, agente: Agente) -> bool:
    """``aplicar`` unless another caller already did: a lost compare-and-set is the same answer."""
    try:
        aplicar(tramite, evento, agente)
    except ConflitoDeStatus:
        tramite.refresh_from_db(fields=["status", "status_desde", "atualizado_em"])
        return False
    return True


def _situacao_nao_permite(tramite: Tramite, o_que: str) -> DadosInvalidos:
    situacao = sm.como_status(tramite.status)
    return DadosInvalidos(
        f"A situação atual do trâmite {tramite.idt} ({situacao.rotulo_com_numero}) não permite {o_que}.",
        CODIGO_SITUACAO_NAO_PERMITE,
    )


# -- metadata (#17) ----------------------------------------------------------------------------------------


def ler_metadados(tramite: Tramite, principal) -> dict:
    """The metadata for the sender (any time) or the receiver (moving 2→3 on its first read)."""
    quem = lados(tramite, principal)
    if A.DESTINATARIO in quem:
        if sm.recusado(tramite.status) and A.REMETENTE not in quem:
            raise nao_encontrado(tramite.idt)
        if sm.permite(tramite.status, E.METADADOS_OBTIDOS, A.DESTINATARIO):
            _aplicar_uma_vez(tramite, E.METADADOS_OBTIDOS, Agente.do_principal(principal, A.DESTINATARIO))
        elif not sm.metadados_visiveis_ao_destinatario(tramite.status) and A.REMETENTE not in quem:
            raise _situacao_nao_permite(tramite, "a obtenção dos metadados pelo sistema destinatário")
    elif A.REMETENTE not in quem:
        raise nao_encontrado(tramite.idt)
    if A.REMETENTE in quem:
        registrar_leitura_do_cancelamento(tramite)
    return metadados(tramite)


def registrar_leitura_do_cancelamento(tramite: Tramite) -> bool:
    """The sender read a cancelled trâmite: the cancellation stops being its pendência. Once: a repeat
    (or any other status) writes nothing. True when this call recorded it."""
    if not sm.eh_pendencia_do_remetente_ate_a_leitura(tramite.status) or tramite.cancelamento_lido_em:
        return False
    agora = timezone.now()
    gravou = Tramite.objects.filter(
        pk=tramite.pk, status__in=[s.value for s in sm.pendencias_do_remetente_ate_a_leitura()],
        cancelamento_lido_em__isnull=True).update(cancelamento_lido_em=agora)
    if gravou:
        tramite.cancelamento_lido_em = agora
    return bool(gravou)


# -- downloads (#18, #19) --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    tramite_id: int
    componente_ids: tuple[int, ...]
    nome: str  # in the components storage
    inicio: int
    fim: int  # exclusive
    tamanho: int  # of the whole component

    @property
    def bytes(self) -> int:
        return self.fim - self.inicio


def _mesmo_protocolo(guardado: str, pedido: str) -> bool:
    if guardado == pedido:
        return True
    try:
        return normalizar_nup(guardado) == pedido
    except ValueError:
        return False


def conferir_download(tramite: Tramite, principal) -> None:
    """Only the receiver downloads (404 for anyone else), and only in 3 and 4 (``0065``)."""
    if A.DESTINATARIO not in lados(tramite, principal) or sm.recusado(tramite.status):
        raise nao_encontrado(tramite.idt)
    if not sm.pode_baixar_componentes(tramite.status):
        raise _situacao_nao_permite(tramite, "obter componentes digitais (primeiro obtenha os metadados)")


def preparar_download(tramite: Tramite, principal, hash_: str, protocolo: str,
                      intervalo: tuple[int, int] | None = None, armazem: Armazem | None = None) -> Download:
    """Checks that the receiver may download ``[inicio, fim)`` (all of it without ``intervalo``) of the
    component ``(protocolo, hash_)`` of ``tramite`` now; only the receiver: 404 for anyone else."""
    conferir_download(tramite, principal)
    candidatos = ComponenteDigital.objects.filter(tramite=tramite, hash=hash_).select_related("documento")
    componentes = [c for c in candidatos if _mesmo_protocolo(c.documento.protocolo, protocolo)
                   or _mesmo_protocolo(tramite.protocolo, protocolo)]
    if not componentes:
        raise DadosInvalidos(
            f"O componente digital {hash_} do protocolo {protocolo} não faz parte do trâmite {tramite.idt}.",
            CODIGO_NAO_ENCONTRADO,
        )
    componente = componentes[0]
    inicio, fim = intervalo if intervalo is not None else (0, componente.tamanho)
    if fim > componente.tamanho:
        raise DadosInvalidos(
            f"A parte informada ({inicio}-{fim}) ultrapassa o tamanho do componente digital informado nos "
            f"metadados do trâmite ({componente.tamanho} bytes).", CODIGO_PARTE_FORA_DO_COMPONENTE)
    armazem = armazem or Armazem()
    nome = componente.caminho or armazem.nome_do_componente(hash_)
    if not armazem.existe(nome) or armazem.tamanho(nome) != componente.tamanho:
        raise DadosInvalidos(
            f"O conteúdo do componente digital {hash_} ainda não está disponível no Tramita GOV.BR.",
            CODIGO_COMPONENTE_INCOMPLETO)
    return Download(tramite.idt, tuple(c.pk for c in componentes), nome, inicio, fim, componente.tamanho)


def _juntar(intervalos, inicio: int, fim: int) -> list[list[int]]:
    """Merges ``[inicio, fim)`` into sorted, disjoint ranges (touching ranges become one)."""
    todos = sorted([*(tuple(i) for i in intervalos if isinstance(i, list | tuple) and len(i) == 2),
                    (inicio, fim)])
    juntos: list[list[int]] = []
    for a, b in todos:
        if juntos and a <= juntos[-1][1]:
            juntos[-1][1] = max(juntos[-1][1], b)
        else:
            juntos.append([a, b])
    return juntos


def _cobre(intervalos: list[list[int]], tamanho: int) -> bool:
    return tamanho == 0 or (len(intervalos) == 1 and intervalos[0][0] <= 0 and intervalos[0][1] >= tamanho)


def registrar_download(download: Download, principal) -> bool:
    """Records that ``download`` reached the receiver whole; applies 3→4 when it was the last missing
    piece of the last component. Returns whether the trâmite moved. Serialized per trâmite (row lock)."""
    with transaction.atomic():
        tramite = Tramite.objects.select_for_update().filter(pk=download.tramite_id).first()
        if tramite is None:
            return False
        for componente in ComponenteDigital.objects.filter(pk__in=download.componente_ids):
            if componente.baixado:
                continue
            componente.intervalos_baixados = _juntar(componente.intervalos_baixados or [], download.inicio,
                                                     download.fim)
            componente.baixado = _cobre(componente.intervalos_baixados, componente.tamanho)
            componente.save(update_fields=["intervalos_baixados", "baixado"])
        if ComponenteDigital.objects.filter(tramite_id=tramite.pk, baixado=False).exists():
            return False
        if not sm.permite(tramite.status, E.COMPONENTES_BAIXADOS):
            return False
        agente = Agente.barramento(f"Componentes digitais obtidos por {principal.nome}"[:300])
        return _aplicar_uma_vez(tramite, E.COMPONENTES_BAIXADOS, agente)


# -- recibo de conclusão (#20, #21) ------------------------------------------------------------------------


def certificados_validos(principal) -> list[Certificado]:
    """The SPE's registered certificates of this ambiente that are valid now (not revoked, not expired)."""
    agora = timezone.now()
    linhas = permissions.restringir(Certificado.objects.all(), principal, AcaoDeSistema.TRAMITE_OPERAR)
    return list(linhas.filter(sistema_id=principal.pk, ambiente=settings.AMBIENTE, revogado_em__isnull=True,
                              valido_de__lte=agora, valido_ate__gt=agora).order_by("-valido_ate"))


def _cadeia(certificado: Certificado) -> str:
    from comites.certificados.services import obter_ac

    autoridade = obter_ac()
    cadeia = certificado.certificado_pem.strip() + "\n"
    if autoridade is not None:
        cadeia += autoridade.certificado_pem.strip() + "\n"
    return cadeia


def conferir_recibo(tramite: Tramite, principal) -> None:
    """Only the receiver sends the recibo (the sender: 403; others: 404), only in 4 (``0065``)."""
    quem = lados(tramite, principal)
    if A.DESTINATARIO not in quem:
        if sm.recusado(tramite.status) or A.REMETENTE not in quem:
            raise nao_encontrado(tramite.idt)
        raise AtorNaoAutorizado("Somente o sistema destinatário do trâmite envia o recibo de conclusão.")
    sm.proximo(tramite.status, E.RECIBO_ENVIADO, A.DESTINATARIO)  # the wrong situação: 0065, nothing checked


def registrar_recibo(tramite: Tramite, principal, data_de_recebimento: str, data_lida, hash_da_assinatura: str
                     ) -> Recibo:
    """The receiver's recibo de conclusão (4→5), once its signature checks (``ReciboInvalido``/0064 else)."""
    conferir_recibo(tramite, principal)
    hashes = sorted(tramite.componentes.values_list("hash", flat=True))
    texto = _texto_do_recibo(tramite, data_de_recebimento, hashes)
    assinatura = recibos.ler_assinatura(hash_da_assinatura)
    certificado = next((c for c in certificados_validos(principal)
                        if recibos.assinatura_confere(texto, assinatura, c.certificado_pem)), None)
    if certificado is None:
        raise recibos.ReciboInvalido(
            "Falha na validação do recibo de conclusão: a assinatura não confere com nenhum certificado válido "
            f"do sistema destinatário para o texto {texto}")
    with transaction.atomic():
        aplicar(tramite, E.RECIBO_ENVIADO, Agente.do_principal(principal, A.DESTINATARIO))
        return Recibo.objects.create(
            tramite=tramite, tipo=Recibo.Tipo.CONCLUSAO, conteudo=texto, assinatura=hash_da_assinatura.strip(),
            cadeia_do_certificado=_cadeia(certificado), hashes=hashes, data_de_recebimento=data_lida,
        )


def _texto_do_recibo(tramite: Tramite, data: str, hashes: list[str]) -> str:
    try:
        return recibos.texto_do_recibo_de_conclusao(tramite.idt, tramite.nre, data, hashes)
    except ValueError as erro:
        raise recibos.ReciboInvalido(f"Recibo de conclusão inválido: {erro}") from None


def corpo_do_recibo(tramite: Tramite, recibo: Recibo) -> dict:
    encontrada = _DATA_DO_RECIBO.search(recibo.conteudo)
    return {
        "recibo": {
            "IDT": tramite.idt, "NRE": tramite.nre,
            "dataDeRecebimento": encontrada[1] if encontrada else None,
            "hashesDosComponentesDigitais": list(recibo.hashes),
        },
        "cadeiaDoCertificado": recibo.cadeia_do_certificado,
        "hashDaAssinatura": recibo.assinatura,
    }


def entregar_recibo(tramite: Tramite, principal) -> dict:
    """The recibo de conclusão for either side; the sender's first read moves 5→6 (idempotent after)."""
    quem = lados(tramite, principal)
    if not quem or (A.REMETENTE not in quem and sm.recusado(tramite.status)):
        raise nao_encontrado(tramite.idt)
    recibo = tramite.recibos.filter(tipo=Recibo.Tipo.CONCLUSAO).first()
    if recibo is None:
        raise _situacao_nao_permite(tramite, "obter o recibo de conclusão: o sistema destinatário ainda não o enviou")
    if A.REMETENTE in quem and sm.permite(tramite.status, E.RECIBO_OBTIDO, A.REMETENTE):
        _aplicar_uma_vez(tramite, E.RECIBO_OBTIDO, Agente.do_principal(principal, A.REMETENTE))
    return corpo_do_recibo(tramite, recibo)


# -- recusa and ciência (#24, #25) -------------------------------------------------------------------------


def conferir_recusa(tramite: Tramite, principal) -> None:
    """Only the receiver refuses (the sender: 403; others, and the receiver once refused: 404), in 3/4."""
    quem = lados(tramite, principal)
    if A.DESTINATARIO not in quem:
        if sm.recusado(tramite.status) or A.REMETENTE not in quem:
            raise nao_encontrado(tramite.idt)
        raise AtorNaoAutorizado("Somente o sistema destinatário do trâmite pode recusá-lo.")
    if sm.recusado(tramite.status) and A.REMETENTE not in quem:
        raise nao_encontrado(tramite.idt)  # refused already: the trâmite is the sender's alone
    sm.proximo(tramite.status, E.RECUSA, A.DESTINATARIO)  # the wrong situação: 0065


def recusar(tramite: Tramite, principal, motivo: str, justificativa: str) -> Tramite:
    """The receiver refuses (3/4→8) with a motivo (01–04, 99) and a justificativa (≤ 1000)."""
    conferir_recusa(tramite, principal)
    return aplicar(tramite, E.RECUSA, Agente.do_principal(principal, A.DESTINATARIO),
                   dados={"motivo": motivo, "justificativa": justificativa})


def dar_ciencia(tramite: Tramite, principal) -> Tramite:
    """The sender acknowledges the refusal (8→9); again in 9 it answers the same and writes nothing."""
    quem = lados(tramite, principal)
    if A.REMETENTE not in quem:
        if A.DESTINATARIO in quem and not sm.recusado(tramite.status):
            raise AtorNaoAutorizado("Somente o sistema remetente do trâmite dá ciência da recusa.")
        raise nao_encontrado(tramite.idt)
    if sm.permite(tramite.status, E.CIENCIA_DA_RECUSA, A.REMETENTE):
        _aplicar_uma_vez(tramite, E.CIENCIA_DA_RECUSA, Agente.do_principal(principal, A.REMETENTE))
    elif not (sm.recusado(tramite.status) and sm.eh_terminal(tramite.status)):
        sm.proximo(tramite.status, E.CIENCIA_DA_RECUSA, A.REMETENTE)  # raises: 0065 with the situação
    return tramite
