"""Demo data for ``make run``: a demo gestor as first gestor of two comitês, and two pending access
requests (one SIORG, one not) with tiny valid PDF attachments. Idempotent; prints nothing.

The gestor's comitês: a SIORG ministry (read-only structure) and the Governo do Estado de Minas Gerais in
the "Estado – Minas Gerais" repository, whose small hierarchy the gestor can edit and import by CSV.
Uses the órgãos loaded by the estrutura demo when there are any; otherwise creates small trees of its own.
"""

from django.core.files.base import ContentFile

from comites import services
from comites.models import Ambiente, Comite, Gestor, Sistema, SolicitacaoDeAcesso, VinculoSistemaComite
from estrutura import demo as estrutura_demo
from estrutura.models import RepositorioDeEstruturas, Unidade
from portal.models import GestorTecnologico, Pessoa, SistemaDeGoverno

GESTOR_EMAIL = "gestor@demo.tramita.gov.br"
GESTOR_SENHA = "Demo-Tramita-2026"
GESTOR_CPF = "39053344705"

PDF_DEMO = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _siorg() -> RepositorioDeEstruturas:
    siorg = RepositorioDeEstruturas.objects.filter(is_siorg=True).first()
    if siorg is None:
        siorg = RepositorioDeEstruturas.objects.create(
            nome="Poder Executivo Federal (SIORG)", is_siorg=True,
            descricao="Estrutura do Poder Executivo Federal (dados de demonstração).",
        )
    return siorg


def _orgaos(siorg) -> list[Unidade]:
    # Ministries make the most telling demo (the structure's top node, the Presidência, spans them all).
    orgaos = list(
        Unidade.objects.filter(repositorio=siorg, eh_orgao=True, ativo=True)
        .exclude(parent=None)
        .order_by("profundidade", "nome", "pk")[:3]
    )
    if len(orgaos) >= 2:
        return orgaos
    raiz, _ = Unidade.objects.get_or_create(
        repositorio=siorg, parent=None, nome="Poder Executivo Federal",
        defaults={"sigla": "PEF", "origem": Unidade.Origem.SIORG},
    )
    criados = []
    for nome, sigla, filha in (
        ("Ministério da Gestão e da Inovação em Serviços Públicos", "MGI",
         ("Secretaria de Gestão e Inovação", "SEGES")),
        ("Ministério da Fazenda", "MF", ("Secretaria-Executiva", "SE-MF")),
    ):
        orgao, _ = Unidade.objects.get_or_create(
            repositorio=siorg, parent=raiz, nome=nome,
            defaults={"sigla": sigla, "eh_orgao": True, "origem": Unidade.Origem.SIORG},
        )
        Unidade.objects.get_or_create(repositorio=siorg, parent=orgao, nome=filha[0],
                                      defaults={"sigla": filha[1], "origem": Unidade.Origem.SIORG})
        criados.append(orgao)
    return criados


def _orgao_nao_siorg() -> Unidade:
    """The demo's editable órgão: Governo do Estado de Minas Gerais (loaded by the estrutura demo)."""
    def procurar():
        return Unidade.objects.filter(repositorio__nome=estrutura_demo.MINAS_GERAIS_NOME,
                                      repositorio__is_siorg=False, sigla="GOVMG", eh_orgao=True).first()

    orgao = procurar()
    if orgao is None:
        estrutura_demo.carregar()
        orgao = procurar()
    return orgao


def _catalogos():
    interno = (GestorTecnologico.objects.filter(interno=True, ativo=True).first()
               or GestorTecnologico.objects.create(nome="Interno", descricao="Hospedado pelo próprio órgão",
                                                   interno=True))
    sei = (SistemaDeGoverno.objects.filter(nome__iexact="SEI").first()
           or SistemaDeGoverno.objects.filter(ativo=True).first()
           or SistemaDeGoverno.objects.create(codigo=1, nome="SEI", sigla="SEI"))
    return interno, sei


def _documento(nome):
    arquivo = ContentFile(PDF_DEMO, name=nome)
    arquivo.tipo_detectado = "pdf"
    return arquivo


def _solicitar(email, dados_orgao, interno, sei):
    if SolicitacaoDeAcesso.objects.filter(email=email).exists():
        return
    dados = {
        "ambiente": Ambiente.HOMOLOGACAO, "gestor_tecnologico": interno, "sistema_de_governo": sei,
        "telefone": "(61) 2020-1111", "celular": "(61) 98877-6655",
        "email": email, "documento_comprobatorio": _documento("termo-de-designacao.pdf"),
        "documento_identificacao": _documento("documento-de-identidade.pdf"),
        **dados_orgao,
    }
    try:
        services.criar_solicitacao(dados, avisar=False)
    except services.ErroDeNegocio:
        pass  # the órgão already has a comitê or an open request: nothing to demonstrate


def _sistema_demo(comite: Comite, sei) -> None:
    """The demo órgão's SPE (e.g. "MGI - SEI", named after the órgão's sigla), linked to it; idempotent."""
    from comites.sistemas import services as sistemas

    nome = f"{comite.unidade.sigla or 'MGI'} - {sei.sigla or 'SEI'}"
    sistema = Sistema.objects.filter(nome__iexact=nome).first()
    if sistema is None:
        sistema = sistemas.cadastrar({
            "nome": nome, "descricao": comite.unidade.nome,
            "sistema_de_governo": sei, "orgao_responsavel": comite, "publico_alvo": True,
        }, None)
    if not VinculoSistemaComite.objects.filter(comite=comite, sistema=sistema).exists():
        sistemas.vincular(comite, sistema, None)


def carregar() -> dict:
    siorg = _siorg()
    orgaos = _orgaos(siorg)
    interno, sei = _catalogos()

    gestor, criado = Pessoa.objects.get_or_create(
        email=GESTOR_EMAIL,
        defaults={"nome": "Gestor de Demonstração", "cpf": GESTOR_CPF,
                  "email_unidade": "protocolo@demo.tramita.gov.br", "telefone": "(61) 2020-2020",
                  "celular": "(61) 97777-2020"},
    )
    if criado:
        gestor.set_password(GESTOR_SENHA)
        gestor.save()
    comite = Comite.objects.filter(gestores__pessoa=gestor, unidade__repositorio=siorg).first()
    if comite is None:
        comite, _ = Comite.objects.get_or_create(
            unidade=orgaos[0], ambiente=Ambiente.HOMOLOGACAO,
            defaults={"gestor_tecnologico": interno, "sistema_de_governo": sei},
        )
        Gestor.objects.get_or_create(comite=comite, pessoa=gestor)
    comite_editavel, _ = Comite.objects.get_or_create(
        unidade=_orgao_nao_siorg(), ambiente=Ambiente.HOMOLOGACAO,
        defaults={"gestor_tecnologico": interno, "sistema_de_governo": sei},
    )
    Gestor.objects.get_or_create(comite=comite_editavel, pessoa=gestor)
    _sistema_demo(comite, sei)
    orgao_solicitante = next(o for o in orgaos if o.pk != comite.unidade_id)

    _solicitar("solicitante.siorg@demo.tramita.gov.br", {
        "executivo_federal": True, "unidade": orgao_solicitante, "nome": "Joana Solicitante", "cpf": "11144477735",
        "email_unidade": "protocolo.orgao@demo.tramita.gov.br",
    }, interno, sei)
    _solicitar("solicitante.municipio@demo.tramita.gov.br", {
        "executivo_federal": False, "unidade": None, "orgao_nome": "Prefeitura Municipal de Demonstração",
        "orgao_sigla": "PMD", "orgao_uf": "GO", "orgao_cnpj": "00394460000141", "orgao_endereco": "Praça Central, 1",
        "orgao_cep": "74000000", "nome": "Carlos Solicitante", "cpf": "12345678909",
        "email_unidade": "protocolo@prefeitura-demo.gov.br",
    }, interno, sei)
    return {"email": GESTOR_EMAIL, "senha": GESTOR_SENHA}
