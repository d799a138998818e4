"""The fixture world of the URL × profile matrix.

Two órgãos A (system Interno) and B (system hosted by Dataprev) in repositório R1, each with its comitê,
gestores, units, a CSV import, an access request, a suggestion, a system and an audit record; a Supervisor
of another repositório R2; an Administrador Externo (Dataprev, R1); an Administrador; a Django superuser
without portal profiles (the admin site's only audience). Every text of a side carries its sigla
(``ORGA``/``ORGB``), so a page that shows the other side's rows is caught by a plain substring search.
Built once per test module (see ``test_matriz_de_acesso``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile

from comites.models import VinculoSistemaComite
from portal.models import ExportacaoAgendada, Parametro, PerfilAtribuido, RegistroDeAuditoria
from tests.conftest import ativar_mfa
from tests.factories.comites import ComiteFactory, GestorFactory, SistemaFactory, SolicitacaoFactory
from tests.factories.estrutura import OrgaoFactory, RepositorioFactory, UnidadeFactory
from tests.factories.hipoteses import EspecieDocumentalFactory, HipoteseLegalFactory, SugestaoFactory
from tests.factories.portal import (
    GestorTecnologicoFactory,
    PerfilAtribuidoFactory,
    PessoaFactory,
    SistemaDeGovernoFactory,
)


@dataclass
class Lado:
    """The objects of one órgão (its comitê and everything hanging from it)."""

    sigla: str
    comite: object
    orgao: object
    unidade: object
    outra_unidade: object  # a sibling of ``unidade`` (a new parent for it)
    gestor: object  # the Gestor row whose pessoa is looked at
    pessoa: object  # a person of this órgão (target of Gerenciar Perfis)
    solicitacao: object
    importacao: object
    sugestao: object
    auditoria: object
    sistema: object
    exportacao: object  # a ready scheduled export of the side's gestor (only its owner downloads it)
    pendencia: object = None  # an inactivated unit still mapped to ``sistema`` (spec §7.7)
    tramite: object = None  # a trâmite the side sent to the other side (through tramites.services)


@dataclass
class Mundo:
    r1: object
    r2: object
    comite_r2: object  # a comitê of R2, the Supervisor's own
    a: Lado
    b: Lado
    pessoas: dict[str, object] = field(default_factory=dict)
    globais: dict[str, int] = field(default_factory=dict)


def _lado(repositorio, gestor_tecnologico, sigla: str) -> Lado:
    from comites.deriva.models import PendenciaDeEstrutura
    from estrutura.models import ExecucaoDeImportacao, Unidade

    orgao = OrgaoFactory(repositorio=repositorio, nome=f"Órgão {sigla}", sigla=sigla)
    unidade = UnidadeFactory(parent=orgao, nome=f"Protocolo de {sigla}", sigla=f"PROT-{sigla}")
    outra_unidade = UnidadeFactory(parent=orgao, nome=f"Arquivo de {sigla}", sigla=f"ARQ-{sigla}")
    comite = ComiteFactory(unidade=orgao, gestor_tecnologico=gestor_tecnologico)
    gestor = GestorFactory(comite=comite, pessoa=PessoaFactory(nome=f"Gestora do {sigla}"))
    EmailAddress.objects.create(user=gestor.pessoa, email=gestor.pessoa.email, primary=True, verified=True)
    outro = GestorFactory(comite=comite, pessoa=PessoaFactory(nome=f"Outro gestor do {sigla}"))
    solicitacao = SolicitacaoFactory(unidade=orgao, gestor_tecnologico=gestor_tecnologico,
                                     nome=f"Solicitante do {sigla}")
    importacao = ExecucaoDeImportacao.objects.create(
        tipo=ExecucaoDeImportacao.Tipo.CSV,
        origem=ExecucaoDeImportacao.Origem.UPLOAD,
        situacao=ExecucaoDeImportacao.Situacao.SUCESSO,
        repositorio=repositorio,
        unidade_destino=orgao,
        usuario=gestor.pessoa,
    )
    sugestao = SugestaoFactory(sugerido_por=gestor.pessoa, nome=f"Hipótese sugerida pelo {sigla}")
    auditoria = RegistroDeAuditoria.objects.create(
        acao="comite.teste", alvo_tipo="comites.comite", alvo_id=str(comite.pk), alvo_repr=str(comite),
        comite_id=comite.pk, repositorio_id=repositorio.pk, usuario=gestor.pessoa, usuario_repr=str(gestor.pessoa),
    )
    sistema = SistemaFactory(orgao_responsavel=comite, nome=f"{sigla} - SEI")
    VinculoSistemaComite.objects.create(sistema=sistema, comite=comite)
    # ``unidade`` receives through the system and centralizes for ``outra_unidade`` (spec §7.5, §7.6).
    Unidade.objects.filter(pk=unidade.pk).update(
        sistema=sistema, permite_envio=True, permite_recebimento=True, eh_centralizadora=True)
    Unidade.objects.filter(pk=outra_unidade.pk).update(unidade_receptora=unidade)
    extinta = UnidadeFactory(parent=orgao, nome=f"Seção extinta de {sigla}", sigla=f"EXT-{sigla}", ativo=False)
    Unidade.objects.filter(pk=extinta.pk).update(sistema=sistema, permite_envio=True, permite_recebimento=True)
    pendencia = PendenciaDeEstrutura.objects.create(comite=comite, unidade=extinta, sistema=sistema,
                                                    modo="enviar_e_receber")
    exportacao = ExportacaoAgendada.objects.create(
        usuario=gestor.pessoa, titulo=f"Unidades do {sigla}", formato="csv", caminho="/comites/",
        situacao=ExportacaoAgendada.Situacao.PRONTA, arquivo=ContentFile(b"nome\n", name="unidades.csv"),
    )
    return Lado(sigla=sigla, comite=comite, orgao=orgao, unidade=unidade, outra_unidade=outra_unidade,
                gestor=gestor, pessoa=outro.pessoa,
                exportacao=exportacao, solicitacao=solicitacao, importacao=importacao, sugestao=sugestao,
                auditoria=auditoria, sistema=sistema, pendencia=pendencia)


def _tramite(de: Lado, para: Lado):
    from tramites import services
    from tramites.state_machine import Ator

    return services.criar_tramite(
        ator=services.Agente.do_sistema(de.sistema, Ator.REMETENTE), remetente=de.unidade,
        destinatario=para.unidade, protocolo=f"99999.00000{1 if de.sigla == 'ORGA' else 2}/2026-00",
        descricao=f"Processo do {de.sigla}",
    )


def construir() -> Mundo:
    interno = GestorTecnologicoFactory()
    dataprev = GestorTecnologicoFactory(nome="Dataprev", descricao="Empresa pública", interno=False)
    SistemaDeGovernoFactory()
    r1 = RepositorioFactory(nome="Repositório R1")
    r2 = RepositorioFactory(nome="Repositório R2")
    a = _lado(r1, interno, "ORGA")
    b = _lado(r1, dataprev, "ORGB")

    supervisor = ativar_mfa(PessoaFactory(nome="Sílvia Supervisora de R2"))
    PerfilAtribuidoFactory(pessoa=supervisor, perfil=PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[r2])
    externo = ativar_mfa(PessoaFactory(nome="Édson Administrador Externo"))
    PerfilAtribuidoFactory(pessoa=externo, perfil=PerfilAtribuido.Perfil.ADMIN_EXTERNO,
                           gestor_tecnologico=dataprev, repositorios=[r1])
    administrador = ativar_mfa(PessoaFactory(nome="Ana Administradora"))
    PerfilAtribuidoFactory(pessoa=administrador, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR)

    superusuario = ativar_mfa(PessoaFactory(nome="Sônia Superusuária", is_staff=True, is_superuser=True))

    comite_r2 = ComiteFactory(unidade=OrgaoFactory(repositorio=r2, nome="Órgão ORGC", sigla="ORGC"),
                              gestor_tecnologico=interno)
    mundo = Mundo(r1=r1, r2=r2, comite_r2=comite_r2, a=a, b=b)
    a.tramite, b.tramite = _tramite(a, b), _tramite(b, a)
    mundo.pessoas = {
        "gestor_a": a.gestor.pessoa,
        "gestor_b": b.gestor.pessoa,  # B's system is hosted by Dataprev: "Gestão do Portal – Outros"
        "supervisor_r2": supervisor,
        "externo": externo,
        "administrador": administrador,
        "superusuario": superusuario,
    }
    mundo.globais = {
        "hipotese": HipoteseLegalFactory().pk,
        "especie": EspecieDocumentalFactory().pk,
        "sistema": SistemaDeGovernoFactory(nome="SUAP", sigla="SUAP").pk,
        "gestor": GestorTecnologicoFactory(nome="Serpro", descricao="Empresa pública", interno=False).pk,
        "parametro": Parametro.objects.order_by("pk").values_list("pk", flat=True).first(),
    }
    return mundo
