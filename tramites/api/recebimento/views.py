"""The receiver's side of the API and the queries (spec tramita-api §3 #15, #17–#22, #24, #25).

Thin views: parse (``tramites.api.entrada``), get the trâmite through the scoping door with the system
principal (``services.consulta.obter_tramite``: another órgão's trâmite is a 404), call a service, answer.
The motor's refusals answer their ``codigoErro`` (``tramites.api.comum``). Paths match with or without the
trailing slash; a redundant ``?IDT=`` must name the path's trâmite.
"""

from __future__ import annotations

import logging
import unicodedata

from django.http import StreamingHttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.parametros import booleano, inteiro, inteiro_no_esquema
from portal.identificadores import ler_id
from portal.services import parametros
from tramites import erros
from tramites.api.comum import TraduzErrosDoMotor
from tramites.api.entrada import Recibo, Recusa, validar
from tramites.api.entrada.consulta import aninhar, conferir_idt, dados_do_componente, ler_intervalo
from tramites.armazenamento import Armazem, base64_em_blocos
from tramites.services import consulta, recebimento

from . import esquema

log = logging.getLogger(__name__)


class ApiDeTramiteView(TraduzErrosDoMotor, APIView):
    """Base of the endpoints on one trâmite (authentication: the API-wide client certificate)."""

    def tramite(self, idt):
        numero = conferir_idt(idt, self.request.query_params)
        return consulta.obter_tramite(self.request.user, numero)


def _situacao(tramite) -> dict:
    return {"IDT": tramite.idt, "NRE": tramite.nre, "situacaoAtual": tramite.status}


# -- #15 pendências --------------------------------------------------------------------------------------


class PendenciasView(TraduzErrosDoMotor, APIView):
    @extend_schema(
        summary="Listar pendências do sistema", operation_id="listarPendencias",
        description="Os trâmites que aguardam uma ação do sistema que chama, do mais antigo ao mais novo: como "
                    "remetente nas situações 1 (enviar componentes), 5 (obter o recibo) e 8 (dar ciência da "
                    "recusa); como destinatário nas situações 2, 3 e 4 (metadados, componentes, recibo). "
                    "todas=true (padrão): todas; todas=false: só as ainda não entregues a este sistema (cada "
                    "pendência — um trâmite numa situação — é entregue uma vez por qualquer listagem).",
        parameters=[OpenApiParameter("todas", bool)],
        responses=esquema.Pendencia(many=True),
    )
    def get(self, request):
        todas = booleano(request, "todas")
        return Response(consulta.pendencias(request.user, todas=True if todas is None else todas))


# -- #22 consulta ----------------------------------------------------------------------------------------

_LADOS = ("remetente", "destinatario")
_CAMPOS_DA_ESTRUTURA = ("identificacaoDoRepositorioDeEstruturas", "numeroDeIdentificacaoDaEstrutura")


def _numero(valor, nome: str) -> int | None:
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        return None
    numero = ler_id(valor.strip()) if isinstance(valor, str) else None
    if numero is None:
        raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA, f"Parâmetro {nome} inválido: informe um número inteiro.")
    return numero


def _texto(valor, nome: str, limite: int) -> str:
    if valor is None:
        return ""
    if not isinstance(valor, str) or len(valor) > limite:
        raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA, f"Parâmetro {nome} inválido: no máximo {limite} caracteres.")
    if any(unicodedata.category(c) == "Cc" for c in valor):
        raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA, f"Parâmetro {nome} inválido: contém caractere de controle.")
    return valor.strip()


def _filtro(request) -> consulta.FiltroDeTramites:
    dados = aninhar(request.query_params)
    valores = {}
    for lado in _LADOS:
        estrutura = dados.get(lado) or {}
        if not isinstance(estrutura, dict):
            raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA,
                                  f"Parâmetro {lado} inválido: use {lado}[identificacaoDoRepositorioDeEstruturas]=…")
        repositorio, numero = (estrutura.get(c) for c in _CAMPOS_DA_ESTRUTURA)
        valores[f"{lado}_repositorio"] = _numero(repositorio, f"{lado}[{_CAMPOS_DA_ESTRUTURA[0]}]")
        valores[f"{lado}_estrutura"] = _numero(numero, f"{lado}[{_CAMPOS_DA_ESTRUTURA[1]}]")
    nre = _texto(dados.get("NRE"), "NRE", 20)
    if nre and not (nre.isascii() and nre.isdigit()):
        raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA, "Parâmetro NRE inválido: informe só algarismos.")
    return consulta.FiltroDeTramites(
        idt=_numero(dados.get("IDT"), "IDT"), nre=nre, protocolo=_texto(dados.get("protocolo"), "protocolo", 50),
        **valores)


_FILTROS_DA_CONSULTA = [
    OpenApiParameter("IDT", inteiro_no_esquema()),
    OpenApiParameter("NRE", {"type": "string", "pattern": "^[0-9]{0,20}$"}),
    OpenApiParameter("protocolo", esquema.texto_sem_controle(50), description="O NUP do processo ou documento."),
    *(OpenApiParameter(f"{lado}[{campo}]", inteiro_no_esquema()) for lado in _LADOS for campo in _CAMPOS_DA_ESTRUTURA),
    OpenApiParameter("registroInicial", inteiro_no_esquema(), description="Deslocamento (a partir de 0)."),
    OpenApiParameter("quantidadeDeRegistros", inteiro_no_esquema(1), description="Tamanho da página (limitado)."),
]


class ConsultaView(TraduzErrosDoMotor, APIView):
    @extend_schema(
        summary="Consultar trâmites", operation_id="consultarTramites", parameters=_FILTROS_DA_CONSULTA,
        description="Os trâmites dos órgãos do sistema (como remetente ou destinatário), por IDT, com as mudanças "
                    "de situação e os hashes dos componentes ainda pendentes de recebimento. Filtros aninhados "
                    "como o PHP os envia: remetente[identificacaoDoRepositorioDeEstruturas]=…",
        responses=esquema.ListaDeTramites,
    )
    def get(self, request):
        filtro = _filtro(request)
        inicio = inteiro(request, "registroInicial") or 0
        maximo = parametros.inteiro("api_pagina_maximo")
        quantidade = min(inteiro(request, "quantidadeDeRegistros", minimo=1) or parametros.inteiro(
            "api_pagina_padrao"), maximo)
        total, tramites = consulta.consultar(request.user, filtro, inicio, quantidade)
        return Response({"totalDeRegistros": total, "tramites": tramites})


# -- #17 metadata ----------------------------------------------------------------------------------------


class MetadadosView(ApiDeTramiteView):
    @extend_schema(
        summary="Obter os metadados do trâmite", operation_id="solicitarMetadados",
        description="Os metadados como o remetente os enviou (nre em minúsculas). Chamado pelo destinatário na "
                    "situação 2, registra a situação 3; repetir a chamada responde o mesmo e não registra nada.",
        parameters=[esquema.IDT],
        responses={200: esquema.MetadadosDoTramite, 409: esquema.SITUACAO_NAO_PERMITE},
    )
    def get(self, request, idt):
        return Response(recebimento.ler_metadados(self.tramite(idt), request.user))


# -- #18, #19 downloads ----------------------------------------------------------------------------------


def _transmitir(download: recebimento.Download, armazem: Armazem, principal):
    """The base64 of the range, block by block; once the last block went out, the range is recorded."""
    yield from base64_em_blocos(armazem.ler(download.nome, download.inicio, download.fim), armazem.bloco)
    try:
        recebimento.registrar_download(download, principal)
    except Exception:  # the answer is already sent: a failure to record is logged, the next download retries
        log.exception("falha ao registrar o download do IDT %s", download.tramite_id)


class ComponenteView(ApiDeTramiteView):
    @extend_schema(
        summary="Obter um componente digital", operation_id="receberComponenteDigital",
        description="Somente o sistema destinatário, nas situações 3 e 4. Responde o conteúdo em base64 (texto). "
                    "Quando todos os componentes do trâmite foram obtidos por inteiro, o trâmite passa à situação 4.",
        parameters=[esquema.IDT],
        request=esquema.CORPO_DO_COMPONENTE,
        responses={(200, "text/plain"): esquema.BASE64, 409: esquema.SITUACAO_NAO_PERMITE},
    )
    def post(self, request, idt):
        return self.baixar(request, idt, None)

    def baixar(self, request, idt, intervalo):
        tramite = self.tramite(idt)
        recebimento.conferir_download(tramite, request.user)  # who and when first, then what was asked
        faixa = ler_intervalo(intervalo) if intervalo is not None else None
        dados = dados_do_componente(request)
        armazem = Armazem()
        download = recebimento.preparar_download(
            tramite, request.user, dados["hashDoComponenteDigital"], dados["protocolo"], faixa, armazem)
        resposta = StreamingHttpResponse(_transmitir(download, armazem, request.user),
                                         content_type="text/plain; charset=us-ascii")
        resposta["Content-Length"] = str(4 * ((download.bytes + 2) // 3))
        resposta["Cache-Control"] = "no-store"
        return resposta


class ParteDeComponenteView(ComponenteView):
    @extend_schema(
        summary="Obter uma parte de um componente digital", operation_id="receberParteDeComponenteDigital",
        description="Os bytes inicio-fim (fim exclusivo) do componente, em base64. Partes podem ser pedidas em "
                    "qualquer ordem e repetidas; o componente conta como obtido quando as partes o cobrem.",
        parameters=[esquema.IDT, esquema.INTERVALO],
        request=esquema.CORPO_DO_COMPONENTE,
        responses={(200, "text/plain"): esquema.BASE64, 409: esquema.SITUACAO_NAO_PERMITE},
    )
    def post(self, request, idt, intervalo):
        return self.baixar(request, idt, intervalo)


# -- #20, #21 recibo de conclusão ------------------------------------------------------------------------


class ReciboView(ApiDeTramiteView):
    @extend_schema(
        summary="Obter o recibo de conclusão", operation_id="receberReciboDeTramite",
        description="O recibo assinado pelo destinatário. Lido pelo remetente na situação 5, registra a situação "
                    "6; repetir a chamada responde o mesmo e não registra nada.",
        parameters=[esquema.IDT],
        responses={200: esquema.ReciboDeConclusao, 409: esquema.SITUACAO_NAO_PERMITE},
    )
    def get(self, request, idt):
        return Response(recebimento.entregar_recibo(self.tramite(idt), request.user))

    @extend_schema(
        summary="Enviar o recibo de conclusão", operation_id="enviarReciboDeTramite",
        description="Somente o destinatário, na situação 4. A assinatura (RSA/SHA-256, base64) do texto "
                    "<recibo><IDT/><NRE/><dataDeRecebimento/><hashDoComponenteDigital/>…</recibo> deve conferir "
                    "com um certificado válido do sistema (0064 e nada muda, se não conferir).",
        parameters=[esquema.IDT],
        request=esquema.CORPO_DO_RECIBO,
        responses={200: esquema.ReciboDeConclusao, 403: esquema.PROIBIDO, 409: esquema.SITUACAO_NAO_PERMITE},
    )
    def post(self, request, idt):
        tramite = self.tramite(idt)
        recebimento.conferir_recibo(tramite, request.user)
        dados = validar(Recibo, request.data)
        recibo = recebimento.registrar_recibo(tramite, request.user, dados["dataDeRecebimento"],
                                              dados["dataDeRecebimentoLida"], dados["hashDaAssinatura"])
        return Response(recebimento.corpo_do_recibo(tramite, recibo))


# -- #24 recusa, #25 ciência -----------------------------------------------------------------------------


class RecusaView(ApiDeTramiteView):
    @extend_schema(
        summary="Recusar o trâmite", operation_id="recusarTramite",
        description="Somente o destinatário, nas situações 3 e 4: motivo 01, 02, 03, 04 ou 99 e justificativa "
                    "(até 1000 caracteres). Depois da recusa, só o remetente vê os dados do trâmite.",
        parameters=[esquema.IDT],
        request=esquema.CORPO_DA_RECUSA,
        responses={200: esquema.SituacaoDoTramite, 403: esquema.PROIBIDO, 409: esquema.SITUACAO_NAO_PERMITE},
    )
    def post(self, request, idt):
        tramite = self.tramite(idt)
        recebimento.conferir_recusa(tramite, request.user)
        dados = validar(Recusa, request.data)
        return Response(_situacao(recebimento.recusar(tramite, request.user, dados["motivo"],
                                                      dados["justificativa"])))


class CienciaView(ApiDeTramiteView):
    @extend_schema(
        summary="Dar ciência da recusa", operation_id="cienciaRecusa",
        description="Somente o remetente: na situação 8 registra a situação 9; repetir a chamada responde o "
                    "mesmo e não registra nada.",
        parameters=[esquema.IDT],
        responses={200: esquema.SituacaoDoTramite, 403: esquema.PROIBIDO, 409: esquema.SITUACAO_NAO_PERMITE},
    )
    def get(self, request, idt):
        return Response(_situacao(recebimento.dar_ciencia(self.tramite(idt), request.user)))
