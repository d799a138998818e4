"""``manage.py cliente_tramita``: the reference client (``tramites.cliente``) from the command line — the
end-to-end scenarios and each API call an integrator runs by hand. One line per call (status, ms); exit
status 1 on any unexpected answer. Talks to the deployment through its public API only (HTTPS + the client
certificate PEM and its password); reads no database."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tramites.cliente import Cenario, Cliente, FalhaDeConexao, RespostaInesperada, cenarios, conteudo
from tramites.cliente.api import TAMANHO_DA_PARTE

AJUDA_UNIDADE = "REPOSITÓRIO/ESTRUTURA (ids do repositório de estruturas e da unidade, ex.: 1/123456)"


def unidade(texto: str) -> tuple[int, int]:
    try:
        repositorio, estrutura = texto.split("/")
        par = int(repositorio), int(estrutura)
    except ValueError:
        raise argparse.ArgumentTypeError(f"unidade inválida “{texto}”: use {AJUDA_UNIDADE}") from None
    if min(par) < 1 or not (repositorio.isascii() and estrutura.isascii()):
        raise argparse.ArgumentTypeError(f"unidade inválida “{texto}”: use {AJUDA_UNIDADE}")
    return par


def positivo(texto: str) -> int:
    if not (texto.isascii() and texto.isdigit()) or int(texto) < 1:
        raise argparse.ArgumentTypeError(f"“{texto}” não é um número inteiro positivo")
    return int(texto)


class Command(BaseCommand):
    help = ("Cliente de referência da API do Tramita.GOV.BR: cenários de ponta a ponta (feliz, recusa, "
            "cancelamento, autocancelamento, reproducao) e as operações da API, por HTTPS com o certificado "
            "do sistema (PEM de “Gerar Certificado”) e sua senha.")
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        comum = _opcoes_comuns()
        sub = parser.add_subparsers(dest="operacao", required=True, metavar="OPERAÇÃO")

        c = sub.add_parser("cenario", parents=[comum], help="um cenário de ponta a ponta (remetente e destinatário)")
        c.add_argument("nome", choices=sorted(cenarios.CENARIOS))
        c.add_argument("--remetente", type=unidade, required=True, help=f"unidade que envia: {AJUDA_UNIDADE}")
        c.add_argument("--destinatario", type=unidade, required=True, help=f"unidade que recebe: {AJUDA_UNIDADE}")
        c.add_argument("--certificado-destinatario", default=os.environ.get("TRAMITA_CERTIFICADO_DESTINATARIO"),
                       help="PEM do sistema destinatário (padrão: o mesmo do remetente, se ele atende os dois órgãos;"
                            " ou TRAMITA_CERTIFICADO_DESTINATARIO)")
        c.add_argument("--senha-destinatario", default=os.environ.get("TRAMITA_SENHA_DESTINATARIO"),
                       help="senha do PEM do destinatário (ou TRAMITA_SENHA_DESTINATARIO; senão é perguntada)")
        c.add_argument("--avulso", action="store_true", help="envia um documento avulso em vez de um processo")
        c.add_argument("--tamanho", type=positivo, action="append",
                       help="tamanho em bytes de um componente a enviar (repetível; padrão: 2000 e 100000)")
        c.add_argument("--espera", type=float, default=cenarios.ESPERA,
                       help="segundos de espera por cada pendência (padrão %(default)s)")
        c.add_argument("--sem-verificacoes", action="store_true",
                       help="só as chamadas do fluxo, sem as consultas e conferências de assinatura")

        sub.add_parser("healthcheck", parents=[comum], help="GET healthcheck")
        p = sub.add_parser("pendencias", parents=[comum], help="GET tramites/pendentes")
        p.add_argument("--novas", action="store_true", help="só as ainda não entregues (todas=false)")
        p = sub.add_parser("aguardar", parents=[comum], help="um long poll: GET pendencias")
        p.add_argument("--desde", type=positivo, help="idTramiteDaPendenciaRecebida")
        p = sub.add_parser("consultar", parents=[comum], help="GET tramites (consulta)")
        p.add_argument("--idt", type=positivo)
        p.add_argument("--nre")
        p.add_argument("--protocolo")
        for nome, ajuda in (("metadados", "GET tramites/{IDT} (o destinatário: 2→3)"),
                            ("receber", "metadados e download de cada componente, com o hash conferido"),
                            ("recibo", "destinatário: assina e envia o recibo de conclusão (4→5)"),
                            ("recibo-de-envio", "remetente: GET tramites/{IDT}/recibo-de-envio"),
                            ("obter-recibo", "remetente: GET tramites/{IDT}/recibo (5→6)"),
                            ("recusar", "destinatário: POST tramites/{IDT}/recusa (→8)"),
                            ("ciencia", "remetente: GET tramites/{IDT}/ciencia (8→9)"),
                            ("cancelar", "remetente: DELETE tramites/{IDT} (→7)")):
            p = sub.add_parser(nome, parents=[comum], help=ajuda)
            p.add_argument("idt", type=positivo, metavar="IDT")
            if nome == "receber":
                p.add_argument("--pasta", type=Path, help="grava os componentes recebidos nesta pasta")
            if nome == "recusar":
                p.add_argument("--motivo", default="99", choices=["01", "02", "03", "04", "99"])
                p.add_argument("--justificativa", default="Recusado pelo cliente de referência.")
        for nome, ajuda in (("enviar-processo", "POST tramites/processo e envio dos componentes (arquivos)"),
                            ("enviar-documento", "POST tramites/documento (documento avulso) e envio dos componentes")):
            p = sub.add_parser(nome, parents=[comum], help=ajuda)
            p.add_argument("arquivos", nargs="+", type=Path, metavar="ARQUIVO")
            p.add_argument("--remetente", type=unidade, required=True, help=AJUDA_UNIDADE)
            p.add_argument("--destinatario", type=unidade, required=True, action="append", help=AJUDA_UNIDADE)
            p.add_argument("--protocolo", help="NUP (padrão: um novo, aleatório)")
            p.add_argument("--nre", help="NRE de trâmites anteriores do processo")
        p = sub.add_parser("reproduzir", parents=[comum],
                           help="POST NREs/{NRE}/…/reproducoes-de-tramite e reenvio dos componentes (arquivos)")
        p.add_argument("nre", metavar="NRE")
        p.add_argument("arquivos", nargs="*", type=Path, metavar="ARQUIVO")
        p.add_argument("--destinatario", type=unidade, required=True, help=AJUDA_UNIDADE)

    def handle(self, *args, **opcoes):
        try:
            self.executar(opcoes)
        except (RespostaInesperada, FalhaDeConexao, OSError, ValueError) as erro:
            raise CommandError(f"FALHOU: {erro}") from None
        finally:
            for cliente in getattr(self, "_clientes", []):
                cliente.fechar()

    def _cliente(self, opcoes, papel="sistema", certificado=None, senha=None) -> Cliente:
        if certificado is None:
            certificado, senha = opcoes["certificado"], opcoes["senha"]
        if not certificado:
            raise CommandError("Informe o certificado do sistema: --certificado ARQUIVO.pem (ou TRAMITA_CERTIFICADO).")
        senha = senha if senha else _senha(certificado, papel)
        cliente = Cliente(opcoes["url"], certificado, senha, opcoes["ca"], url_pendencias=opcoes["url_pendencias"],
                          papel=papel, relatar=self._linha)
        self._clientes = [*getattr(self, "_clientes", []), cliente]
        return cliente

    def _linha(self, texto: str) -> None:
        self.stdout.write(texto)
        self.stdout.flush()

    def _json(self, dados) -> None:
        self.stdout.write(json.dumps(dados, ensure_ascii=False, indent=2))

    def executar(self, opcoes) -> None:
        if not opcoes["url"]:
            raise CommandError("Informe o endereço da API: --url https://… (ou TRAMITA_URL).")
        operacao = opcoes["operacao"]
        if operacao == "cenario":
            self.cenario(opcoes)
            return
        cliente = self._cliente(opcoes)
        idt = opcoes.get("idt")
        if operacao == "healthcheck":
            self._json(cliente.healthcheck())
        elif operacao == "pendencias":
            self._json(cliente.pendentes(todas=not opcoes["novas"]))
        elif operacao == "aguardar":
            self._json(cliente.aguardar(opcoes["desde"]))
        elif operacao == "consultar":
            self._json(cliente.consultar(IDT=opcoes["idt"], NRE=opcoes["nre"], protocolo=opcoes["protocolo"]))
        elif operacao == "metadados":
            self._json(cliente.metadados(idt))
        elif operacao == "receber":
            self.receber(cliente, idt, opcoes["pasta"])
        elif operacao == "recibo":
            metadados = cliente.metadados(idt)
            hashes_ = [c["hash"] for c in conteudo.componentes_do_metadado(metadados)]
            self._json(cliente.enviar_recibo(idt, metadados["nre"], hashes_))
        elif operacao == "recibo-de-envio":
            self._json(cliente.recibo_de_envio(idt))
        elif operacao == "obter-recibo":
            self._json(cliente.obter_recibo(idt))
        elif operacao == "recusar":
            self._json(cliente.recusar(idt, opcoes["motivo"], opcoes["justificativa"]))
        elif operacao == "ciencia":
            self._json(cliente.ciencia(idt))
        elif operacao == "cancelar":
            self._json(cliente.cancelar(idt))
        elif operacao in ("enviar-processo", "enviar-documento"):
            self.enviar(cliente, opcoes, avulso=operacao == "enviar-documento")
        elif operacao == "reproduzir":
            self.reproduzir(cliente, opcoes)

    def cenario(self, opcoes) -> None:
        remetente = self._cliente(opcoes, "remetente")
        if opcoes["certificado_destinatario"]:
            destinatario = self._cliente(opcoes, "destinatário", opcoes["certificado_destinatario"],
                                         opcoes["senha_destinatario"])
        else:
            destinatario = remetente
        componentes = ([conteudo.componente_de_exemplo(t, f"componente-{i}.pdf")
                        for i, t in enumerate(opcoes["tamanho"], start=1)] if opcoes["tamanho"] else [])
        cenario = Cenario(remetente, destinatario, opcoes["remetente"], opcoes["destinatario"], componentes,
                          avulso=opcoes["avulso"], tamanho_da_parte=opcoes["tamanho_da_parte"],
                          espera=opcoes["espera"], verificar=not opcoes["sem_verificacoes"], relatar=self._linha)
        cenario.passo(f"cenário {opcoes['nome']} em {remetente.url}")
        remetente.healthcheck()
        self._linha(str(cenarios.CENARIOS[opcoes["nome"]](cenario)))

    def enviar(self, cliente: Cliente, opcoes, avulso: bool) -> None:
        componentes = [conteudo.Componente(a.read_bytes(), a.name, _mime(a)) for a in opcoes["arquivos"]]
        especie = cenarios.especie_padrao(Cenario(cliente, cliente, (0, 0), (0, 0)))
        protocolo = opcoes["protocolo"] or conteudo.nup_aleatorio()
        if avulso:
            resposta = cliente.enviar_documento(conteudo.corpo_de_documento(
                opcoes["remetente"], opcoes["destinatario"], componentes, protocolo=protocolo, especie=especie))
        else:
            if len(opcoes["destinatario"]) != 1:
                raise CommandError("Um processo vai para um só destinatário.")
            resposta = cliente.enviar_processo(conteudo.corpo_de_processo(
                opcoes["remetente"], opcoes["destinatario"][0], componentes, protocolo=protocolo, especie=especie,
                nre=opcoes["nre"]))
        cenario = Cenario(cliente, cliente, opcoes["remetente"], opcoes["destinatario"][0], componentes,
                          tamanho_da_parte=opcoes["tamanho_da_parte"], relatar=self._linha)
        cenarios.subir_solicitados(cenario, resposta["ticketParaEnvioDeComponentesDigitais"], [
            h for p in resposta["processosComComponentesDigitaisSolicitados"] for h in p["hashes"]], protocolo)
        self._json(resposta)

    def receber(self, cliente: Cliente, idt: int, pasta: Path | None) -> None:
        metadados = cliente.metadados(idt)
        for componente in conteudo.componentes_do_metadado(metadados):
            dados = cliente.receber(idt, componente, self._tamanho_da_parte)
            if pasta is not None:
                pasta.mkdir(parents=True, exist_ok=True)
                nome = Path(componente["nome"] or f"componente-{componente['ordem']}").name
                (pasta / nome).write_bytes(dados)
            self._linha(f"componente {componente['nome']}: {len(dados)} bytes, hash conferido ({componente['hash']})")

    def reproduzir(self, cliente: Cliente, opcoes) -> None:
        resposta = cliente.reproduzir(opcoes["nre"], *opcoes["destinatario"])
        solicitados = [h for p in resposta["processosComComponentesDigitaisSolicitados"] for h in p["hashes"]]
        componentes = [conteudo.Componente(a.read_bytes(), a.name, _mime(a)) for a in opcoes["arquivos"]]
        if solicitados:
            protocolo = resposta["processosComComponentesDigitaisSolicitados"][0]["protocolo"]
            cenario = Cenario(cliente, cliente, (0, 0), opcoes["destinatario"], componentes,
                              tamanho_da_parte=opcoes["tamanho_da_parte"], relatar=self._linha)
            ticket = (resposta.get("ticketParaReenvioDeComponentesDigitais")
                      or resposta["ticketParaEnvioDeComponentesDigitais"])
            cenarios.subir_solicitados(cenario, ticket, solicitados, protocolo)
        self._json(resposta)

    @property
    def _tamanho_da_parte(self) -> int:
        return self._opcoes_atuais.get("tamanho_da_parte", TAMANHO_DA_PARTE)

    def execute(self, *args, **opcoes):
        self._opcoes_atuais = opcoes
        return super().execute(*args, **opcoes)


def _opcoes_comuns():
    comum = argparse.ArgumentParser(add_help=False)
    comum.add_argument("--url", default=os.environ.get("TRAMITA_URL"),
                       help="endereço da API (https://host ou https://host/interoperabilidade/rest/v3/; TRAMITA_URL)")
    comum.add_argument("--url-pendencias", default=os.environ.get("TRAMITA_URL_PENDENCIAS"),
                       help="endereço do long poll (padrão: <url>pendencias; TRAMITA_URL_PENDENCIAS)")
    comum.add_argument("--certificado", default=os.environ.get("TRAMITA_CERTIFICADO"),
                       help="PEM do sistema: certificado e chave cifrada, como “Gerar Certificado” entrega "
                            "(TRAMITA_CERTIFICADO)")
    comum.add_argument("--senha", default=os.environ.get("TRAMITA_SENHA"),
                       help="senha da chave (TRAMITA_SENHA; sem ela, é perguntada no terminal)")
    comum.add_argument("--ca", default=os.environ.get("TRAMITA_CA"),
                       help="PEM das autoridades que emitiram o certificado do servidor (padrão: as do sistema)")
    comum.add_argument("--tamanho-da-parte", type=positivo, default=TAMANHO_DA_PARTE,
                       help="bytes por parte no envio e no download de componentes (padrão 50 MiB)")
    return comum


def _senha(certificado: str, papel: str) -> str | None:
    try:
        cifrada = b"ENCRYPTED PRIVATE KEY" in Path(certificado).read_bytes()
    except OSError as erro:
        raise CommandError(f"Não foi possível ler o certificado {certificado}: {erro.strerror}") from None
    if not cifrada:
        return None
    if sys.stdin.isatty():
        return getpass.getpass(f"Senha do certificado do {papel} ({certificado}): ")
    raise CommandError(f"Informe a senha do certificado {certificado}: --senha (ou TRAMITA_SENHA).")


def _mime(arquivo: Path) -> str:
    import mimetypes

    return mimetypes.guess_type(arquivo.name)[0] or "application/octet-stream"
