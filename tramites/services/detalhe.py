"""What the Painel's "Detalhes do IDT n" page shows (spec §8.4), read in a constant number of queries, and
the signature check of the stored recibos (``tramites.recibos``).

``carregar(idt, principal)`` returns a ``Detalhe`` (or raises ``Http404`` out of scope); the content the
principal may not see (``tramites.visibilidade``) is left out here, not in the template.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from django.db.models import Prefetch

from comites.certificados.ac import fingerprint
from comites.models import Sistema
from estrutura.models import RepositorioDeEstruturas
from portal import permissions
from portal.permissions import Acao
from tramites import recibos
from tramites import state_machine as sm
from tramites.models import ComponenteDigital, HistoricoDeStatus, NivelDeSigilo, Recibo, Tipo, Tramite
from tramites.services.diagnostico import Diagnostico, diagnosticar
from tramites.visibilidade import pode_ver_conteudo, pode_ver_dados

# The trâmite with both sides' units and órgãos in one query (6 joins), then the repositórios and systems in two
# small ones: PostgreSQL spends ~5 ms planning an 11-join query (1M trâmites, bench/painel_detalhe_bench.py),
# ~1 ms planning this one; the hipótese legal, rarely set, is read only when shown.
TRAMITE_RELACIONADOS = (
    "unidade_remetente", "unidade_destinatario", "comite_remetente__unidade", "comite_destinatario__unidade",
)


@dataclass(frozen=True)
class Assinatura:
    valida: bool
    texto: str  # pt-BR: what was checked and the outcome
    certificado: str = ""  # CN of the signing certificate
    fingerprint: str = ""


@dataclass
class ReciboExibido:
    recibo: Recibo
    assinatura: Assinatura
    dados: dict = field(default_factory=dict)  # envio: the signed body's fields


@dataclass
class ComponenteExibido:
    componente: ComponenteDigital
    visivel: bool  # False: the document is restrito/sigiloso for this person (name and hash hidden)


@dataclass
class Detalhe:
    tramite: Tramite
    situacao: sm.Status
    ve_dados: bool  # the refusal rule
    ve_conteudo: bool  # the process's descrição and interessados
    historico: list[HistoricoDeStatus]
    componentes: list[ComponenteExibido]
    tamanho_total: int
    recibos: dict[str, ReciboExibido]
    certificado_remetente: object | None
    certificado_destinatario: object | None
    recusa: HistoricoDeStatus | None
    diagnostico: Diagnostico | None
    pode_cancelar: bool  # the person may cancel this trâmite (profile and side)
    motivo_para_nao_cancelar: str | None  # why the status does not allow it (None: it does)
    nivel_de_acesso: str
    avulso: bool


def tramites_visiveis(principal):
    """The trâmites the Painel shows ``principal`` (the scoping door, action ``PAINEL_VER``)."""
    return permissions.restringir(Tramite.objects.all(), principal, Acao.PAINEL_VER)


def tramites_do_nre(principal, nre: str, limite: int) -> list[Tramite]:
    """The trâmites of one NRE within scope, oldest first, each with ``recebido_em`` (when the receiver's
    recibo de conclusão arrived: the Painel's "Data/Hora do Recebimento"; None before)."""
    recebimentos = HistoricoDeStatus.objects.filter(evento=sm.Evento.RECIBO_ENVIADO.value).order_by("momento")
    linhas = list(tramites_visiveis(principal).filter(nre=nre)
                  .select_related("unidade_remetente", "unidade_destinatario", "comite_remetente__unidade",
                                  "comite_destinatario__unidade")
                  .prefetch_related(Prefetch("historico", queryset=recebimentos, to_attr="recebimentos"))
                  .order_by("criado_em", "idt")[:limite])
    for tramite in linhas:
        tramite.recebido_em = tramite.recebimentos[0].momento if tramite.recebimentos else None
    return linhas


def cancelaveis_por(principal, tramites) -> set[int]:
    """IDTs among ``tramites`` that ``principal`` may cancel now (profile, side and status): one query."""
    ids = [t.idt for t in tramites if sm.pode_cancelar(t.status)]
    if not ids or not permissions.pode(principal, Acao.TRAMITE_CANCELAR):
        return set()
    return set(permissions.restringir(Tramite.objects.filter(idt__in=ids), principal, Acao.TRAMITE_CANCELAR)
               .values_list("idt", flat=True))


def carregar(idt: int, principal) -> Detalhe:
    tramite = permissions.obter_ou_404(
        Tramite.objects.select_related(*TRAMITE_RELACIONADOS).defer("metadados").prefetch_related(
            Prefetch("historico", queryset=HistoricoDeStatus.objects.select_related("sistema", "pessoa", "certificado")
                     .defer("certificado__certificado_pem").order_by("momento", "id")),
        ), principal, Acao.PAINEL_VER, idt=idt)
    anexar_relacionados(tramite)
    situacao = sm.como_status(tramite.status)
    ve_dados = pode_ver_dados(principal, tramite)
    historico = list(tramite.historico.all())
    componentes, total = _componentes(tramite, principal) if ve_dados else ([], 0)
    pode = sm.pode_cancelar(situacao) and permissions.pode(principal, Acao.TRAMITE_CANCELAR) and permissions.pode(
        principal, Acao.TRAMITE_CANCELAR, tramite)
    return Detalhe(
        tramite=tramite, situacao=situacao, ve_dados=ve_dados, ve_conteudo=pode_ver_conteudo(principal, tramite),
        historico=historico, componentes=componentes, tamanho_total=total,
        recibos=_recibos(tramite) if ve_dados else {},
        certificado_remetente=_certificado(historico, sm.Ator.REMETENTE),
        certificado_destinatario=_certificado(historico, sm.Ator.DESTINATARIO),
        recusa=next((h for h in reversed(historico) if h.evento == sm.Evento.RECUSA.value), None),
        diagnostico=diagnosticar(tramite), pode_cancelar=pode,
        motivo_para_nao_cancelar=sm.motivo_para_nao_cancelar(situacao),
        nivel_de_acesso=NivelDeSigilo(tramite.nivel_de_sigilo).label
        if tramite.nivel_de_sigilo in NivelDeSigilo.values else str(tramite.nivel_de_sigilo),
        avulso=tramite.tipo == Tipo.DOCUMENTO,
    )


def anexar_relacionados(tramite) -> None:
    """Fills the units' repositórios, the unidade receptora and both systems (two or three small queries)."""
    repositorios = RepositorioDeEstruturas.objects.in_bulk(
        {tramite.unidade_remetente.repositorio_id, tramite.unidade_destinatario.repositorio_id})
    tramite.unidade_remetente.repositorio = repositorios[tramite.unidade_remetente.repositorio_id]
    tramite.unidade_destinatario.repositorio = repositorios[tramite.unidade_destinatario.repositorio_id]
    sistemas = Sistema.objects.in_bulk([i for i in (tramite.sistema_remetente_id, tramite.sistema_destinatario_id)
                                        if i])
    tramite.sistema_remetente = sistemas.get(tramite.sistema_remetente_id)
    tramite.sistema_destinatario = sistemas.get(tramite.sistema_destinatario_id)
    if tramite.unidade_receptora_id is None:
        tramite.unidade_receptora = None


def _certificado(historico, lado: sm.Ator):
    """The certificate the side's system last authenticated with (the sender's: at the envio)."""
    linhas = [h for h in historico if h.ator == lado.value and h.certificado_id]
    if not linhas:
        return None
    return (linhas[0] if lado is sm.Ator.REMETENTE else linhas[-1]).certificado


def _componentes(tramite, principal) -> tuple[list[ComponenteExibido], int]:
    linhas = list(ComponenteDigital.objects.filter(tramite=tramite)
                  .select_related("documento__especie")
                  .order_by("documento__protocolo", "documento__ordem", "ordem"))
    do_processo = pode_ver_conteudo(principal, tramite)  # a restricted process hides every document
    exibidos = [ComponenteExibido(c, do_processo and pode_ver_conteudo(principal, tramite, c.documento.nivel_de_sigilo))
                for c in linhas]
    return exibidos, sum(c.tamanho for c in linhas)


def _recibos(tramite) -> dict[str, ReciboExibido]:
    exibidos = {}
    for recibo in Recibo.objects.filter(tramite=tramite):
        dados = {}
        if recibo.tipo == Recibo.Tipo.ENVIO:
            try:
                dados = json.loads(recibo.conteudo)
            except ValueError:
                dados = {}
        exibidos[recibo.tipo] = ReciboExibido(recibo, verificar(recibo, dados), dados)
    return exibidos


def _cadeia(pem: str) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates((pem or "").encode())
    except ValueError:
        return []


def verificar(recibo: Recibo, dados: dict | None = None) -> Assinatura:
    """Checks the stored signature against the first certificate of the stored chain, and that certificate
    against the next one (its issuer). The recibo de envio is signed by the bus; the recibo de conclusão by
    the receiving system."""
    cadeia = _cadeia(recibo.cadeia_do_certificado)
    if not cadeia:
        return Assinatura(False, "Não verificada: o recibo não guarda o certificado de quem o assinou.")
    assinante = cadeia[0]
    nome = _cn(assinante)
    if recibo.tipo == Recibo.Tipo.ENVIO:
        dados = dados or {}
        try:
            texto = recibos.texto_do_recibo_de_envio(
                dados.get("IDT"), dados.get("NRE"), dados.get("dataDeRecebimentoDoUltimoComponenteDigital"),
                dados.get("hashesDosComponentesDigitais") or [])
        except (ValueError, TypeError):
            return Assinatura(False, "Inválida: o conteúdo guardado do recibo está incompleto.", nome,
                              fingerprint(assinante))
    else:
        texto = recibo.conteudo
    try:
        confere = recibos.assinatura_confere(texto, recibos.ler_assinatura(recibo.assinatura), assinante)
    except (recibos.ReciboInvalido, ValueError, TypeError):
        confere = False
    if not confere:
        return Assinatura(False, "Inválida: a assinatura não confere com o certificado do assinante.", nome,
                          fingerprint(assinante))
    if len(cadeia) > 1:
        try:
            assinante.verify_directly_issued_by(cadeia[1])
        except (InvalidSignature, ValueError, TypeError):
            return Assinatura(False, "Inválida: o certificado do assinante não foi emitido pela autoridade "
                                     "certificadora da cadeia.", nome, fingerprint(assinante))
    return Assinatura(True, "Válida: a assinatura confere com o certificado do assinante.", nome,
                      fingerprint(assinante))


def _cn(certificado: x509.Certificate) -> str:
    from cryptography.x509.oid import NameOID

    nomes = certificado.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(nomes[0].value) if nomes else certificado.subject.rfc4514_string()
