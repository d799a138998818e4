"""Read-only catalogue endpoints used by the systems' scheduled sync.

Authentication and permissions are the API-wide defaults (``REST_FRAMEWORK`` in settings): the calling
system's client certificate. The catalogues are the same for every system (``CATALOGO_CONSULTAR``).
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from hipoteses.models import EspecieDocumental, HipoteseLegal
from hipoteses.urgencia import MOTIVOS_DE_URGENCIA
from portal import permissions
from portal.api.parametros import booleano
from portal.permissions import AcaoDeSistema

from .serializers import (
    EspecieSerializer,
    EspeciesSerializer,
    HipoteseLegalSerializer,
    HipotesesLegaisSerializer,
    MotivosDeUrgenciaSerializer,
)


class HipotesesView(APIView):
    @extend_schema(
        summary="Consultar hipóteses legais",
        description="Sem filtro, todas as hipóteses; ativos=true, só as ativas; ativos=false, só as inativas "
                    "(os sistemas sincronizam as duas listas). status é sinônimo de ativos.",
        parameters=[
            OpenApiParameter("ativos", bool, required=False),
            OpenApiParameter("status", bool, required=False),
        ],
        responses=HipotesesLegaisSerializer,
    )
    def get(self, request):
        ativos = booleano(request, "ativos", "status")
        hipoteses = permissions.restringir(
            HipoteseLegal.objects.order_by("identificacao"), request.user, AcaoDeSistema.CATALOGO_CONSULTAR,
        )
        if ativos is not None:
            hipoteses = hipoteses.filter(ativo=ativos)
        return Response({"hipotesesLegais": HipoteseLegalSerializer(hipoteses, many=True).data})


class EspeciesView(APIView):
    @extend_schema(
        summary="Consultar espécies documentais",
        description="As espécies documentais ativas, em ordem de código.",
        responses=EspeciesSerializer,
    )
    def get(self, request):
        especies = permissions.restringir(
            EspecieDocumental.objects.filter(ativo=True), request.user, AcaoDeSistema.CATALOGO_CONSULTAR,
        ).order_by("codigo")
        return Response({"especies": EspecieSerializer(especies, many=True).data})



class MotivosUrgenciaView(APIView):
    @extend_schema(
        summary="Consultar motivos de urgência",
        description="A lista fixa de motivos de urgência; os sistemas os numeram de 1 a n pela posição e enviam o "
                    "número em cabecalho.motivoDaUrgencia.",
        responses=MotivosDeUrgenciaSerializer,
    )
    def get(self, request):
        return Response({"motivosUrgencia": [{"descricao": d} for d in MOTIVOS_DE_URGENCIA]})
