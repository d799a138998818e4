"""Structure API for the electronic-process systems (paths under ``/interoperabilidade/rest/v3/``).

Read-only, for the electronic-process systems: the API-wide defaults (``REST_FRAMEWORK``) authenticate the
caller by its client certificate and let only a ``SistemaAutenticado`` through (401/403 otherwise). Rows
come through the scoping door with that principal and ``AcaoDeSistema.CATALOGO_CONSULTAR``: every
repositório and every órgão's units, since a system lists other órgãos' units to choose a destinatário
(tramita-api.md §3 #2-#5). Answers do not depend on the system but are cached per system anyway
(``portal.cache_publico.resposta_da_api``), after authentication.

Query parameters follow the bus: booleans as ``true``/``false`` or ``1``/``0`` (PHP clients), paging by
``registroInicial`` (offset, from 0) and ``quantidadeDeRegistros`` (default and maximum from the
Parâmetros "Paginação da API"; larger requests are capped at the maximum).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
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
from portal.cache_publico import resposta_da_api
from portal.services import parametros

from .serializers import EstruturaSerializer, ListaDeEstruturasSerializer, RepositorioSerializer

CODIGO_NAO_ENCONTRADO = "0004"
CODIGO_FORA_DO_REPOSITORIO = "0055"


class ApiDeEstruturasView(APIView):
    """Base of every structure endpoint (authentication and permissions: the API-wide defaults)."""

    def linhas(self, queryset):
        """The rows through the scoping door, for the authenticated system."""
        return permissions.restringir(queryset, self.request.user, permissions.AcaoDeSistema.CATALOGO_CONSULTAR)

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

    def lista(self, request, qs) -> dict:
        inicio, quantidade = self.pagina(request)
        total = qs.count()
        unidades = list(consultas.pagina_ordenada(qs, total, inicio, quantidade))
        contexto = {"hierarquias": consultas.hierarquias(unidades)}
        return {
            "totalDeRegistros": total,
            "estruturas": EstruturaSerializer(unidades, many=True, context=contexto).data,
        }

    def em_cache(self, produzir) -> Response:
        return resposta_da_api(self.request, self.request.user, produzir)


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
        return self.em_cache(lambda: RepositorioSerializer(qs, many=True).data)


class EstruturasView(ApiDeEstruturasView):
    @extend_schema(summary="Pesquisar estruturas organizacionais de um repositório",
                   parameters=[ID_REPOSITORIO, *FILTROS],
                   operation_id="consultarEstruturas",
                   responses=ListaDeEstruturasSerializer)
    def get(self, request, id_repositorio: str):
        def produzir():
            repositorio = self.repositorio(id_repositorio)
            filtro = self.filtro(request, repositorio)
            return self.lista(request, self.linhas(consultas.buscar(repositorio, filtro)))

        return self.em_cache(produzir)

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
        def produzir():
            repositorio = self.repositorio(id_repositorio)
            unidade = self.unidade(repositorio, id_estrutura)
            contexto = {"hierarquias": consultas.hierarquias([unidade])}
            return EstruturaSerializer(unidade, context=contexto).data

        return self.em_cache(produzir)


class FilhasView(EstruturasView):
    @extend_schema(summary="Consultar as estruturas filhas (primeiro nível abaixo)",
                   parameters=[ID_REPOSITORIO, ID_ESTRUTURA, *FILTROS],
                   operation_id="consultarEstruturasFilhas",
                   responses=ListaDeEstruturasSerializer)
    def get(self, request, id_repositorio: str, id_estrutura: str):
        def produzir():
            repositorio = self.repositorio(id_repositorio)
            pai = self.unidade(repositorio, id_estrutura)
            filtro = self.filtro(request, repositorio)
            filtro.pai = pai
            return self.lista(request, self.linhas(consultas.buscar(repositorio, filtro)))

        return self.em_cache(produzir)
