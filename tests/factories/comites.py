import factory
from validate_docbr import CPF

from comites.models import Ambiente, Comite, Gestor, Sistema, SolicitacaoDeAcesso

from .estrutura import OrgaoFactory
from .portal import GestorTecnologicoFactory, PessoaFactory, SistemaDeGovernoFactory

_cpf = CPF()


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


PDF_MINIMO = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_MINIMO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_MINIMO = b"\xff\xd8\xff\xe0" + b"\x00" * 32


class SolicitacaoFactory(factory.django.DjangoModelFactory):
    """A SIORG request by default; pass ``executivo_federal=False`` and orgao_* for other órgãos."""

    class Meta:
        model = SolicitacaoDeAcesso

    protocolo = factory.Sequence(lambda n: f"2020-{n + 1:06d}")
    ambiente = Ambiente.HOMOLOGACAO
    executivo_federal = True
    unidade = factory.SubFactory(OrgaoFactory)
    repositorio = factory.LazyAttribute(lambda o: o.unidade.repositorio if o.unidade else None)
    gestor_tecnologico = factory.SubFactory(GestorTecnologicoFactory)
    sistema_de_governo = factory.SubFactory(SistemaDeGovernoFactory)
    nome = factory.Faker("name", locale="pt_BR")
    cpf = factory.LazyFunction(lambda: _cpf.generate())
    email = factory.Sequence(lambda n: f"solicitante{n}@orgao.gov.br")
    email_unidade = factory.Sequence(lambda n: f"protocolo.solicitante{n}@orgao.gov.br")
    telefone = "(61) 3333-2222"
    celular = "(61) 98888-7777"
    documento_comprobatorio = factory.django.FileField(data=PDF_MINIMO, filename="portaria.pdf")
    documento_comprobatorio_nome = "portaria.pdf"
    documento_identificacao = factory.django.FileField(data=PNG_MINIMO, filename="rg.png")
    documento_identificacao_nome = "rg.png"


class SistemaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sistema

    nome = factory.Sequence(lambda n: f"ORG{n} - SEI")
    sistema_de_governo = factory.SubFactory(SistemaDeGovernoFactory)
    orgao_responsavel = factory.SubFactory(ComiteFactory)
