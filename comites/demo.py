"""Demo data for ``make run``: a demo gestor as first gestor of two comitês, and two pending access
requests (one SIORG, one not) with tiny valid PDF attachments. Idempotent; prints nothing.

The gestor's comitês: a SIORG ministry (read-only structure) and the Governo do Estado de Minas Gerais in
the "Estado – Minas Gerais" repository, whose small hierarchy the gestor can edit and import by CSV.
Uses the órgãos loaded by the estrutura demo when there are any; otherwise creates small trees of its own.
Each comitê gets its SEI with a mapping (Enviar e Receber, Somente Enviar, Somente Receber) and a
protocol unit centralizing a few units; in Minas Gerais one mapped unit was inactivated, so the comitê's
page shows "Unidades inativadas ainda mapeadas".
"""

from django.core.files.base import ContentFile
from django.db.models import Count, Q

from comites import services
from comites.deriva import services as deriva
from comites.mapeamento import centralizadoras
from comites.mapeamento import services as mapeamento
from comites.models import Ambiente, Comite, Gestor, Sistema, SolicitacaoDeAcesso, VinculoSistemaComite
from estrutura import demo as estrutura_demo
from estrutura.models import ModoDeTramitacao, RepositorioDeEstruturas, Unidade
from estrutura.services import unidades as unidades_service
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
    # Ministries make the most telling demo (the structure's top node, the Presidência, spans them all);
    # those with units of their own first, so the mapping screens have something to show.
    orgaos = list(
        Unidade.objects.filter(repositorio=siorg, eh_orgao=True, ativo=True)
        .exclude(parent=None)
        .annotate(filhas_ativas=Count("filhas", filter=Q(filhas__ativo=True, filhas__eh_orgao=False)))
        .order_by("profundidade", "-filhas_ativas", "nome", "pk")[:3]
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


def _unidades_proprias(orgao: Unidade) -> list[Unidade]:
    """The órgão's active units, without the órgão itself nor nested órgãos and their units."""
    todas = list(Unidade.objects.subarvore(orgao, incluir_raiz=False).filter(ativo=True).order_by("caminho"))
    aninhados = [u.caminho for u in todas if u.eh_orgao]
    return [u for u in todas if not any(u.caminho.startswith(c) for c in aninhados)]


def _mapeamento_demo(comite: Comite, sistema: Sistema, *, inativar_uma: bool = False) -> None:
    """A realistic mapping of the órgão's units to its SEI, once: the root and the protocol unit Enviar e
    Receber, the others in turn Enviar e Receber / Somente Enviar / Somente Receber; the protocol unit
    centralizes up to three of them. With ``inativar_uma``, the last mapped unit is then inactivated (as a
    restructuring would) and listed as drift."""
    orgao = comite.unidade
    if Unidade.objects.subarvore(orgao).filter(sistema=sistema).exists():
        return
    proprias = _unidades_proprias(orgao)
    protocolo = next((u for u in reversed(proprias) if "protocolo" in u.nome.lower()), proprias[-1] if proprias
                     else None)
    outras = [u for u in proprias if u != protocolo]
    ciclo = [ModoDeTramitacao.ENVIAR_E_RECEBER, ModoDeTramitacao.SOMENTE_ENVIAR, ModoDeTramitacao.SOMENTE_RECEBER]
    escolhas = {orgao.pk: ModoDeTramitacao.ENVIAR_E_RECEBER.value}
    escolhas.update({u.pk: ciclo[i % 3].value for i, u in enumerate(outras)})
    if protocolo is not None:
        escolhas[protocolo.pk] = ModoDeTramitacao.ENVIAR_E_RECEBER.value
    mapeamento.salvar_mapeamento(comite, sistema, set(escolhas), escolhas)
    if protocolo is not None and outras:
        centralizadoras.definir(comite, {protocolo.pk})
        atendidas = {u.pk for u in outras[:3]}
        centralizadoras.salvar_atendidas(comite, Unidade.objects.get(pk=protocolo.pk), atendidas, atendidas)
    if inativar_uma and len(outras) > 3:
        extinta = outras[-1]
        unidades_service.inativar(extinta)
        # Recorded here rather than by the worker, so the page shows it right away (the worker's later run of
        # the same signal finds it listed and does nothing).
        deriva.registrar([extinta.pk], "manual")


def _sistema_demo(comite: Comite, sei) -> Sistema:
    """The demo órgão's SPE (e.g. "MGI - SEI", named after the órgão's sigla), linked to it; idempotent."""
    from comites.sistemas import services as sistemas

    nome = f"{comite.unidade.sigla or 'MGI'} - {sei.sigla or 'SEI'}"
    sistema = Sistema.objects.filter(nome__iexact=nome).first()
    if sistema is None:
        sistema = sistemas.cadastrar({
            "nome": nome, "descricao": comite.unidade.nome,
            "sistema_de_governo": sei, "orgao_responsavel": comite,
            "publico_alvo": comite.unidade.repositorio.is_siorg,
        }, None)
    if not VinculoSistemaComite.objects.filter(comite=comite, sistema=sistema).exists():
        sistemas.vincular(comite, sistema, None)
    return sistema


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
    _mapeamento_demo(comite, _sistema_demo(comite, sei))
    _mapeamento_demo(comite_editavel, _sistema_demo(comite_editavel, sei), inativar_uma=True)
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
