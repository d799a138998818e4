"""The bus's JSON shapes for the catalogues (tramita-api.md §3 #6, #7)."""

from rest_framework import serializers

from hipoteses.models import EspecieDocumental, HipoteseLegal


class HipoteseLegalSerializer(serializers.ModelSerializer):
    status = serializers.BooleanField(source="ativo")
    baseLegal = serializers.CharField(source="base_legal")  # noqa: N815 (the bus's field name)

    class Meta:
        model = HipoteseLegal
        fields = ["identificacao", "nome", "status", "baseLegal", "descricao"]


class EspecieSerializer(serializers.ModelSerializer):
    nomeNoProdutor = serializers.CharField(source="nome")  # noqa: N815 (the bus's field name)

    class Meta:
        model = EspecieDocumental
        fields = ["codigo", "nomeNoProdutor"]


class HipotesesLegaisSerializer(serializers.Serializer):
    hipotesesLegais = HipoteseLegalSerializer(many=True)  # noqa: N815


class EspeciesSerializer(serializers.Serializer):
    especies = EspecieSerializer(many=True)


class MotivoDeUrgenciaSerializer(serializers.Serializer):
    descricao = serializers.CharField()


class MotivosDeUrgenciaSerializer(serializers.Serializer):
    motivosUrgencia = MotivoDeUrgenciaSerializer(many=True)  # noqa: N815
