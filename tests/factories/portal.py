import factory
from validate_docbr import CPF

from portal.models import GestorTecnologico, PerfilAtribuido, Pessoa, SistemaDeGoverno

_cpf = CPF()
SENHA_PADRAO = "Senha-de-teste-123"


class PessoaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pessoa
        django_get_or_create = ("email",)

    nome = factory.Faker("name", locale="pt_BR")
    email = factory.Sequence(lambda n: f"pessoa{n}@orgao.gov.br")
    cpf = factory.LazyFunction(lambda: _cpf.generate())
    email_unidade = factory.Sequence(lambda n: f"protocolo{n}@orgao.gov.br")
    telefone = "(61) 3333-4444"
    celular = "(61) 99999-8888"
    password = factory.django.Password(SENHA_PADRAO)


class GestorTecnologicoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GestorTecnologico
        django_get_or_create = ("nome",)

    nome = "Interno"
    descricao = "Sistema hospedado pelo próprio órgão"
    interno = True


class SistemaDeGovernoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SistemaDeGoverno
        django_get_or_create = ("nome",)

    codigo = factory.Sequence(lambda n: 900 + n)
    nome = "SEI"
    sigla = "SEI"
    descricao = "Sistema Eletrônico de Informações"


class PerfilAtribuidoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerfilAtribuido
        skip_postgeneration_save = True

    pessoa = factory.SubFactory(PessoaFactory)
    perfil = PerfilAtribuido.Perfil.ADMINISTRADOR

    @factory.post_generation
    def repositorios(self, create, extracted, **kwargs):
        if create and extracted:
            self.repositorios.set(extracted)
