"""``criar_tramite``: a new IDT in status 1, its NRE (assigned on the process's first trâmite, reused after),
its documents and components, and the first history row. One trâmite on its way per process (0044)."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from comites.models import Comite
from hipoteses.models import EspecieDocumental, HipoteseLegal
from tramites import state_machine as sm
from tramites.models import ComponenteDigital, Documento, HistoricoDeStatus, RegistroEletronico, Tipo, Tramite
from tramites.services import contadores
from tramites.services.atores import Agente
from tramites.services.excecoes import (
    CODIGO_NAO_ENCONTRADO,
    CODIGO_UNIDADE_DE_OUTRO_ORGAO,
    AtorNaoAutorizado,
    DadosInvalidos,
    TramiteEmAndamento,
)
from tramites.services.transicoes import avisar


def comite_da_unidade(unidade, ambiente: str | None = None) -> Comite | None:
    """The comitê (of ``ambiente``) of the órgão a unit belongs to: its nearest ancestor-or-self root.

    Remembered on the ``unidade`` instance (one request's): an envio asks it of the same two units five
    times (each side's check, the same-órgão check, ``criar_tramite``)."""
    ambiente = ambiente or settings.AMBIENTE
    lembrados = unidade.__dict__.setdefault("_comite_por_ambiente", {})
    if ambiente not in lembrados:
        ids = [*unidade.ids_ancestrais, unidade.pk]
        lembrados[ambiente] = (Comite.objects.filter(unidade_id__in=ids, ambiente=ambiente)
                               .order_by("-unidade__profundidade").first())
    return lembrados[ambiente]


def novo_nre(numero: int, ano: int) -> str:
    """16 digits: a 12-digit sequence and the year (spec §6.4's ``0000004385642018``)."""
    if not 0 < numero < 10**12:
        raise ValueError("NRE sequence out of range")
    return f"{numero:012d}{ano:04d}"


def criar_tramite(*, ator: Agente, remetente, destinatario, protocolo: str, tipo: str = Tipo.PROCESSO,
                  nre: str | None = None, documentos=(), metadados: dict | None = None, descricao: str = "",
                  nivel_de_sigilo: int = 1, hipotese_legal: int | None = None, urgente: bool = False,
                  motivo_urgencia: int | None = None, ticket: str = "", reproducao: bool = False) -> Tramite:
    """Starts a trâmite from unit ``remetente`` to unit ``destinatario`` (``estrutura.Unidade``).

    ``protocolo`` is the NUP, already validated by the caller. ``nre``: the process's NRE when the sender
    knows it; without it the protocolo's NRE is reused, or a new one assigned. ``documentos``: dicts with
    ``ordem, descricao, especie`` (code), ``especie_nome_no_produtor, nivel_de_sigilo, hipotese_legal`` (id),
    ``retirado, protocolo`` (defaults to the trâmite's) and ``componentes``: dicts with
    ``ordem, nome, hash, tamanho, mime_type, tipo_de_conteudo, solicitado``. ``ticket`` and ``reproducao``:
    the API's upload ticket and whether this is a reprodução, stored with the row.
    """
    inicial = sm.iniciar(ator.tipo)
    tipo = Tipo(tipo)
    ambiente = settings.AMBIENTE
    with transaction.atomic():
        comite_remetente = comite_da_unidade(remetente, ambiente)
        comite_destinatario = comite_da_unidade(destinatario, ambiente)
        if ator.eh_sistema and not (
            (comite_remetente is not None and comite_remetente.pk in ator.comite_ids)
            or (ator.sistema_id is not None and remetente.sistema_id == ator.sistema_id)
        ):
            raise AtorNaoAutorizado(
                f"A unidade {remetente.nome} ({remetente.pk}) foi mapeada de forma errada. Desse modo, entre em "
                "contato com os Gestores do seu órgão e informe que o mapeamento não está correto.",
                CODIGO_UNIDADE_DE_OUTRO_ORGAO,
            )
        _conferir_catalogos(documentos, hipotese_legal)
        registro = _registro(protocolo, tipo, ambiente, nre)
        _conferir_nenhum_aberto(registro, tipo, destinatario)
        recebe = destinatario.unidade_receptora or destinatario
        agora = timezone.now()
        try:
            with transaction.atomic():
                tramite = Tramite.objects.create(
                    registro=registro, nre=registro.nre, protocolo=registro.protocolo, tipo=tipo, ambiente=ambiente,
                    unidade_remetente=remetente, unidade_destinatario=destinatario,
                    unidade_receptora=destinatario.unidade_receptora,
                    comite_remetente=comite_remetente, comite_destinatario=comite_destinatario,
                    sistema_remetente_id=ator.sistema_id if ator.eh_sistema else remetente.sistema_id,
                    sistema_destinatario_id=recebe.sistema_id,
                    status=inicial.value, criado_em=agora, atualizado_em=agora, status_desde=agora,
                    urgente=bool(urgente), motivo_urgencia=motivo_urgencia if urgente else None,
                    metadados=metadados or {}, descricao=(descricao or "")[:100],
                    nivel_de_sigilo=nivel_de_sigilo, hipotese_legal_id=hipotese_legal,
                    ticket=ticket, reproducao=reproducao,
                )
        except IntegrityError:  # a concurrent send of the same process won the partial unique index
            raise _em_andamento(registro) from None
        _documentos(tramite, documentos)
        HistoricoDeStatus.objects.create(
            tramite=tramite, de=None, para=inicial.value, momento=agora, evento=sm.Evento.ENVIO.value,
            ator=ator.tipo.value, sistema_id=ator.sistema_id, pessoa=ator.pessoa,
            ator_descricao=ator.descricao[:300], certificado_id=ator.certificado_id,
        )
        contadores.criado(tramite)
        transaction.on_commit(partial(avisar, tramite, None, inicial, sm.Evento.ENVIO, ator))
    return tramite


def _registro(protocolo: str, tipo: Tipo, ambiente: str, nre: str | None) -> RegistroEletronico:
    """The process's NRE row, locked until the end of the transaction (serializes its trâmites)."""
    protocolo = (protocolo or "").strip()
    if not protocolo or len(protocolo) > 50 or "\x00" in protocolo:
        raise DadosInvalidos("Informe o protocolo (NUP) do processo ou documento.")
    if nre:
        registro = RegistroEletronico.objects.select_for_update().filter(nre=str(nre), ambiente=ambiente).first()
        if registro is None:
            raise DadosInvalidos(f"O NRE {str(nre)[:16]} não foi encontrado.", CODIGO_NAO_ENCONTRADO)
        if registro.protocolo != protocolo or registro.tipo != tipo:
            raise DadosInvalidos(f"O NRE {registro.nre} pertence a outro protocolo ({registro.protocolo}).")
        return registro
    filtro = {"protocolo": protocolo, "tipo": tipo, "ambiente": ambiente}
    registro = RegistroEletronico.objects.select_for_update().filter(**filtro).first()
    if registro is not None:
        return registro
    try:
        with transaction.atomic():
            registro = RegistroEletronico.objects.create(**filtro)
    except IntegrityError:  # a concurrent first send of the same protocolo created it
        return RegistroEletronico.objects.select_for_update().get(**filtro)
    registro.nre = novo_nre(registro.pk, timezone.localdate().year)
    RegistroEletronico.objects.filter(pk=registro.pk).update(nre=registro.nre)
    return registro


def _conferir_nenhum_aberto(registro: RegistroEletronico, tipo: Tipo, destinatario) -> None:
    abertos = Tramite.objects.filter(registro=registro, status__in=[s.value for s in sm.ABERTOS])
    if tipo == Tipo.DOCUMENTO:
        abertos = abertos.filter(unidade_destinatario=destinatario)
    if abertos.exists():
        raise _em_andamento(registro)


def _em_andamento(registro) -> TramiteEmAndamento:
    aberto = (Tramite.objects.filter(registro=registro, status__in=[s.value for s in sm.ABERTOS])
              .values_list("idt", flat=True).first())
    complemento = f" (IDT {aberto})" if aberto else ""
    return TramiteEmAndamento(
        f"O processo {registro.protocolo} (NRE {registro.nre}) já possui trâmite em andamento{complemento}. "
        "Acompanhe no Painel de Controle ou cancele o trâmite anterior."
    )


def _conferir_catalogos(documentos, hipotese_legal) -> None:
    especies = {d.get("especie") for d in documentos if d.get("especie") is not None}
    hipoteses = {d.get("hipotese_legal") for d in documentos if d.get("hipotese_legal") is not None}
    if hipotese_legal is not None:
        hipoteses.add(hipotese_legal)
    faltam = especies - set(EspecieDocumental.objects.filter(codigo__in=especies).values_list("codigo", flat=True))
    if faltam:
        raise DadosInvalidos(f"Espécie documental desconhecida: {', '.join(map(str, sorted(faltam)))}.")
    faltam = hipoteses - set(
        HipoteseLegal.objects.filter(identificacao__in=hipoteses).values_list("identificacao", flat=True))
    if faltam:
        raise DadosInvalidos(f"Hipótese legal desconhecida: {', '.join(map(str, sorted(faltam)))}.")


def _ordens_repetidas(chaves) -> bool:
    vistas = set()
    for chave in chaves:
        if chave in vistas:
            return True
        vistas.add(chave)
    return False


def _documentos(tramite: Tramite, documentos) -> None:
    """The trâmite's documents and components. Their rows are new, so the only way to break the unique
    orders is the input itself: checked here, without a savepoint (two round trips each) around the inserts."""
    docs, componentes = [], []
    for dados in documentos:
        docs.append(Documento(
            tramite=tramite, protocolo=dados.get("protocolo") or tramite.protocolo, ordem=dados["ordem"],
            descricao=dados.get("descricao", "")[:100], especie_id=dados.get("especie"),
            especie_nome_no_produtor=dados.get("especie_nome_no_produtor", "")[:100],
            nivel_de_sigilo=dados.get("nivel_de_sigilo", 1), hipotese_legal_id=dados.get("hipotese_legal"),
            retirado=bool(dados.get("retirado", False)),
        ))
    if _ordens_repetidas((d.protocolo, d.ordem) for d in docs):
        raise DadosInvalidos("Há documentos com a mesma ordem no mesmo protocolo.")
    if _ordens_repetidas((i, c["ordem"]) for i, dados in enumerate(documentos) for c in dados.get("componentes", ())):
        raise DadosInvalidos("Há componentes digitais com a mesma ordem no mesmo documento.")
    Documento.objects.bulk_create(docs)
    for documento, dados in zip(docs, documentos, strict=True):
        for c in dados.get("componentes", ()):
            componentes.append(ComponenteDigital(
                tramite=tramite, documento=documento, ordem=c["ordem"], nome=c["nome"][:255], hash=c["hash"],
                tamanho=c["tamanho"], mime_type=c.get("mime_type", "")[:100],
                tipo_de_conteudo=c.get("tipo_de_conteudo", "")[:3], solicitado=c.get("solicitado", True),
            ))
    ComponenteDigital.objects.bulk_create(componentes)
