import factory

from comites.models import Ambiente, Comite, Gestor

from .estrutura import OrgaoFactory
from .portal import GestorTecnologicoFactory, PessoaFactory, SistemaDeGovernoFactory


class ComiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comite

    unidade = factory.SubFactory(OrgaoFactory)
    ambiente = Ambiente.HOMOLOGACAO
    gestor_tecnologico = factory.SubFactory(GestorTecnologicoFactory)
    sistema_de_governo = factory.SubFactory(SistemaDeGovernoFactory)


class GestorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gestor

    comite = factory.SubFactory(ComiteFactory)
    pessoa = factory.SubFactory(PessoaFactory)
