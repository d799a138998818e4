"""The sender's side: starting trâmites (``POST tramites/processo|documento``), reproducing the last one,
cancelling, and the bus-signed recibo de envio.

Rules checked before ``criar_tramite`` (spec §2, §4.1, §5; issue 10):

* the remetente unit exists in the repository (``0055``), belongs to an órgão of the calling system and is
  mapped to send through that very system, active (``0005``, the bus's "mapeada de forma errada" text);
* each destinatário exists (``0055``), is active and can receive: it, or the centralizadora answering for
  it, is mapped to receive through an active system (``0068``); a unit of the remetente's own órgão is
  refused (``0069``); the centralizadora becomes the trâmite's ``unidade_receptora`` (``criar_tramite``);
* an ``NRE`` the bus never issued is refused (``0004``); one trâmite on its way per process (``0044``);
* envio parcial: components whose hash the bus already holds, verified, for the same NRE are not
  requested again; they are linked to the stored bytes and count as verified.

Everything runs in one transaction; the verification task is enqueued after the commit.
"""

from __future__ import annotations

import json
import uuid
from collections import OrderedDict

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from estrutura.models import Unidade
from portal import permissions
from portal.permissions import AcaoDeSistema
from tramites import erros, recibos
from tramites import state_machine as sm
from tramites.armazenamento import Armazem
from tramites.models import ComponenteDigital, HistoricoDeStatus, Recibo, RegistroEletronico, Tipo, Tramite
from tramites.services.atores import Agente, agente_do_sistema
from tramites.services.criacao import comite_da_unidade, criar_tramite
from tramites.services.excecoes import AtorNaoAutorizado, ConflitoDeStatus, DadosInvalidos, TramiteEmAndamento
from tramites.services.transicoes import aplicar


def novo_ticket() -> str:
    return uuid.uuid4().hex


def exigir_remetente(tramite: Tramite, principal) -> Agente:
    """The caller as the trâmite's sender; the receiver's system gets ``0003`` (it sees the trâmite)."""
    agente = Agente.do_principal(principal, sm.Ator.REMETENTE)
    if not agente.no_lado(tramite):
        raise AtorNaoAutorizado("Esta operação só pode ser feita pelo sistema remetente do trâmite.")
    return agente


# -- units -------------------------------------------------------------------------------------------


def _unidade(principal, estrutura: dict) -> Unidade:
    repositorio = int(estrutura["identificacaoDoRepositorioDeEstruturas"])
    numero = int(estrutura["numeroDeIdentificacaoDaEstrutura"])
    unidade = (permissions.restringir(Unidade.objects.all(), principal, AcaoDeSistema.CATALOGO_CONSULTAR)
               .select_related("unidade_receptora", "unidade_receptora__sistema", "sistema")
               .filter(pk=numero, repositorio_id=repositorio).first())
    if unidade is None:
        raise erros.ErroDaApi(
            erros.ESTRUTURA_FORA_DO_REPOSITORIO,
            f"A estrutura {numero} não foi encontrada no repositório de estruturas {repositorio}.")
    return unidade


def conferir_remetente(principal, estrutura: dict) -> Unidade:
    """The remetente unit, when it belongs to the caller's órgão and sends through the caller (else 0005)."""
    unidade = _unidade(principal, estrutura)
    comite = comite_da_unidade(unidade)
    if (comite is None or comite.pk not in principal.comite_ids or unidade.sistema_id != principal.pk
            or not unidade.permite_envio or not unidade.ativo):
        raise erros.ErroDaApi(
            erros.UNIDADE_MAPEADA_INCORRETAMENTE,
            f"A unidade {unidade.nome} ({unidade.pk}) foi mapeada de forma errada. Desse modo, entre em contato "
            "com os Gestores do seu órgão e informe que o mapeamento não está correto.",
            400,
        )
    return unidade


def conferir_destinatario(principal, estrutura: dict, remetente: Unidade) -> Unidade:
    unidade = _unidade(principal, estrutura)
    recebe = unidade.unidade_receptora or unidade
    apto = (unidade.ativo and recebe.ativo and recebe.permite_recebimento and recebe.sistema_id is not None
            and recebe.sistema.ativo)
    if not apto:
        raise erros.ErroDaApi(
            erros.DESTINATARIO_NAO_APTO,
            f"A unidade {unidade.nome} ({unidade.pk}) não está apta para receber trâmites: ela precisa estar "
            "ativa e mapeada para receber por um sistema de processo eletrônico (diretamente ou por uma unidade "
            "centralizadora).")
    comite = comite_da_unidade(unidade)
    if comite is not None and comite == comite_da_unidade(remetente):
        raise erros.ErroDaApi(
            erros.DESTINATARIO_DO_MESMO_ORGAO,
            f"A unidade {unidade.nome} ({unidade.pk}) pertence ao mesmo órgão da unidade remetente: o "
            "Tramita.GOV.BR envia processos somente entre órgãos diferentes.")
    return unidade


# -- the payload as criar_tramite takes it --------------------------------------------------------------


def _componentes(documento: dict) -> list[dict]:
    return [{
        "ordem": c["ordem"], "nome": c["nome"], "hash": c["hash"]["conteudo"], "tamanho": c["tamanhoEmBytes"],
        "mime_type": c["mimeType"], "tipo_de_conteudo": c["tipoDeConteudo"],
    } for c in documento["componentesDigitais"]]


def _documento(documento: dict, protocolo: str, ordem: int | None = None) -> dict:
    hipotese = documento.get("hipoteseLegal") or {}
    return {
        "protocolo": protocolo, "ordem": ordem or documento["ordem"], "descricao": documento.get("descricao") or "",
        "especie": documento["especie"]["codigo"], "especie_nome_no_produtor": documento["especie"]["nomeNoProdutor"],
        "nivel_de_sigilo": documento["nivelDeSigilo"], "hipotese_legal": hipotese.get("identificacao"),
        "retirado": bool(documento.get("retirado")), "componentes": _componentes(documento),
    }


def documentos_do_processo(processo: dict) -> list[dict]:
    docs = [_documento(d, processo["protocolo"]) for d in processo["documentos"]]
    for apensado in processo.get("processoApensado") or ():
        docs += [_documento(d, apensado["protocolo"]) for d in apensado["documentos"]]
    return docs


def _como_json(dados: dict) -> dict:
    return json.loads(json.dumps(dados, cls=DjangoJSONEncoder))


# -- envio parcial ----------------------------------------------------------------------------------


def _registro_existente(protocolo: str, tipo: str, nre: str | None) -> RegistroEletronico | None:
    from django.conf import settings

    if nre:
        return RegistroEletronico.objects.filter(nre=nre, ambiente=settings.AMBIENTE).first()
    return RegistroEletronico.objects.filter(protocolo=protocolo, tipo=tipo, ambiente=settings.AMBIENTE).first()


def componentes_guardados(registro: RegistroEletronico | None, hashes) -> dict[str, str]:
    """hash → storage name of the components the bus holds, verified, for this NRE (and still stored)."""
    if registro is None or not hashes:
        return {}
    guardados = dict(ComponenteDigital.objects.filter(
        tramite__registro=registro, verificado=True, hash__in=set(hashes)).exclude(caminho="")
        .values_list("hash", "caminho"))
    armazem = Armazem()
    return {h: caminho for h, caminho in guardados.items() if armazem.existe(caminho)}


def _marcar_guardados(tramite: Tramite, guardados: dict[str, str]) -> None:
    for hash_, caminho in guardados.items():
        for componente in ComponenteDigital.objects.filter(tramite=tramite, hash=hash_):
            ComponenteDigital.objects.filter(pk=componente.pk).update(
                solicitado=False, recebido=True, verificado=True, caminho=caminho,
                bytes_recebidos=componente.tamanho)


def solicitados(tramite: Tramite) -> list[dict]:
    """``[{protocolo, hashes}]`` of the components the sender must upload (spec §4.1), by protocolo."""
    grupos: OrderedDict[str, list[str]] = OrderedDict()
    linhas = (ComponenteDigital.objects.filter(tramite=tramite, solicitado=True, verificado=False)
              .order_by("documento__protocolo", "documento__ordem", "ordem")
              .values_list("documento__protocolo", "hash"))
    for protocolo, hash_ in linhas:
        hashes = grupos.setdefault(protocolo, [])
        if hash_ not in hashes:
            hashes.append(hash_)
    return [{"protocolo": p, "hashes": h} for p, h in grupos.items()]


def _enfileirar_conferencia(ticket: str, principal) -> None:
    """After the commit, the check of a ticket with nothing left to upload (envio parcial) moves it 1→2.

    Only for such a ticket: while a component is still requested, the upload that completes it enqueues the
    check (``componentes.receber_componente``); a check enqueued at the envio would find nothing to do and
    cost the worker a task per trâmite (bench/README.md, lifecycle)."""
    from tramites.services.componentes import sistema_como_dados
    from tramites.tarefas.componentes import verificar_componentes

    verificar_componentes.enfileirar_apos_commit(ticket, None, sistema_como_dados(principal))


def data_do_registro(tramite: Tramite) -> str:
    return timezone.localtime(tramite.criado_em).isoformat(timespec="seconds")


def resposta_de_envio(tramite: Tramite) -> dict:
    return {
        "IDT": tramite.idt, "NRE": tramite.nre, "dataHoraDeRegistroDoTramite": data_do_registro(tramite),
        "ticketParaEnvioDeComponentesDigitais": tramite.ticket,
        "processosComComponentesDigitaisSolicitados": solicitados(tramite),
    }


def _criar(principal, *, remetente, destinatario, protocolo, tipo, nre, documentos, metadados, cabecalho,
           ticket, descricao="", nivel_de_sigilo=1, hipotese_legal=None, reproducao=False,
           reaproveitar=True) -> Tramite:
    registro = _registro_existente(protocolo, tipo, nre)
    hashes = [c["hash"] for d in documentos for c in d["componentes"]]
    guardados = componentes_guardados(registro, hashes) if reaproveitar else {}
    tramite = criar_tramite(
        ator=Agente.do_principal(principal, sm.Ator.REMETENTE), remetente=remetente, destinatario=destinatario,
        protocolo=protocolo, tipo=tipo, nre=nre, documentos=documentos, metadados=metadados,
        descricao=descricao, nivel_de_sigilo=nivel_de_sigilo, hipotese_legal=hipotese_legal,
        urgente=bool(cabecalho.get("urgencia")), motivo_urgencia=cabecalho.get("motivoDaUrgencia"),
        ticket=ticket, reproducao=reproducao,
    )
    _marcar_guardados(tramite, guardados)
    return tramite


def enviar_processo(principal, dados: dict) -> dict:
    """``POST tramites/processo`` with a validated body (``entrada.validar(EnvioDeProcesso, …)``)."""
    cabecalho, processo = dados["cabecalho"], dados["processo"]
    with transaction.atomic():
        remetente = conferir_remetente(principal, cabecalho["remetente"])
        destinatario = conferir_destinatario(principal, cabecalho["destinatario"], remetente)
        hipotese = (processo.get("hipoteseLegal") or {}).get("identificacao")
        ticket = novo_ticket()
        tramite = _criar(
            principal, remetente=remetente, destinatario=destinatario, protocolo=processo["protocolo"],
            tipo=Tipo.PROCESSO, nre=cabecalho.get("NRE"), documentos=documentos_do_processo(processo),
            metadados=_como_json(dados), cabecalho=cabecalho, ticket=ticket,
            descricao=processo.get("descricao") or "", nivel_de_sigilo=processo["nivelDeSigilo"],
            hipotese_legal=hipotese)
        resposta = resposta_de_envio(tramite)
        if not resposta["processosComComponentesDigitaisSolicitados"]:
            _enfileirar_conferencia(ticket, principal)
        return resposta


def enviar_documento(principal, dados: dict) -> dict:
    """``POST tramites/documento``: one trâmite per destinatário, one ticket for all of them."""
    cabecalho, documento = dados["cabecalho"], dados["documento"]
    with transaction.atomic():
        remetente = conferir_remetente(principal, cabecalho["remetente"])
        destinos = [conferir_destinatario(principal, e, remetente) for e in cabecalho["destinatarios"]]
        if len({d.pk for d in destinos}) != len(destinos):
            raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA, "O mesmo destinatário foi informado mais de uma vez.")
        hipotese = (documento.get("hipoteseLegal") or {}).get("identificacao")
        ticket = novo_ticket()
        tramites = [_criar(
            principal, remetente=remetente, destinatario=destino, protocolo=documento["protocolo"],
            tipo=Tipo.DOCUMENTO, nre=cabecalho.get("NRE"),
            documentos=[_documento(documento, documento["protocolo"], ordem=1)],
            metadados=_como_json(dados), cabecalho=cabecalho, ticket=ticket,
            descricao=documento.get("descricao") or "", nivel_de_sigilo=documento["nivelDeSigilo"],
            hipotese_legal=hipotese) for destino in destinos]
        primeiro = tramites[0]
        pedidos = solicitados(primeiro)
        if not pedidos or any(not solicitados(t) for t in tramites[1:]):
            _enfileirar_conferencia(ticket, principal)
        return {
            "NRE": primeiro.nre,
            "tramites": [_tramite_do_documento(t) for t in tramites],
            "dataHoraDeRegistroDoTramite": data_do_registro(primeiro),
            "ticketParaEnvioDeComponentesDigitais": ticket,
            "processosComComponentesDigitaisSolicitados": pedidos,
        }


def _tramite_do_documento(tramite: Tramite) -> dict:
    destino = tramite.unidade_destinatario
    return {"IDT": tramite.idt, "NRE": tramite.nre, "dataHoraDeRegistroDoTramite": data_do_registro(tramite),
            "destinatario": {"identificacaoDoRepositorioDeEstruturas": destino.repositorio_id,
                             "numeroDeIdentificacaoDaEstrutura": str(destino.pk)}}


# -- reprodução do último trâmite (spec §6.6) ---------------------------------------------------------


def reproduzir(principal, nre: str, repositorio: int, estrutura: int) -> dict:
    """A new IDT for the NRE's last trâmite to that destinatário; every component is requested again."""
    with transaction.atomic():
        registro = RegistroEletronico.objects.select_for_update().filter(nre=nre).first()
        ultimo = None
        if registro is not None:
            ultimo = (permissions.restringir(Tramite.objects.all(), principal, AcaoDeSistema.TRAMITE_OPERAR)
                      .filter(registro=registro, unidade_destinatario_id=estrutura,
                              unidade_destinatario__repositorio_id=repositorio)
                      .select_related("unidade_remetente", "unidade_destinatario").order_by("-idt").first())
        if ultimo is None:
            raise erros.ErroDaApi(
                erros.NAO_ENCONTRADO,
                f"Não há trâmite do NRE {nre} para a estrutura {estrutura} do repositório {repositorio}.")
        exigir_remetente(ultimo, principal)
        if sm.aberto(ultimo.status):
            raise TramiteEmAndamento(f"NRE, '{nre}', já possui trâmite em andamento para este destinatário")
        documentos = _documentos_de(ultimo)
        if not any(d["componentes"] for d in documentos):
            raise DadosInvalidos(
                f"Não é possível executar o serviço de reprodução de trâmite do processo {ultimo.protocolo}, "
                "pois não há componentes digitais válidos a serem reproduzidos")
        ticket = novo_ticket()
        metadados = {**(ultimo.metadados or {}), "reproducaoDeTramite": True,
                     "reproducaoDeProcesso": ultimo.tipo == Tipo.PROCESSO}
        tramite = _criar(
            principal, remetente=ultimo.unidade_remetente, destinatario=ultimo.unidade_destinatario,
            protocolo=ultimo.protocolo, tipo=ultimo.tipo, nre=ultimo.nre, documentos=documentos,
            metadados=metadados, cabecalho={"urgencia": ultimo.urgente, "motivoDaUrgencia": ultimo.motivo_urgencia},
            ticket=ticket, descricao=ultimo.descricao, nivel_de_sigilo=ultimo.nivel_de_sigilo,
            hipotese_legal=ultimo.hipotese_legal_id, reproducao=True, reaproveitar=False)
        return {**resposta_de_envio(tramite), "ticketParaReenvioDeComponentesDigitais": ticket}


def _documentos_de(tramite: Tramite) -> list[dict]:
    docs = []
    for documento in tramite.documentos.order_by("protocolo", "ordem").prefetch_related("componentes"):
        docs.append({
            "protocolo": documento.protocolo, "ordem": documento.ordem, "descricao": documento.descricao,
            "especie": documento.especie_id, "especie_nome_no_produtor": documento.especie_nome_no_produtor,
            "nivel_de_sigilo": documento.nivel_de_sigilo, "hipotese_legal": documento.hipotese_legal_id,
            "retirado": documento.retirado,
            "componentes": [{"ordem": c.ordem, "nome": c.nome, "hash": c.hash, "tamanho": c.tamanho,
                             "mime_type": c.mime_type, "tipo_de_conteudo": c.tipo_de_conteudo}
                            for c in documento.componentes.all()],
        })
    return docs


# -- cancel and recibo de envio -----------------------------------------------------------------------


def cancelar(tramite: Tramite, principal) -> Tramite:
    """``DELETE tramites/{IDT}``: the sender cancels (1–4 → 7); MOD's texts when the status forbids it."""
    agente = agente_do_sistema(tramite, principal, sm.Evento.CANCELAMENTO)
    motivo = sm.motivo_para_nao_cancelar(tramite.status)
    if motivo:
        raise ConflitoDeStatus(motivo)
    return aplicar(tramite, sm.Evento.CANCELAMENTO, agente, motivo="Cancelado pelo sistema remetente.")


def recibo_de_envio(tramite: Tramite, principal) -> dict:
    """The bus-signed recibo de envio, once every requested component was received and verified (the
    1→2 transition is in the history). Signed once and kept: a repeat answers the same body."""
    exigir_remetente(tramite, principal)
    guardado = Recibo.objects.filter(tramite=tramite, tipo=Recibo.Tipo.ENVIO).first()
    if guardado is None:
        entrega = (HistoricoDeStatus.objects.filter(tramite=tramite, evento=sm.Evento.COMPONENTES_ARMAZENADOS.value)
                   .order_by("momento").first())
        if entrega is None:
            raise erros.ErroDaApi(
                erros.SITUACAO_NAO_PERMITE,
                f"O recibo de envio do trâmite {tramite.idt} ainda não existe: o Tramita.GOV.BR ainda não recebeu "
                f"e verificou todos os componentes digitais ({sm.como_status(tramite.status).rotulo_com_numero}).")
        hashes = sorted(set(ComponenteDigital.objects.filter(tramite=tramite).values_list("hash", flat=True)))
        corpo = recibos.recibo_de_envio(tramite.idt, tramite.nre, entrega.momento, hashes)
        with transaction.atomic():
            guardado, _criado = Recibo.objects.get_or_create(
                tramite=tramite, tipo=Recibo.Tipo.ENVIO,
                defaults={"conteudo": json.dumps(corpo["reciboDeEnvio"]), "assinatura": corpo["hashDaAssinatura"],
                          "cadeia_do_certificado": corpo["cadeiaDoCertificado"], "hashes": hashes,
                          "data_de_recebimento": entrega.momento})
    return {"reciboDeEnvio": json.loads(guardado.conteudo), "cadeiaDoCertificado": guardado.cadeia_do_certificado,
            "hashDaAssinatura": guardado.assinatura}
