"""Structure API for the electronic-process systems (paths under ``/interoperabilidade/rest/v3/``).

Read-only. ``ApiDeEstruturasView`` is the single place that decides who may call these endpoints: today
they are open (``AllowAny``) with the API-wide default authentication; when client-certificate
authentication arrives, set ``authentication_classes``/``permission_classes`` there (or change the
``REST_FRAMEWORK`` defaults) and every endpoint below follows.

Query parameters follow the bus: booleans as ``true``/``false`` or ``1``/``0`` (PHP clients), paging by
``registroInicial`` (offset, from 0) and ``quantidadeDeRegistros`` (default and maximum from the
Parâmetros "Paginação da API"; larger requests are capped at the maximum).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from estrutura import consultas
from estrutura.models import RepositorioDeEstruturas, Unidade
from portal import permissions
from portal.api.errors import ErroDaApi
from portal.api.parametros import (
    booleano,
    inteiro,
    inteiro_no_esquema,
    numero_do_caminho,
    texto,
    texto_no_esquema,
)
from portal.services import parametros

from .serializers import EstruturaSerializer, ListaDeEstruturasSerializer, RepositorioSerializer

CODIGO_NAO_ENCONTRADO = "0004"
CODIGO_FORA_DO_REPOSITORIO = "0055"


class ApiDeEstruturasView(APIView):
    """Base of every structure endpoint: the one place for authentication and permissions."""

    permission_classes = [AllowAny]

    def linhas(self, queryset):
        """The rows through the scoping door: public reading today; the systems' certificate-bound
        principal (``SistemaAutenticado``) with ``AcaoDeSistema.ESTRUTURA_CONSULTAR`` comes later."""
        return permissions.restringir(queryset, None, None)

    def repositorio(self, id_repositorio: str) -> RepositorioDeEstruturas:
        pk = numero_do_caminho(id_repositorio, "Identificador do repositório")
        repositorio = self.linhas(RepositorioDeEstruturas.objects.all()).filter(pk=pk).first()
        if repositorio is None:
            raise ErroDaApi(CODIGO_NAO_ENCONTRADO, f"Repositório de estruturas {pk} não encontrado.", 404)
        return repositorio

    def unidade(self, repositorio: RepositorioDeEstruturas, id_estrutura: str, parametro: str = "") -> Unidade:
        pk = numero_do_caminho(id_estrutura, parametro or "Número de identificação da estrutura")
        unidade = self.linhas(Unidade.objects.all()).filter(pk=pk, repositorio=repositorio).first()
        if unidade is None:
            raise ErroDaApi(
                CODIGO_FORA_DO_REPOSITORIO,
                f"A estrutura {pk} não foi encontrada no repositório de estruturas {repositorio.pk} "
                f"({repositorio.nome}).",
                404,
            )
        return unidade

    def pagina(self, request) -> tuple[int, int]:
        inicio = inteiro(request, "registroInicial") or 0
        padrao = parametros.inteiro("api_pagina_padrao")
        maximo = parametros.inteiro("api_pagina_maximo")
        quantidade = inteiro(request, "quantidadeDeRegistros", minimo=1) or padrao
        return inicio, min(quantidade, maximo)

    def lista(self, request, qs) -> Response:
        inicio, quantidade = self.pagina(request)
        total = qs.count()
        unidades = list(consultas.pagina_ordenada(qs, total, inicio, quantidade))
        contexto = {"hierarquias": consultas.hierarquias(unidades)}
        return Response({
            "totalDeRegistros": total,
            "estruturas": EstruturaSerializer(unidades, many=True, context=contexto).data,
        })


ID_REPOSITORIO = OpenApiParameter("id_repositorio", inteiro_no_esquema(), OpenApiParameter.PATH,
                                  description="Identificador do repositório de estruturas.")
ID_ESTRUTURA = OpenApiParameter("id_estrutura", inteiro_no_esquema(), OpenApiParameter.PATH,
                                description="Número de identificação da estrutura.")
NOME = OpenApiParameter("nome", texto_no_esquema(250),
                        description="Parte do nome (sem diferenciar maiúsculas nem acentos).")
SIGLA = OpenApiParameter("sigla", texto_no_esquema(100), description="Parte da sigla.")
FILTROS = [
    NOME,
    SIGLA,
    OpenApiParameter("apenasAtivas", bool, description="true: só unidades ativas."),
    OpenApiParameter("numeroDeIdentificacaoDaEstruturaRaizDaConsulta", inteiro_no_esquema(),
                     description="Só unidades abaixo desta (ela inclusive)."),
    OpenApiParameter("permiteRecebimento", bool, description="true: só unidades mapeadas para receber."),
    OpenApiParameter("permiteEnvio", bool, description="true: só unidades mapeadas para enviar."),
    OpenApiParameter("registroInicial", inteiro_no_esquema(),
                     description="Deslocamento do primeiro registro (a partir de 0)."),
    OpenApiParameter("quantidadeDeRegistros", inteiro_no_esquema(1),
                     description="Tamanho da página (limitado pelo máximo)."),
]


class RepositoriosView(ApiDeEstruturasView):
    @extend_schema(
        summary="Consultar repositórios de estruturas", operation_id="consultarRepositoriosDeEstruturas",
        description="ativos=true: só os ativos; ativos=false: só os inativos; sem o filtro, todos. "
                    "ativo é aceito como sinônimo de ativos.",
        parameters=[OpenApiParameter("ativos", bool), OpenApiParameter("ativo", bool)],
        responses=RepositorioSerializer(many=True),
    )
    def get(self, request):
        qs = self.linhas(RepositorioDeEstruturas.objects.order_by("id"))
        ativos = booleano(request, "ativos", "ativo")
        if ativos is not None:
            qs = qs.filter(ativo=ativos)
        return Response(RepositorioSerializer(qs, many=True).data)


class EstruturasView(ApiDeEstruturasView):
    @extend_schema(summary="Pesquisar estruturas organizacionais de um repositório",
                   parameters=[ID_REPOSITORIO, *FILTROS],
                   operation_id="consultarEstruturas",
                   responses=ListaDeEstruturasSerializer)
    def get(self, request, id_repositorio: str):
        repositorio = self.repositorio(id_repositorio)
        filtro = self.filtro(request, repositorio)
        return self.lista(request, self.linhas(consultas.buscar(repositorio, filtro)))

    def filtro(self, request, repositorio) -> consultas.FiltroDeUnidades:
        raiz = None
        nome_raiz = "numeroDeIdentificacaoDaEstruturaRaizDaConsulta"
        if (request.query_params.get(nome_raiz) or "").strip():
            raiz = self.unidade(repositorio, request.query_params[nome_raiz].strip(), f"Parâmetro {nome_raiz}")
        return consultas.FiltroDeUnidades(
            nome=texto(request, "nome"),
            sigla=texto(request, "sigla", 100),
            apenas_ativas=bool(booleano(request, "apenasAtivas")),
            raiz=raiz,
            permite_recebimento=bool(booleano(request, "permiteRecebimento")),
            permite_envio=bool(booleano(request, "permiteEnvio")),
        )


class EstruturaView(ApiDeEstruturasView):
    @extend_schema(summary="Consultar uma estrutura organizacional", responses=EstruturaSerializer,
                   parameters=[ID_REPOSITORIO, ID_ESTRUTURA],
                   operation_id="consultarEstrutura")
    def get(self, request, id_repositorio: str, id_estrutura: str):
        repositorio = self.repositorio(id_repositorio)
        unidade = self.unidade(repositorio, id_estrutura)
        contexto = {"hierarquias": consultas.hierarquias([unidade])}
        return Response(EstruturaSerializer(unidade, context=contexto).data)


class FilhasView(EstruturasView):
    @extend_schema(summary="Consultar as estruturas filhas (primeiro nível abaixo)",
                   parameters=[ID_REPOSITORIO, ID_ESTRUTURA, *FILTROS],
                   operation_id="consultarEstruturasFilhas",
                   responses=ListaDeEstruturasSerializer)
    def get(self, request, id_repositorio: str, id_estrutura: str):
        repositorio = self.repositorio(id_repositorio)
        pai = self.unidade(repositorio, id_estrutura)
        filtro = self.filtro(request, repositorio)
        filtro.pai = pai
        return self.lista(request, consultas.buscar(repositorio, filtro))
