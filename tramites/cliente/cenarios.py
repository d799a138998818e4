"""End-to-end scenarios: one client plays the sending system, another the receiving one, through the public
API only. Each returns a ``Resultado`` or raises ``RespostaInesperada`` (the command exits non-zero).

* ``feliz``: envio (processo or documento avulso), upload (whole and in parts), the receiver's long poll,
  metadata, downloads with their hashes checked, the signed recibo, the sender's recibo → 6;
* ``recusa``: … the receiver refuses, the sender gives ciência → 9;
* ``cancelamento``: … the sender cancels once the bus holds the components → 7, the receiver is refused;
* ``autocancelamento``: … nobody moves; the server's deadline (Parâmetro "Qtd. de dias para cancelamento
  automático de trâmite", applied by its hourly task) cancels it → 10, which reaches the sender as a
  pendência (the long poll);
* ``reproducao``: a completed trâmite reproduced (new IDT, components sent again) and completed again → 6.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tramites.cliente import conteudo
from tramites.cliente.api import TAMANHO_DA_PARTE, Cliente, RespostaInesperada
from tramites.cliente.transporte import TempoEsgotado
from tramites.state_machine import Status

ESPERA = 120.0
"""Seconds a scenario waits for a pendência (the hash check by the bus's worker, the other side's move)."""
MOTIVO_DA_RECUSA = "99"


@dataclass
class Cenario:
    """Who plays which side, between which units, sending what."""

    remetente: Cliente
    destinatario: Cliente
    origem: tuple[int, int]  # (repositório, estrutura) of the sending unit
    destino: tuple[int, int]  # (repositório, estrutura) of the receiving unit
    componentes: list[conteudo.Componente] = field(default_factory=list)
    avulso: bool = False  # documento avulso instead of processo
    tamanho_da_parte: int = TAMANHO_DA_PARTE
    especie: tuple[int, str] | None = None  # (codigo, nome); default: read from GET especies
    espera: float = ESPERA
    verificar: bool = True  # the extra checks (consultas, recibo de envio, signatures); off for benchmarks
    relatar: Callable[[str], None] | None = print

    def passo(self, texto: str) -> None:
        if self.relatar is not None:
            self.relatar(f"== {texto}")


@dataclass
class Envio:
    idt: int
    nre: str
    protocolo: str
    ticket: str
    solicitados: list[str]


@dataclass
class Resultado:
    cenario: str
    idt: int
    nre: str
    protocolo: str
    status: Status
    ms: float
    chamadas: int

    def __str__(self) -> str:
        return (f"OK: cenário {self.cenario} concluído: IDT {self.idt}, NRE {self.nre}, protocolo {self.protocolo}, "
                f"situação {int(self.status)} ({self.status.label}), {self.chamadas} chamadas em {self.ms:.0f} ms")


# -- pieces --------------------------------------------------------------------------------------------


def especie_padrao(cenario: Cenario) -> tuple[int, str]:
    """Despacho (42) when the bus lists it, else the first active espécie it lists."""
    if cenario.especie is None:
        especies = cenario.remetente.especies()
        if not especies:
            raise RespostaInesperada("GET especies: o barramento não lista nenhuma espécie documental")
        escolhida = next((e for e in especies if int(e["codigo"]) == 42), especies[0])
        cenario.especie = (int(escolhida["codigo"]), escolhida["nomeNoProdutor"])
    return cenario.especie


def componentes_padrao() -> list[conteudo.Componente]:
    """A small component sent whole and a 100 KB one sent (and received) in parts."""
    return [conteudo.componente_de_exemplo(2_000, "despacho.pdf"),
            conteudo.componente_de_exemplo(100_000, "anexo.pdf")]


def enviar(cenario: Cenario) -> Envio:
    """The sender starts the trâmite and uploads every component the bus asks for."""
    if not cenario.componentes:
        cenario.componentes = componentes_padrao()
    remetente, especie = cenario.remetente, especie_padrao(cenario)
    protocolo = conteudo.nup_aleatorio()
    if cenario.avulso:
        cenario.passo(f"remetente envia o documento avulso {protocolo} para {_unidade(cenario.destino)}")
        resposta = remetente.enviar_documento(conteudo.corpo_de_documento(
            cenario.origem, [cenario.destino], cenario.componentes, protocolo=protocolo, especie=especie))
        idt = resposta["tramites"][0]["IDT"]
    else:
        cenario.passo(f"remetente envia o processo {protocolo} para {_unidade(cenario.destino)}")
        resposta = remetente.enviar_processo(conteudo.corpo_de_processo(
            cenario.origem, cenario.destino, cenario.componentes, protocolo=protocolo, especie=especie))
        idt = resposta["IDT"]
    envio = Envio(idt, resposta["NRE"], protocolo, resposta["ticketParaEnvioDeComponentesDigitais"],
                  [h for p in resposta["processosComComponentesDigitaisSolicitados"] for h in p["hashes"]])
    subir_solicitados(cenario, envio.ticket, envio.solicitados, protocolo)
    return envio


def subir_solicitados(cenario: Cenario, ticket: str, solicitados: list[str], protocolo: str) -> None:
    por_hash = {c.hash: c for c in cenario.componentes}
    estranhos = set(solicitados) - set(por_hash)
    if estranhos:
        raise RespostaInesperada(f"O barramento solicitou componentes que não foram enviados: {sorted(estranhos)}")
    cenario.passo(f"remetente envia {len(solicitados)} componente(s) digital(is) (partes de até "
                  f"{cenario.tamanho_da_parte} bytes)")
    for hash_ in solicitados:
        cenario.remetente.subir(ticket, por_hash[hash_], protocolo, cenario.tamanho_da_parte)


def aguardar_pendencia(cliente: Cliente, idt: int, status: Status, espera: float = ESPERA) -> None:
    """Waits until ``(idt, status)`` is one of ``cliente``'s pendências, as the bus's clients do: the listing
    first, then the long poll (``GET pendencias``), listing again whenever a long poll ends empty."""
    alvo = (int(idt), int(status))
    prazo = time.monotonic() + espera
    if alvo in {(p["IDT"], p["status"]) for p in cliente.pendentes(todas=True)}:
        return
    desde = None
    while True:
        restante = prazo - time.monotonic()
        if restante <= 0:
            raise RespostaInesperada(f"A pendência {alvo[0]}-{alvo[1]} não chegou ao {cliente.papel} em {espera:.0f} s")
        try:
            resposta = cliente.aguardar(desde, tempo_limite=min(restante + 5, 330))
        except TempoEsgotado:
            resposta = {"encontrou": False}
        if resposta.get("encontrou"):
            if (resposta["IDT"], resposta["status"]) == alvo:
                return
            desde = resposta["IDT"]
            continue
        if alvo in {(p["IDT"], p["status"]) for p in cliente.pendentes(todas=True)}:
            return


def conferir_situacao(cenario: Cenario, cliente: Cliente, idt: int, esperado: Status) -> None:
    if not cenario.verificar:
        return
    situacao = cliente.tramite(idt)["situacaoAtual"]
    if situacao != esperado:
        raise RespostaInesperada(f"Trâmite {idt}: situação {situacao}, esperada {int(esperado)} ({esperado.label})")


def conferir_recibo_de_envio(cenario: Cenario, envio: Envio) -> None:
    if not cenario.verificar:
        return
    cenario.passo("remetente obtém o recibo de envio assinado pelo Tramita.GOV.BR")
    corpo = cenario.remetente.recibo_de_envio(envio.idt)
    recibo = corpo["reciboDeEnvio"]
    hashes_ = sorted(c.hash for c in cenario.componentes)
    if recibo["IDT"] != envio.idt or sorted(recibo["hashesDosComponentesDigitais"]) != hashes_:
        raise RespostaInesperada(f"Recibo de envio do trâmite {envio.idt} não corresponde ao envio: {recibo}")
    texto = conteudo.texto_do_recibo_de_envio(recibo["IDT"], recibo["NRE"],
                                              recibo["dataDeRecebimentoDoUltimoComponenteDigital"], hashes_)
    if not conteudo.assinatura_confere(texto, corpo["hashDaAssinatura"], corpo["cadeiaDoCertificado"]):
        raise RespostaInesperada(f"A assinatura do recibo de envio do trâmite {envio.idt} não confere")


def receber(cenario: Cenario, idt: int) -> tuple[str, list[str]]:
    """The receiver's part: pendência in 2, metadata (→3), every component downloaded and checked (→4)."""
    destinatario = cenario.destinatario
    cenario.passo(f"destinatário aguarda a pendência do trâmite {idt} (componentes conferidos pelo barramento)")
    aguardar_pendencia(destinatario, idt, Status.COMPONENTES_ENVIADOS_REMETENTE, cenario.espera)
    cenario.passo("destinatário obtém os metadados")
    metadados = destinatario.metadados(idt)
    componentes = conteudo.componentes_do_metadado(metadados)
    if cenario.verificar:
        pendentes = set(destinatario.tramite(idt).get("hashDosComponentesPendentesDeRecebimento") or [])
        if pendentes != {c["hash"] for c in componentes}:
            raise RespostaInesperada(f"Componentes pendentes de recebimento {sorted(pendentes)} diferentes dos "
                                     f"metadados {sorted(c['hash'] for c in componentes)}")
    cenario.passo(f"destinatário baixa {len(componentes)} componente(s) e confere o hash de cada um")
    for componente in componentes:
        destinatario.receber(idt, componente, cenario.tamanho_da_parte)
    # 3→4 is the bus's move once its last block went out, a moment after the client read it: the receiver
    # learns it from its pendências (as it learned of 2), never by assuming it, before the recibo (4 only).
    cenario.passo("destinatário aguarda a confirmação do recebimento dos componentes (pendência em 4)")
    aguardar_pendencia(destinatario, idt, Status.COMPONENTES_RECEBIDOS_DESTINATARIO, cenario.espera)
    return metadados["nre"], [c["hash"] for c in componentes]


def concluir(cenario: Cenario, idt: int, nre: str, hashes_: list[str]) -> None:
    """The signed recibo (→5), the sender's pendência and its read of the recibo (→6)."""
    cenario.passo("destinatário envia o recibo de conclusão assinado com a chave do seu certificado")
    cenario.destinatario.enviar_recibo(idt, nre, hashes_)
    cenario.passo("remetente aguarda a pendência do recibo de conclusão")
    aguardar_pendencia(cenario.remetente, idt, Status.RECIBO_ENVIADO_DESTINATARIO, cenario.espera)
    cenario.passo("remetente obtém o recibo de conclusão e confere a assinatura do destinatário")
    corpo = cenario.remetente.obter_recibo(idt)
    recibo = corpo["recibo"]
    if cenario.verificar:
        texto = conteudo.texto_do_recibo(recibo["IDT"], recibo["NRE"], recibo["dataDeRecebimento"],
                                         recibo["hashesDosComponentesDigitais"])
        if sorted(recibo["hashesDosComponentesDigitais"]) != sorted(hashes_) or not conteudo.assinatura_confere(
                texto, corpo["hashDaAssinatura"], corpo["cadeiaDoCertificado"]):
            raise RespostaInesperada(f"O recibo de conclusão do trâmite {idt} não confere com o que foi assinado")
    conferir_situacao(cenario, cenario.remetente, idt, Status.RECIBO_RECEBIDO_REMETENTE)


def esperar_recusa(descricao: str, chamada: Callable[[], object], codigos: set[str]) -> RespostaInesperada:
    """Runs ``chamada`` expecting the API to refuse it with one of ``codigos``."""
    try:
        chamada()
    except RespostaInesperada as erro:
        if erro.codigo in codigos and erro.status and 400 <= erro.status < 500:
            return erro
        raise
    raise RespostaInesperada(f"{descricao}: esperada recusa ({', '.join(sorted(codigos))}), mas a API aceitou")


# -- scenarios -----------------------------------------------------------------------------------------


def _resultado(nome: str, cenario: Cenario, envio: Envio, status: Status, inicio: float, chamadas: int) -> Resultado:
    total = cenario.remetente.chamadas + cenario.destinatario.chamadas - chamadas
    if cenario.remetente is cenario.destinatario:
        total = cenario.remetente.chamadas - chamadas
    return Resultado(nome, envio.idt, envio.nre, envio.protocolo, status, (time.perf_counter() - inicio) * 1000,
                     total)


def _inicio(cenario: Cenario) -> tuple[float, int]:
    if cenario.remetente is cenario.destinatario:
        return time.perf_counter(), cenario.remetente.chamadas
    return time.perf_counter(), cenario.remetente.chamadas + cenario.destinatario.chamadas


def feliz(cenario: Cenario) -> Resultado:
    inicio, chamadas = _inicio(cenario)
    envio = enviar(cenario)
    nre, hashes_ = receber(cenario, envio.idt)
    conferir_recibo_de_envio(cenario, envio)
    concluir(cenario, envio.idt, nre, hashes_)
    return _resultado("feliz", cenario, envio, Status.RECIBO_RECEBIDO_REMETENTE, inicio, chamadas)


def recusa(cenario: Cenario) -> Resultado:
    inicio, chamadas = _inicio(cenario)
    envio = enviar(cenario)
    cenario.passo(f"destinatário aguarda a pendência do trâmite {envio.idt}")
    aguardar_pendencia(cenario.destinatario, envio.idt, Status.COMPONENTES_ENVIADOS_REMETENTE, cenario.espera)
    cenario.destinatario.metadados(envio.idt)
    cenario.passo("destinatário recusa o trâmite")
    cenario.destinatario.recusar(envio.idt, MOTIVO_DA_RECUSA,
                                 "Recusa de teste do cliente de referência: verificação da implantação.")
    cenario.passo("remetente aguarda a pendência da recusa e dá ciência")
    aguardar_pendencia(cenario.remetente, envio.idt, Status.RECUSADO, cenario.espera)
    cenario.remetente.ciencia(envio.idt)
    conferir_situacao(cenario, cenario.remetente, envio.idt, Status.CIENCIA_RECUSA)
    return _resultado("recusa", cenario, envio, Status.CIENCIA_RECUSA, inicio, chamadas)


def cancelamento(cenario: Cenario) -> Resultado:
    inicio, chamadas = _inicio(cenario)
    envio = enviar(cenario)
    cenario.passo(f"destinatário aguarda a pendência do trâmite {envio.idt}")
    aguardar_pendencia(cenario.destinatario, envio.idt, Status.COMPONENTES_ENVIADOS_REMETENTE, cenario.espera)
    cenario.passo("remetente cancela o trâmite")
    cenario.remetente.cancelar(envio.idt)
    conferir_situacao(cenario, cenario.remetente, envio.idt, Status.CANCELADO)
    if cenario.verificar:
        cenario.passo("o destinatário não obtém mais os metadados do trâmite cancelado")
        esperar_recusa("GET metadados de trâmite cancelado", lambda: cenario.destinatario.metadados(envio.idt),
                       {"0065", "0004"})
    return _resultado("cancelamento", cenario, envio, Status.CANCELADO, inicio, chamadas)


def autocancelamento(cenario: Cenario) -> Resultado:
    """Sends and leaves the trâmite where the bus put it (2): the server's deadline must cancel it (→10). On a
    live deployment that takes the Parâmetro's days; a test harness shortens it (tests/mtls)."""
    inicio, chamadas = _inicio(cenario)
    envio = enviar(cenario)
    cenario.passo(f"destinatário aguarda a pendência do trâmite {envio.idt} e não a atende")
    aguardar_pendencia(cenario.destinatario, envio.idt, Status.COMPONENTES_ENVIADOS_REMETENTE, cenario.espera)
    cenario.passo(f"aguardando o cancelamento automático do trâmite {envio.idt} pelo prazo "
                  f"(até {cenario.espera:.0f} s)")
    aguardar_pendencia(cenario.remetente, envio.idt, Status.CANCELADO_AUTOMATICAMENTE, cenario.espera)
    cenario.passo("remetente lê o trâmite cancelado (a pendência do cancelamento se encerra)")
    cenario.remetente.metadados(envio.idt)
    conferir_situacao(cenario, cenario.remetente, envio.idt, Status.CANCELADO_AUTOMATICAMENTE)
    if cenario.verificar:
        restantes = {(p["IDT"], p["status"]) for p in cenario.remetente.pendentes(todas=True)}
        if (envio.idt, int(Status.CANCELADO_AUTOMATICAMENTE)) in restantes:
            raise RespostaInesperada(f"O cancelamento do trâmite {envio.idt} continua pendente depois de lido")
    return _resultado("autocancelamento", cenario, envio, Status.CANCELADO_AUTOMATICAMENTE, inicio, chamadas)


def reproducao(cenario: Cenario) -> Resultado:
    """A completed trâmite, then its reprodução to the same destinatário, completed too."""
    inicio, chamadas = _inicio(cenario)
    primeiro = feliz(cenario)
    cenario.passo(f"remetente solicita a reprodução do último trâmite do NRE {primeiro.nre}")
    resposta = cenario.remetente.reproduzir(primeiro.nre, *cenario.destino)
    ticket = resposta.get("ticketParaReenvioDeComponentesDigitais") or resposta["ticketParaEnvioDeComponentesDigitais"]
    solicitados = [h for p in resposta["processosComComponentesDigitaisSolicitados"] for h in p["hashes"]]
    envio = Envio(resposta["IDT"], resposta["NRE"], primeiro.protocolo, ticket, solicitados)
    subir_solicitados(cenario, ticket, solicitados, primeiro.protocolo)
    nre, hashes_ = receber(cenario, envio.idt)
    concluir(cenario, envio.idt, nre, hashes_)
    return _resultado("reproducao", cenario, envio, Status.RECIBO_RECEBIDO_REMETENTE, inicio, chamadas)


CENARIOS: dict[str, Callable[[Cenario], Resultado]] = {
    "feliz": feliz, "recusa": recusa, "cancelamento": cancelamento, "autocancelamento": autocancelamento,
    "reproducao": reproducao,
}


def _unidade(par: tuple[int, int]) -> str:
    return f"a estrutura {par[1]} do repositório {par[0]}"
