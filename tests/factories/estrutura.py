import factory

from estrutura.models import RepositorioDeEstruturas, Unidade


class RepositorioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepositorioDeEstruturas

    nome = factory.Sequence(lambda n: f"Repositório {n}")
    descricao = "Repositório de teste"
    is_siorg = False


class UnidadeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unidade

    repositorio = factory.LazyAttribute(lambda o: o.parent.repositorio if o.parent else RepositorioFactory())
    parent = None
    nome = factory.Sequence(lambda n: f"Unidade {n}")
    sigla = factory.Sequence(lambda n: f"UN{n}")
    origem = Unidade.Origem.MANUAL


class OrgaoFactory(UnidadeFactory):
    eh_orgao = True
    nome = factory.Sequence(lambda n: f"Ministério {n}")
    sigla = factory.Sequence(lambda n: f"MIN{n}")
