"""Read-only catalogue endpoints used by the systems' scheduled sync.

Authentication and permissions are the API-wide defaults (``REST_FRAMEWORK`` in settings): when the
certificate authentication is switched on there, these endpoints follow without change here.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from hipoteses.models import EspecieDocumental, HipoteseLegal
from portal.api.errors import ErroDaApi

from .serializers import EspecieSerializer, EspeciesSerializer, HipoteseLegalSerializer, HipotesesLegaisSerializer

VERDADEIRO = {"true", "1", "sim", "s"}
FALSO = {"false", "0", "nao", "não", "n"}


def ler_booleano(valor: str | None, nome: str) -> bool | None:
    """``true``/``false`` (also ``1``/``0``, as PHP clients send booleans); None when absent or empty."""
    if valor is None or valor.strip() == "":
        return None
    texto = valor.strip().lower()
    if texto in VERDADEIRO:
        return True
    if texto in FALSO:
        return False
    raise ErroDaApi("0001", f"Parâmetro {nome} inválido: informe true ou false.")


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
        parametro = "ativos" if "ativos" in request.query_params else "status"
        ativos = ler_booleano(request.query_params.get(parametro), parametro)
        hipoteses = HipoteseLegal.objects.order_by("identificacao")
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
        especies = EspecieDocumental.objects.filter(ativo=True).order_by("codigo")
        return Response({"especies": EspecieSerializer(especies, many=True).data})

