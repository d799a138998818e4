import factory

from hipoteses.models import EspecieDocumental, HipoteseLegal, SugestaoDeHipotese

from .portal import PessoaFactory


class HipoteseLegalFactory(factory.django.DjangoModelFactory):
    """Ids from 1000 up, away from the 23 seeded ones."""

    class Meta:
        model = HipoteseLegal

    identificacao = factory.Sequence(lambda n: 1000 + n)
    nome = factory.Sequence(lambda n: f"Hipótese de teste {n}")
    base_legal = factory.Sequence(lambda n: f"Art. {n} da Lei nº 99.999/2099")
    descricao = "Hipótese criada para os testes."


class EspecieDocumentalFactory(factory.django.DjangoModelFactory):
    """Codes from 500 up, away from the seeded 1–186 and 999."""

    class Meta:
        model = EspecieDocumental

    codigo = factory.Sequence(lambda n: 500 + n)
    nome = factory.Sequence(lambda n: f"Espécie de teste {n}")


class SugestaoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SugestaoDeHipotese

    sugerido_por = factory.SubFactory(PessoaFactory)
    nome = factory.Sequence(lambda n: f"Hipótese sugerida {n}")
    base_legal = "Art. 1º da Lei nº 12.345/2020"
    descricao = "Casos de teste."
    justificativa = "Nenhuma hipótese do catálogo atende."
