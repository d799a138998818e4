"""The 10 statuses: official texts (seed 001), groups, colours and the sets other code filters on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Grupo(StrEnum):
    """How a trâmite ended, or that it has not (the Painel's "situação" filter)."""

    EM_ANDAMENTO = "em_andamento"
    CONCLUIDO = "concluido"
    RECUSADO = "recusado"
    CANCELADO = "cancelado"

    @property
    def label(self) -> str:
        return _ROTULOS_DOS_GRUPOS[self]


_ROTULOS_DOS_GRUPOS = {
    Grupo.EM_ANDAMENTO: "Em andamento",
    Grupo.CONCLUIDO: "Concluído",
    Grupo.RECUSADO: "Recusado",
    Grupo.CANCELADO: "Cancelado",
}


class Lado(StrEnum):
    """Where the process is while the trâmite sits in a status ("Onde está o processo?")."""

    ORIGEM = "origem"
    TRAMITA = "tramita"
    DESTINO = "destino"

    @property
    def label(self) -> str:
        return _ROTULOS_DOS_LADOS[self]


_ROTULOS_DOS_LADOS = {
    Lado.ORIGEM: "Sistema de Processo Eletrônico de origem",
    Lado.TRAMITA: "Tramita GOV.BR",
    Lado.DESTINO: "Sistema de Processo Eletrônico de destino",
}


@dataclass(frozen=True)
class _Descricao:
    label: str
    significado: str
    onde: Lado
    o_que_fazer: str
    grupo: Grupo
    cor: str  # the class of ``portal-badge`` (static/css/portal.css): azul, verde, laranja, vermelho, cinza


class Status(IntEnum):
    """The 10 statuses of a trâmite (constant names as the clients know them, spec §6.1)."""

    INICIADO = 1
    COMPONENTES_ENVIADOS_REMETENTE = 2
    METADADOS_RECEBIDO_DESTINATARIO = 3
    COMPONENTES_RECEBIDOS_DESTINATARIO = 4
    RECIBO_ENVIADO_DESTINATARIO = 5
    RECIBO_RECEBIDO_REMETENTE = 6
    CANCELADO = 7
    RECUSADO = 8
    CIENCIA_RECUSA = 9
    CANCELADO_AUTOMATICAMENTE = 10

    @property
    def _d(self) -> _Descricao:
        return _DESCRICOES[self]

    @property
    def label(self) -> str:
        """The official description of the status ("Aguardando o envio dos arquivos digitais")."""
        return self._d.label

    @property
    def significado(self) -> str:
        """"O que significa o status?"."""
        return self._d.significado

    @property
    def onde_esta(self) -> str:
        """"Onde está o processo?"."""
        return self._d.onde.label

    @property
    def lado(self) -> Lado:
        return self._d.onde

    @property
    def o_que_fazer(self) -> str:
        """"O que pode ser feito?" (empty when nothing can: the seed shows "_")."""
        return self._d.o_que_fazer

    @property
    def grupo(self) -> Grupo:
        return self._d.grupo

    @property
    def cor(self) -> str:
        return self._d.cor

    @property
    def terminal(self) -> bool:
        return self in TERMINAIS

    @property
    def rotulo_com_numero(self) -> str:
        return f"{self.value} – {self.label}"


_CONTATO_DESTINO = "entre em contato com um dos gestores de protocolo do órgão de destino."
_CONTATO_ORIGEM = "entre em contato com um dos gestores de protocolo do órgão de origem."

_DESCRICOES: dict[Status, _Descricao] = {
    Status.INICIADO: _Descricao(
        "Aguardando o envio dos arquivos digitais",
        "As informações básicas (número, descrição, interessado, relação de documentos etc.) foram fornecidas e "
        "recebidas pelo Tramita GOV.BR, porém o sistema está aguardando o envio dos arquivos.",
        Lado.ORIGEM,
        "O trâmite do processo pode ser cancelado manualmente pelo usuário do sistema de origem.",
        Grupo.EM_ANDAMENTO, "azul",
    ),
    Status.COMPONENTES_ENVIADOS_REMETENTE: _Descricao(
        "Arquivos digitais recebidos pelo Tramita GOV.BR",
        "Os arquivos digitais do processo foram recebidos e validados quanto à integridade pelo Tramita GOV.BR. "
        "A plataforma aguarda o Sistema de Processo Eletrônico de destino buscar as informações do processo.",
        Lado.TRAMITA,
        "O trâmite do processo pode ser cancelado pelo usuário do sistema de origem. Caso o processo esteja "
        "parado no status 2, é muito provável que o sistema de destino esteja com problemas para recebimento. "
        "Nessa situação, " + _CONTATO_DESTINO,
        Grupo.EM_ANDAMENTO, "azul",
    ),
    Status.METADADOS_RECEBIDO_DESTINATARIO: _Descricao(
        "Metadados recebidos pelo sistema de processo eletrônico destinatário",
        "As informações básicas (número, descrição, interessado, relação de documentos etc.) foram informadas e "
        "recebidas pelo Sistema de Processo Eletrônico de destino e o sistema está aguardando a transferência "
        "dos arquivos digitais para o referido sistema.",
        Lado.TRAMITA,
        "Caso o processo esteja parado no status 3, provavelmente o sistema de destino está com problemas para "
        "recebimento. Nessa situação, " + _CONTATO_DESTINO,
        Grupo.EM_ANDAMENTO, "azul",
    ),
    Status.COMPONENTES_RECEBIDOS_DESTINATARIO: _Descricao(
        "Arquivos digitais recebidos pelo destinatário",
        "Os arquivos digitais foram recebidos pelo Sistema de Processo Eletrônico de destino e o Tramita GOV.BR "
        "está aguardando o sistema de destino enviar o recibo de conclusão do trâmite.",
        Lado.DESTINO,
        "Caso o processo esteja parado no status 4, provavelmente o sistema de destino está com problemas para "
        "recebimento. Nessa situação, " + _CONTATO_DESTINO,
        Grupo.EM_ANDAMENTO, "azul",
    ),
    Status.RECIBO_ENVIADO_DESTINATARIO: _Descricao(
        "Recibo de conclusão recebido pelo Tramita GOV.BR",
        "O Sistema de Processo Eletrônico de destino validou a integridade do processo e enviou o recibo de "
        "conclusão do trâmite para o Tramita GOV.BR.",
        Lado.DESTINO,
        "Caso o processo esteja parado no status 5, provavelmente o sistema de origem está indisponível. "
        "Nessa situação, " + _CONTATO_ORIGEM,
        Grupo.EM_ANDAMENTO, "azul",
    ),
    Status.RECIBO_RECEBIDO_REMETENTE: _Descricao(
        "Recibo de conclusão recebido pelo remetente",
        "O recibo de conclusão do trâmite foi recebido com sucesso pelo Sistema de Processo Eletrônico de origem.",
        Lado.DESTINO, "", Grupo.CONCLUIDO, "verde",
    ),
    # Seed 001 repeats status 6 here by mistake; the FAQ's status 7, in 001's words (see the module docstring).
    Status.CANCELADO: _Descricao(
        "Trâmite cancelado",
        "O trâmite foi cancelado manualmente por usuário no Sistema de Processo Eletrônico de origem, por um "
        "administrador do Tramita GOV.BR ou por falha na transferência dos dados do processo. Por exemplo: o "
        "usuário do sistema de origem identifica que o trâmite foi realizado para o destinatário errado e cancela "
        "o envio.",
        Lado.ORIGEM, "", Grupo.CANCELADO, "cinza",
    ),
    Status.RECUSADO: _Descricao(
        "Trâmite recusado. Aguardando ciência do remetente",
        "O trâmite foi recusado pelo Sistema de Processo Eletrônico de destino por alguma falha na validação dos "
        "dados recebidos e está aguardando a ciência do sistema de origem para realizar o desbloqueio do "
        "processo. Exemplo: o formato de arquivo não é aceito pelo sistema de destino.",
        Lado.TRAMITA,
        "Caso o trâmite esteja parado no status 8, provavelmente o sistema de origem está com problema de "
        "comunicação com o Tramita GOV.BR: " + _CONTATO_ORIGEM + " Após mudanças de estruturas de órgãos no "
        "SIORG, algumas unidades podem ser inativadas e o trâmite recusado fica parado no status 8, pois a "
        "unidade de origem não é localizada: verifique se a unidade de origem ainda permanece disponível no "
        "Portal de Administração e mapeie novamente essa unidade para receber processos. Nos casos de recusa com "
        "justificativa com mais de 500 caracteres, caso o erro seja reportado, atualize o módulo para no mínimo "
        "a versão 3.1.8.",
        Grupo.RECUSADO, "laranja",
    ),
    Status.CIENCIA_RECUSA: _Descricao(
        "Ciência da recusa recebido pelo remetente",  # verbatim (seed 001 and the bus)
        "A notificação da recusa do trâmite foi recebida pelo Sistema de Processo Eletrônico de origem e o "
        "processo foi desbloqueado.",
        Lado.ORIGEM,
        "Verificar o motivo da recusa e entrar em contato com um dos gestores de protocolo do órgão de destino.",
        Grupo.RECUSADO, "vermelho",
    ),
    Status.CANCELADO_AUTOMATICAMENTE: _Descricao(
        "Trâmite cancelado automaticamente",
        "O trâmite é cancelado automaticamente pelo Tramita GOV.BR após o prazo estabelecido pelos "
        "Administradores do Tramita GOV.BR. Apenas os trâmites com status 1, 2, 3 e 4 podem ser cancelados "
        "automaticamente.",
        Lado.ORIGEM, "", Grupo.CANCELADO, "cinza",
    ),
}

CHOICES: list[tuple[int, str]] = [(s.value, s.label) for s in Status]
GRUPO_CHOICES: list[tuple[str, str]] = [(g.value, g.label) for g in Grupo]

STATUS_INICIAL = Status.INICIADO
TERMINAIS: frozenset[Status] = frozenset({
    Status.RECIBO_RECEBIDO_REMETENTE, Status.CANCELADO, Status.CIENCIA_RECUSA, Status.CANCELADO_AUTOMATICAMENTE,
})
# Not terminal: the process is still on its way (a new trâmite of the same process must wait: 0044).
ABERTOS: frozenset[Status] = frozenset(s for s in Status if s not in TERMINAIS)
EM_ANDAMENTO_ATE_O_RECIBO = frozenset({  # 1–4: cancellable by the sender and by the deadline
    Status.INICIADO, Status.COMPONENTES_ENVIADOS_REMETENTE, Status.METADADOS_RECEBIDO_DESTINATARIO,
    Status.COMPONENTES_RECEBIDOS_DESTINATARIO,
})
AUTOCANCELAVEIS: frozenset[Status] = EM_ANDAMENTO_ATE_O_RECIBO
