"""What a system reads about trâmites through the API: its rows, its side, pendências, metadata, the consulta.

Rows always come through the scoping door (``restringir(Tramite…, principal, AcaoDeSistema.TRAMITE_OPERAR)``):
a system sees the trâmites of its órgãos, either side. Within them, the **side** a system is on is stricter:
the SPE recorded on the trâmite (``sistema_remetente`` / ``sistema_destinatario`` — for the receiver, the SPE
mapped for the unit that receives: the centralizadora when there is one), or, when no SPE was recorded, any
system of that side's órgão.

Pendências (spec §6.2): the trâmites in a status where this system must act, per side
(``state_machine.pendencias_do_remetente/destinatario``), and for the sender a cancellation (7, 10) until it
reads the trâmite (``pendencias_do_remetente_ate_a_leitura``). ``todas=true`` (the default) lists all of them;
``todas=false`` only those not yet delivered to this system — a pendência is one trâmite in one situação
(``status_desde``), delivered once any listing returned it. Either listing records what it returned.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q

from portal import permissions
from portal.permissions import AcaoDeSistema
from tramites import state_machine as sm
from tramites.models import ComponenteDigital, EntregaDePendencia, HistoricoDeStatus, Tipo, Tramite
from tramites.nup import normalizar_nup
from tramites.recibos import formatar_data
from tramites.services.excecoes import CODIGO_NAO_ENCONTRADO, DadosInvalidos

MAXIMO_DE_PENDENCIAS = 5000
"""At most this many pendências per listing, oldest first (``todas=false`` hands out the rest next time)."""


def tramites_do_sistema(principal):
    """The trâmites the system may reach (its órgãos, either side): the one door."""
    return permissions.restringir(Tramite.objects.all(), principal, AcaoDeSistema.TRAMITE_OPERAR)


def nao_encontrado(idt) -> DadosInvalidos:
    return DadosInvalidos(f"Trâmite {idt} não encontrado.", CODIGO_NAO_ENCONTRADO)


def obter_tramite(principal, idt: int, *, para_atualizar: bool = False) -> Tramite:
    """The trâmite ``idt`` if the system may reach it; ``DadosInvalidos`` ``0004`` (404) otherwise."""
    linhas = tramites_do_sistema(principal).select_related(
        "unidade_remetente", "unidade_destinatario", "unidade_receptora")
    tramite = linhas.filter(pk=idt).first()
    if tramite is None:
        raise nao_encontrado(idt)
    return tramite


def _no_lado(tramite: Tramite, principal, lado: str) -> bool:
    sistema_id = getattr(tramite, f"sistema_{lado}_id")
    if sistema_id is not None:
        return principal.pk is not None and sistema_id == principal.pk
    return getattr(tramite, f"comite_{lado}_id") in principal.comite_ids


def lados(tramite: Tramite, principal) -> frozenset[sm.Ator]:
    """The sides (``Ator.REMETENTE``/``DESTINATARIO``) the system is on: none, one, or both (same SPE)."""
    encontrados = set()
    if _no_lado(tramite, principal, "remetente"):
        encontrados.add(sm.Ator.REMETENTE)
    if _no_lado(tramite, principal, "destinatario"):
        encontrados.add(sm.Ator.DESTINATARIO)
    return frozenset(encontrados)


def _filtro_do_lado(principal, lado: str) -> Q:
    return Q(**{f"sistema_{lado}_id": principal.pk}) | Q(
        **{f"sistema_{lado}__isnull": True, f"comite_{lado}__in": list(principal.comite_ids)})


# -- pendências ------------------------------------------------------------------------------------------


def linhas_pendentes(principal, *, nao_entregues: bool = False):
    """The system's pendências as a queryset of trâmites: per side, the statuses where it must act, and, for
    the sender, a cancellation it has not read yet. ``nao_entregues``: only those not yet delivered to it."""
    do_remetente = (Q(status__in=[s.value for s in sm.pendencias_do_remetente()])
                    | Q(status__in=[s.value for s in sm.pendencias_do_remetente_ate_a_leitura()],
                        cancelamento_lido_em__isnull=True)) & _filtro_do_lado(principal, "remetente")
    do_destinatario = Q(status__in=[s.value for s in sm.pendencias_do_destinatario()]) & _filtro_do_lado(
        principal, "destinatario")
    linhas = tramites_do_sistema(principal).filter(do_remetente | do_destinatario)
    if nao_entregues:
        entregue = EntregaDePendencia.objects.filter(
            sistema_id=principal.pk, tramite_id=OuterRef("pk"), status_desde=OuterRef("status_desde"))
        linhas = linhas.filter(~Exists(entregue))
    return linhas.order_by("status_desde", "idt")


def pendencias(principal, todas: bool = True) -> list[dict]:
    """``[{IDT, status}]`` of what needs action from this system, oldest first (spec #15)."""
    linhas = linhas_pendentes(principal, nao_entregues=not todas)
    encontradas = list(linhas.values("idt", "status", "status_desde")[:MAXIMO_DE_PENDENCIAS])
    if encontradas and principal.pk is not None:
        from tramites.services.recebimento import registrar_entregas

        registrar_entregas(principal, [(p["idt"], p["status_desde"]) for p in encontradas])
    return [{"IDT": p["idt"], "status": p["status"]} for p in encontradas]


# -- metadata (#17) ----------------------------------------------------------------------------------------


def estrutura(unidade) -> dict | None:
    """``{identificacaoDoRepositorioDeEstruturas, numeroDeIdentificacaoDaEstrutura}`` of a unit (spec §4.1)."""
    if unidade is None:
        return None
    return {"identificacaoDoRepositorioDeEstruturas": unidade.repositorio_id,
            "numeroDeIdentificacaoDaEstrutura": str(unidade.pk), "nome": unidade.nome, "sigla": unidade.sigla}


def _documentos_das_linhas(tramite: Tramite) -> list[dict]:
    """The documents and components as stored, when the trâmite's metadata do not carry them."""
    componentes = Prefetch("componentes", queryset=ComponenteDigital.objects.order_by("ordem"))
    documentos = []
    for documento in tramite.documentos.order_by("protocolo", "ordem").prefetch_related(componentes):
        item = {
            "ordem": documento.ordem, "descricao": documento.descricao, "retirado": documento.retirado,
            "nivelDeSigilo": documento.nivel_de_sigilo,
            "especie": {"codigo": documento.especie_id, "nomeNoProdutor": documento.especie_nome_no_produtor},
            "componentesDigitais": [{
                "ordem": c.ordem, "nome": c.nome, "hash": {"algoritmo": "SHA256", "conteudo": c.hash},
                "tamanhoEmBytes": c.tamanho, "mimeType": c.mime_type, "tipoDeConteudo": c.tipo_de_conteudo,
            } for c in documento.componentes.all()],
        }
        if documento.hipotese_legal_id is not None:
            item["hipoteseLegal"] = {"identificacao": documento.hipotese_legal_id}
        if documento.protocolo != tramite.protocolo:
            item["protocoloDoProcessoAnexado"] = documento.protocolo
        documentos.append(item)
    return documentos


def _protocolo(tramite: Tramite, enviado) -> dict:
    if isinstance(enviado, dict) and enviado:
        protocolo = dict(enviado)
    else:
        protocolo = {"protocolo": tramite.protocolo, "descricao": tramite.descricao,
                     "nivelDeSigilo": tramite.nivel_de_sigilo}
        if tramite.hipotese_legal_id is not None:
            protocolo["hipoteseLegal"] = {"identificacao": tramite.hipotese_legal_id}
    if tramite.tipo == Tipo.PROCESSO and "documentos" not in protocolo:
        protocolo["documentos"] = _documentos_das_linhas(tramite)
    if tramite.tipo == Tipo.DOCUMENTO and "componentesDigitais" not in protocolo:
        documentos = _documentos_das_linhas(tramite)
        protocolo["componentesDigitais"] = documentos[0]["componentesDigitais"] if documentos else []
    return protocolo


def metadados(tramite: Tramite) -> dict:
    """The body of ``GET tramites/{IDT}`` (spec §4.2): the metadata as sent, ``nre`` in lower case."""
    enviados = tramite.metadados if isinstance(tramite.metadados, dict) else {}
    cabecalho = enviados.get("cabecalho") if isinstance(enviados.get("cabecalho"), dict) else {}
    chave = "documento" if tramite.tipo == Tipo.DOCUMENTO else "processo"
    corpo = {
        "IDT": tramite.idt,
        "nre": tramite.nre,
        chave: _protocolo(tramite, enviados.get(chave)),
        "remetente": estrutura(tramite.unidade_remetente),
        "destinatario": estrutura(tramite.unidade_destinatario),
    }
    if tramite.unidade_receptora_id is not None:
        corpo["unidadeReceptora"] = estrutura(tramite.unidade_receptora)
    corpo["reproducaoDeTramite"] = bool(enviados.get("reproducaoDeTramite", False))
    corpo["reproducaoDeProcesso"] = bool(enviados.get("reproducaoDeProcesso", False))
    corpo["ticketParaReenvioDeComponentesDigitais"] = enviados.get("ticketParaReenvioDeComponentesDigitais")
    corpo["propriedadesAdicionais"] = (cabecalho.get("propriedadesAdicionais")
                                       or enviados.get("propriedadesAdicionais") or [])
    return corpo


# -- consulta (#22) ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FiltroDeTramites:
    idt: int | None = None
    nre: str = ""
    protocolo: str = ""
    remetente_repositorio: int | None = None
    remetente_estrutura: int | None = None
    destinatario_repositorio: int | None = None
    destinatario_estrutura: int | None = None


def _filtrar(linhas, filtro: FiltroDeTramites):
    if filtro.idt is not None:
        linhas = linhas.filter(idt=filtro.idt)
    if filtro.nre:
        linhas = linhas.filter(nre=filtro.nre)
    if filtro.protocolo:
        try:
            variantes = {filtro.protocolo, normalizar_nup(filtro.protocolo)}
        except ValueError:
            variantes = {filtro.protocolo}
        linhas = linhas.filter(protocolo__in=variantes)
    if filtro.remetente_repositorio is not None:
        linhas = linhas.filter(unidade_remetente__repositorio_id=filtro.remetente_repositorio)
    if filtro.remetente_estrutura is not None:
        linhas = linhas.filter(unidade_remetente_id=filtro.remetente_estrutura)
    if filtro.destinatario_repositorio is not None:
        linhas = linhas.filter(unidade_destinatario__repositorio_id=filtro.destinatario_repositorio)
    if filtro.destinatario_estrutura is not None:
        linhas = linhas.filter(Q(unidade_destinatario_id=filtro.destinatario_estrutura)
                               | Q(unidade_receptora_id=filtro.destinatario_estrutura))
    return linhas


def _pendentes_de_recebimento(tramite: Tramite) -> list[str]:
    """Hashes still to be received: from the sender while the bus waits for them (1), by the receiver
    while it receives (2–4: not yet downloaded whole); none otherwise."""
    componentes = tramite.componentes.all()  # prefetched
    if sm.aguarda_componentes_do_remetente(tramite.status):
        return sorted({c.hash for c in componentes if c.solicitado and not c.recebido})
    if sm.eh_pendencia_do_destinatario(tramite.status):
        return sorted({c.hash for c in componentes if not c.baixado})
    return []


def _linha(tramite: Tramite) -> dict:
    return {
        "IDT": tramite.idt,
        "NRE": tramite.nre,
        "protocolo": tramite.protocolo,
        "situacaoAtual": tramite.status,
        "remetente": estrutura(tramite.unidade_remetente),
        "destinatario": estrutura(tramite.unidade_destinatario),
        "unidadeReceptora": estrutura(tramite.unidade_receptora),
        "mudancasDeSituacao": [{"situacao": h.para, "dataHora": formatar_data(h.momento)}
                               for h in tramite.historico.all()],
        "hashDosComponentesPendentesDeRecebimento": _pendentes_de_recebimento(tramite),
        "justificativaDaRecusa": tramite.recusa_justificativa or None,
        "motivoDaRecusa": tramite.recusa_motivo or None,
    }


def consultar(principal, filtro: FiltroDeTramites, inicio: int, quantidade: int) -> tuple[int, list[dict]]:
    """``(total, page)`` of the system's trâmites matching ``filtro``, by IDT (spec #22, §4.4)."""
    linhas = _filtrar(tramites_do_sistema(principal), filtro)
    total = linhas.count()
    pagina = (linhas.order_by("idt")
              .select_related("unidade_remetente", "unidade_destinatario", "unidade_receptora")
              .prefetch_related(
                  Prefetch("historico", queryset=HistoricoDeStatus.objects.order_by("momento", "id")),
                  Prefetch("componentes", queryset=ComponenteDigital.objects.only(
                      "id", "tramite_id", "hash", "solicitado", "recebido", "baixado")))
              [inicio:inicio + quantidade])
    return total, [_linha(t) for t in pagina]
