"""API endpoints that belong to no app: the health check systems poll, and JSON for unknown paths."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from portal.api.errors import corpo_de_erro


@extend_schema(
    summary="Verificação de disponibilidade",
    responses=inline_serializer("Healthcheck", {"status": serializers.CharField()}),
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def healthcheck(request):
    """``GET healthcheck`` (API #1): the API answers. Service details are on /saude/.

    Public (no certificate): the systems call it before anything else (tramita-api.md §1) and load balancers
    probe it; it reveals nothing about any system."""
    return Response({"status": "ok"})


@csrf_exempt  # systems POST/PUT/DELETE without cookies: an unknown path answers 404 JSON, not a CSRF page
def nao_encontrado(request, caminho=""):
    """Any other path under the API prefix answers the API's JSON error body, not an HTML page — for any
    method: the API has no session, so no CSRF check (a POST would get the CSRF middleware's HTML 403)."""
    return JsonResponse(corpo_de_erro("0004", "Recurso não encontrado na API."), status=404,
                        json_dumps_params={"ensure_ascii": False})
