"""The diagnosis of a trâmite that has not ended: how long in this status, where the process is, what can be
done (the state machine's texts) and whom to call — the active gestores of the órgão that must act
(``state_machine.lado_que_deve_agir``). A refused trâmite stuck in 8 whose origin unit was inactivated
(typically by a SIORG import) is called out: the sending system cannot find the unit to acknowledge.

Reads only; the Painel's detail page and the daily digest share it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from comites.models import Gestor
from portal.services import parametros
from tramites import state_machine as sm

PARAMETRO_DIAS_PARADO = "dias_tramite_parado"

AVISO_UNIDADE_INATIVA = (
    "A unidade de origem {unidade} está inativa{origem}. O sistema de origem não a localiza para registrar a "
    "ciência da recusa, e o trâmite fica parado na situação 8: reative a unidade ou mapeie novamente uma "
    "unidade ativa para envio e recebimento no Portal de Administração."
)


@dataclass(frozen=True)
class Contato:
    nome: str
    email: str
    telefone: str


@dataclass
class Diagnostico:
    situacao: sm.Status
    desde: datetime.datetime
    tempo: datetime.timedelta
    parado: bool  # longer than the Parâmetro "dias_tramite_parado"
    dias_limite: int
    onde_esta: str
    o_que_fazer: str
    lado: sm.Ator | None  # whose órgão must act
    orgao: object | None  # that órgão's Comite (None when the side has no comitê)
    contatos: list[Contato] = field(default_factory=list)
    aviso_unidade_inativa: str = ""

    @property
    def lado_rotulo(self) -> str:
        if self.lado is sm.Ator.DESTINATARIO:
            return "órgão de destino"
        if self.lado is sm.Ator.REMETENTE:
            return "órgão de origem"
        return ""

    @property
    def tempo_texto(self) -> str:
        return duracao(self.tempo)


def duracao(tempo: datetime.timedelta) -> str:
    """"3 dias e 4 horas", "5 horas e 12 minutos", "menos de 1 minuto"."""
    segundos = max(int(tempo.total_seconds()), 0)
    dias, resto = divmod(segundos, 86400)
    horas, resto = divmod(resto, 3600)
    minutos = resto // 60

    def _n(valor, singular, plural):
        return f"{valor} {singular if valor == 1 else plural}"

    if dias:
        return _n(dias, "dia", "dias") + (f" e {_n(horas, 'hora', 'horas')}" if horas else "")
    if horas:
        return _n(horas, "hora", "horas") + (f" e {_n(minutos, 'minuto', 'minutos')}" if minutos else "")
    if minutos:
        return _n(minutos, "minuto", "minutos")
    return "menos de 1 minuto"


def orgao_que_deve_agir(tramite, lado: sm.Ator | None):
    if lado is sm.Ator.DESTINATARIO:
        return tramite.comite_destinatario
    if lado is sm.Ator.REMETENTE:
        return tramite.comite_remetente
    return None


def contatos_de(comite_ids) -> dict[int, list[Contato]]:
    """Active gestores of each comitê (one query), by name: e-mail of the unit (the personal one when none)."""
    por_comite: dict[int, list[Contato]] = {}
    gestores = (Gestor.objects.filter(comite_id__in=list(comite_ids), ativo=True, pessoa__is_active=True)
                .select_related("pessoa").order_by("pessoa__nome"))
    for gestor in gestores:
        pessoa = gestor.pessoa
        por_comite.setdefault(gestor.comite_id, []).append(
            Contato(pessoa.nome, pessoa.email_unidade or pessoa.email, pessoa.telefone or pessoa.celular))
    return por_comite


def aviso_de_unidade_inativa(tramite) -> str:
    """The call-out for a refused trâmite (8) whose origin unit is inactive; empty otherwise."""
    if not sm.bloqueio_possivel_por_unidade_de_origem(tramite.status):
        return ""
    unidade = tramite.unidade_remetente
    if unidade.ativo:
        return ""
    origem = " (inativada por atualização do SIORG)" if unidade.vem_do_siorg else ""
    return AVISO_UNIDADE_INATIVA.format(unidade=unidade.rotulo, origem=origem)


def diagnosticar(tramite, agora: datetime.datetime | None = None) -> Diagnostico | None:
    """None for a trâmite in a terminal status. ``tramite`` should come with ``unidade_remetente`` and both
    comitês (``__unidade``) selected; the gestores cost one query."""
    situacao = sm.como_status(tramite.status)
    if sm.eh_terminal(situacao):
        return None
    agora = agora or timezone.now()
    limite = parametros.inteiro(PARAMETRO_DIAS_PARADO)
    tempo = agora - tramite.status_desde
    lado = sm.lado_que_deve_agir(situacao)
    orgao = orgao_que_deve_agir(tramite, lado)
    contatos = contatos_de([orgao.pk]).get(orgao.pk, []) if orgao is not None else []
    return Diagnostico(
        situacao=situacao, desde=tramite.status_desde, tempo=tempo, parado=tempo > datetime.timedelta(days=limite),
        dias_limite=limite, onde_esta=situacao.onde_esta, o_que_fazer=situacao.o_que_fazer, lado=lado,
        orgao=orgao, contatos=contatos, aviso_unidade_inativa=aviso_de_unidade_inativa(tramite),
    )
