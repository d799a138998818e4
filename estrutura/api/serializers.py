"""The bus's JSON shapes for repositórios and estruturas (tramita-api.md §3 #2–#5 and §5).

Ids go out as strings in ``numeroDeIdentificacaoDaEstrutura`` (as in the bus's own mock answers) and
as a number in the repositório's ``id``. ``hierarquia`` lists the ancestors, nearest parent first.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from estrutura.models import RepositorioDeEstruturas

# The bus answers 0 for ordinary units; no other value is documented.
TIPO_DE_TRAMITACAO_PADRAO = 0


class RepositorioSerializer(serializers.ModelSerializer):
    class Meta:
        model = RepositorioDeEstruturas
        fields = ["id", "nome", "ativo"]


class AncestralSerializer(serializers.Serializer):
    numeroDeIdentificacaoDaEstrutura = serializers.SerializerMethodField()  # noqa: N815 (the bus's names)
    nome = serializers.CharField()
    sigla = serializers.CharField()

    def get_numeroDeIdentificacaoDaEstrutura(self, ancestral) -> str:  # noqa: N802
        return str(ancestral.id)


class EstruturaSerializer(serializers.Serializer):
    """One unit. Needs ``context["hierarquias"]``: {unit id: [Ancestral, …]} from ``consultas.hierarquias``."""

    numeroDeIdentificacaoDaEstrutura = serializers.SerializerMethodField()  # noqa: N815
    nome = serializers.CharField()
    sigla = serializers.CharField()
    ativo = serializers.BooleanField()
    aptoParaReceberTramites = serializers.SerializerMethodField()  # noqa: N815
    unidadeReceptora = serializers.SerializerMethodField()  # noqa: N815
    codigoUnidadeReceptora = serializers.SerializerMethodField()  # noqa: N815
    codigoNoOrgaoEntidade = serializers.CharField(source="codigo_no_orgao")  # noqa: N815
    tipoDeTramitacao = serializers.SerializerMethodField()  # noqa: N815
    hierarquia = serializers.SerializerMethodField()

    def get_numeroDeIdentificacaoDaEstrutura(self, unidade) -> str:  # noqa: N802
        return str(unidade.pk)

    def get_aptoParaReceberTramites(self, unidade) -> bool:  # noqa: N802
        # Receiving is switched on per unit by the gestores' send/receive mapping (comites).
        return bool(unidade.ativo and unidade.permite_recebimento)

    def get_unidadeReceptora(self, unidade) -> bool:  # noqa: N802
        return unidade.unidade_receptora_id is not None

    def get_codigoUnidadeReceptora(self, unidade) -> str | None:  # noqa: N802
        return str(unidade.unidade_receptora_id) if unidade.unidade_receptora_id else None

    def get_tipoDeTramitacao(self, unidade) -> int:  # noqa: N802
        return TIPO_DE_TRAMITACAO_PADRAO

    @extend_schema_field(AncestralSerializer(many=True))
    def get_hierarquia(self, unidade) -> list[dict]:
        # Plain dicts: a page may carry a thousand units with several ancestors each.
        return [
            {"numeroDeIdentificacaoDaEstrutura": str(a.id), "nome": a.nome, "sigla": a.sigla}
            for a in self.context["hierarquias"].get(unidade.pk, [])
        ]


class ListaDeEstruturasSerializer(serializers.Serializer):
    totalDeRegistros = serializers.IntegerField()  # noqa: N815
    estruturas = EstruturaSerializer(many=True)
