"""Access requests: submission, duplicates, production checklist, evaluation, approval and refusal."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from comites import services
from comites.models import Ambiente, Comite, Gestor, SolicitacaoDeAcesso
from estrutura.models import Unidade
from portal import permissions
from portal.models import PerfilAtribuido, Pessoa, RegistroDeAuditoria
from portal.permissions import Acao
from tests.comites.conftest import homologacao_completa
from tests.factories.comites import PDF_MINIMO, PNG_MINIMO, ComiteFactory, GestorFactory, SolicitacaoFactory
from tests.factories.estrutura import OrgaoFactory, RepositorioFactory
from tests.factories.portal import PerfilAtribuidoFactory, PessoaFactory

pytestmark = pytest.mark.django_db(transaction=False)

Status = SolicitacaoDeAcesso.Status


def _arquivo(nome, conteudo, tipo):
    arquivo = SimpleUploadedFile(nome, conteudo)
    arquivo.tipo_detectado = tipo
    return arquivo


def dados_da_solicitacao(catalogos, unidade=None, **extra):
    gestor_tecnologico, sistema = catalogos
    dados = {
        "ambiente": Ambiente.HOMOLOGACAO,
        "executivo_federal": unidade is not None,
        "unidade": unidade,
        "orgao_nome": "", "orgao_sigla": "", "orgao_uf": "", "orgao_cnpj": "", "orgao_endereco": "",
        "orgao_cep": "",
        "gestor_tecnologico": gestor_tecnologico,
        "sistema_de_governo": sistema,
        "nome": "Maria da Silva",
        "cpf": "529.982.247-25",
        "email": "Maria.Silva@Orgao.gov.br",
        "email_unidade": "protocolo@orgao.gov.br",
        "telefone": "(61) 3333-4444",
        "celular": "(61) 99999-8888",
        "documento_comprobatorio": _arquivo("portaria de designação.pdf", PDF_MINIMO, "pdf"),
        "documento_identificacao": _arquivo("rg.png", PNG_MINIMO, "png"),
    }
    if unidade is None:
        dados.update(orgao_nome="Prefeitura de Exemplo", orgao_sigla="PMEX", orgao_uf="GO",
                     orgao_cnpj="11.222.333/0001-81", orgao_endereco="Praça Central, 1", orgao_cep="74000-000")
    dados.update(extra)
    return dados


def _executar_on_commit(django_capture_on_commit_callbacks, func, *args, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return func(*args, **kwargs)


# --- submission ------------------------------------------------------------------------------------


def test_new_siorg_request_gets_protocol_token_private_files_and_emails(
    ministerio, catalogos, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        sol = services.criar_solicitacao(dados_da_solicitacao(catalogos, ministerio), ip="10.1.2.3")

    assert re.fullmatch(rf"{timezone.localdate().year}-\d{{6}}", sol.protocolo)
    assert len(sol.token) >= 40
    assert sol.status == Status.PENDENTE
    assert sol.repositorio == ministerio.repositorio
    assert sol.cpf == "52998224725" and sol.email == "maria.silva@orgao.gov.br"
    assert sol.documento_comprobatorio_nome == "portaria de designação.pdf"
    caminho = sol.documento_comprobatorio.path
    assert caminho.startswith(str(settings.MEDIA_ROOT)) and caminho.endswith(".pdf")
    assert "portaria" not in caminho  # stored under a random name
    assert sol.documento_identificacao.path.endswith(".png")

    para_solicitante = [m for m in mail.outbox if m.to == ["maria.silva@orgao.gov.br"]]
    assert len(para_solicitante) == 1
    assert sol.protocolo in para_solicitante[0].subject
    assert f"https://portal.exemplo.gov.br/solicitar-acesso/acompanhar/{sol.token}/" in para_solicitante[0].body
    para_equipe = [m for m in mail.outbox if m.to == ["processo.eletronico@tramita.local"]]
    assert len(para_equipe) == 1 and "Ministério da Gestão e da Inovação" in para_equipe[0].body
    assert sol.token not in para_equipe[0].body
    assert RegistroDeAuditoria.objects.filter(acao="solicitacao_acesso.criada", alvo_id=str(sol.pk)).exists()


def test_protocol_numbers_increase_within_the_year(ministerio, catalogos):
    primeira = services.criar_solicitacao(dados_da_solicitacao(catalogos, ministerio))
    outro = OrgaoFactory(repositorio=ministerio.repositorio)
    segunda = services.criar_solicitacao(dados_da_solicitacao(catalogos, outro))
    assert int(segunda.protocolo[-6:]) == int(primeira.protocolo[-6:]) + 1


def test_request_for_orgao_with_active_comite_is_refused_as_duplicate(ministerio, catalogos):
    comite = ComiteFactory(unidade=ministerio)
    GestorFactory(comite=comite)
    with pytest.raises(services.SolicitacaoDuplicada) as erro:
        services.criar_solicitacao(dados_da_solicitacao(catalogos, ministerio))
    assert erro.value.duplicidade.comites == [comite]
    assert "já tem Comitê Gestor de Protocolo ativo" in erro.value.mensagem
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_request_for_orgao_with_open_request_in_same_ambiente_is_duplicate(ministerio, catalogos):
    aberta = SolicitacaoFactory(unidade=ministerio, status=Status.EM_ANALISE)
    with pytest.raises(services.SolicitacaoDuplicada) as erro:
        services.criar_solicitacao(dados_da_solicitacao(catalogos, ministerio))
    assert erro.value.duplicidade.solicitacao == aberta
    assert "aguardando análise" in erro.value.mensagem
    assert SolicitacaoDeAcesso.objects.count() == 1


def test_inactive_comite_or_decided_request_do_not_block_a_new_request(ministerio, catalogos):
    ComiteFactory(unidade=ministerio, ativo=False)
    SolicitacaoFactory(unidade=ministerio, status=Status.RECUSADA)
    sol = services.criar_solicitacao(dados_da_solicitacao(catalogos, ministerio))
    assert sol.pk


def test_non_siorg_duplicate_is_detected_by_cnpj(catalogos):
    SolicitacaoFactory(unidade=None, repositorio=None, executivo_federal=False, orgao_nome="Prefeitura",
                       orgao_cnpj="11222333000181")
    with pytest.raises(services.SolicitacaoDuplicada):
        services.criar_solicitacao(dados_da_solicitacao(catalogos))


# --- production checklist --------------------------------------------------------------------------


def test_production_request_is_blocked_without_homologation_trâmites(ministerio, catalogos):
    ComiteFactory(unidade=ministerio, ambiente=Ambiente.HOMOLOGACAO)
    with pytest.raises(services.ProducaoNaoHabilitada) as erro:
        services.criar_solicitacao(dados_da_solicitacao(catalogos, ministerio, ambiente=Ambiente.PRODUCAO))
    checklist = erro.value.checklist
    assert not checklist.cumprido
    assert [item.cumprido for item in checklist.itens] == [False, False, False]
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_production_request_is_blocked_with_partial_homologation(ministerio, catalogos, fonte_de_tramites):
    comite = ComiteFactory(unidade=ministerio, ambiente=Ambiente.HOMOLOGACAO)
    fonte_de_tramites[comite.pk] = [
        {"idt": 7, "papel": "remetente", "desfecho": "concluido", "ambiente": "homologacao"},
        {"idt": 8, "papel": "destinatario", "desfecho": "recusado", "ambiente": "producao"},  # wrong ambiente
        {"idt": 9, "papel": "destinatario", "desfecho": "em_andamento", "ambiente": "homologacao"},  # not concluded
    ]
    with pytest.raises(services.ProducaoNaoHabilitada) as erro:
        services.criar_solicitacao(dados_da_solicitacao(catalogos, ministerio, ambiente=Ambiente.PRODUCAO))
    envio, recebimento, recusa = erro.value.checklist.itens
    assert envio.idts == [7] and envio.cumprido
    assert not recebimento.cumprido and not recusa.cumprido


def test_production_request_is_accepted_once_homologation_checklist_is_met(ministerio, catalogos,
                                                                          fonte_de_tramites):
    comite = ComiteFactory(unidade=ministerio, ambiente=Ambiente.HOMOLOGACAO)
    fonte_de_tramites[comite.pk] = homologacao_completa()
    sol = services.criar_solicitacao(dados_da_solicitacao(catalogos, ministerio, ambiente=Ambiente.PRODUCAO))
    assert sol.ambiente == Ambiente.PRODUCAO
    checklist = services.checklist_para_producao(unidade=ministerio)
    assert [item.idts for item in checklist.itens] == [[101], [102], [103]]


# --- evaluation ------------------------------------------------------------------------------------


def test_evaluator_takes_request_into_analysis_and_notes_it(admin):
    sol = SolicitacaoFactory()
    services.assumir_analise(sol, admin)
    services.adicionar_nota(sol, admin, "Liguei para o solicitante.")
    sol.refresh_from_db()
    assert sol.status == Status.EM_ANALISE and sol.avaliador == admin
    assert sol.notas.get().texto == "Liguei para o solicitante."
    assert RegistroDeAuditoria.objects.filter(acao="solicitacao_acesso.em_analise").exists()


def test_supervisor_sees_siorg_requests_of_their_repositorio_and_unscoped_ones_only_admins(admin, siorg):
    supervisor = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=supervisor, perfil=PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[siorg])
    do_siorg = SolicitacaoFactory(unidade=OrgaoFactory(repositorio=siorg))
    sem_repositorio = SolicitacaoFactory(unidade=None, repositorio=None, executivo_federal=False,
                                         orgao_nome="Câmara Municipal")
    de_outro = SolicitacaoFactory()

    todas = SolicitacaoDeAcesso.objects.all()
    assert set(permissions.restringir(todas, supervisor, Acao.ACESSO_AVALIAR)) == {do_siorg}
    assert set(permissions.restringir(todas, admin, Acao.ACESSO_AVALIAR)) == {do_siorg, sem_repositorio, de_outro}
    assert permissions.pode(supervisor, Acao.ACESSO_AVALIAR, do_siorg)
    assert not permissions.pode(supervisor, Acao.ACESSO_AVALIAR, sem_repositorio)
    assert not permissions.pode(supervisor, Acao.ACESSO_AVALIAR, de_outro)


def test_approval_creates_comite_account_first_gestor_and_sends_set_password_link(
    admin, ministerio, django_capture_on_commit_callbacks, client
):
    sol = SolicitacaoFactory(unidade=ministerio, cpf="52998224725", email="maria@orgao.gov.br", nome="Maria")
    with django_capture_on_commit_callbacks(execute=True):
        comite = services.aprovar(sol, admin)

    sol.refresh_from_db()
    assert sol.status == Status.APROVADA and sol.avaliado_por == admin and sol.avaliado_em
    assert comite.unidade == ministerio and comite.ambiente == Ambiente.HOMOLOGACAO and comite.ativo
    assert comite.gestor_tecnologico == sol.gestor_tecnologico
    pessoa = Pessoa.objects.get(cpf="52998224725")
    assert not pessoa.has_usable_password()
    assert Gestor.objects.get(comite=comite, pessoa=pessoa).ativo
    assert permissions.pode(pessoa, Acao.GESTAO_CONFIGURAR, comite)

    aprovado = next(m for m in mail.outbox if m.to == ["maria@orgao.gov.br"])
    assert aprovado.subject == "Cadastro de Órgão Aprovado"
    link = re.search(r"https://portal\.exemplo\.gov\.br(/contas/password/reset/key/\S+/)", aprovado.body).group(1)
    assert "https://portal.exemplo.gov.br/comites/" in aprovado.body
    aviso = next(m for m in mail.outbox if m.to == ["processo.eletronico@tramita.local"])
    assert "Ministério da Gestão e da Inovação" in aviso.body and admin.nome in aviso.body
    for acao in ("solicitacao_acesso.aprovada", "comite.criado", "gestor.adicionado", "pessoa.cadastrada"):
        assert RegistroDeAuditoria.objects.filter(acao=acao).exists(), acao

    # The link lets the new gestor choose a password and sign in.
    resposta = client.get(link, follow=True)
    assert resposta.status_code == 200
    resposta = client.post(resposta.redirect_chain[-1][0],
                           {"password1": "Uma-senha-boa-2026", "password2": "Uma-senha-boa-2026"})
    assert resposta.status_code == 302
    pessoa.refresh_from_db()
    assert pessoa.check_password("Uma-senha-boa-2026")


def test_approval_reuses_the_person_with_the_same_cpf_for_a_second_orgao(admin, ministerio):
    pessoa = PessoaFactory(cpf="52998224725", email="maria@orgao.gov.br")
    primeiro = ComiteFactory()
    GestorFactory(comite=primeiro, pessoa=pessoa)
    sol = SolicitacaoFactory(unidade=ministerio, cpf="52998224725", email="outro@orgao.gov.br")
    comite = services.aprovar(sol, admin)
    assert Pessoa.objects.filter(cpf="52998224725").count() == 1
    assert set(Gestor.objects.filter(pessoa=pessoa, ativo=True).values_list("comite", flat=True)) == {
        primeiro.pk, comite.pk
    }


def test_set_password_link_goes_only_to_the_existing_accounts_email(admin, ministerio,
                                                                   django_capture_on_commit_callbacks):
    PessoaFactory(cpf="52998224725", email="dona.da.conta@orgao.gov.br")
    sol = SolicitacaoFactory(unidade=ministerio, cpf="52998224725", email="intruso@exemplo.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.aprovar(sol, admin)
    destinatarios = [m.to for m in mail.outbox if "password/reset/key" in m.body]
    assert destinatarios == [["dona.da.conta@orgao.gov.br"]]


def test_approval_reactivates_an_inactive_comite(admin, ministerio):
    antigo = ComiteFactory(unidade=ministerio, ativo=False, inativado_em=timezone.now())
    comite = services.aprovar(SolicitacaoFactory(unidade=ministerio), admin)
    assert comite.pk == antigo.pk
    antigo.refresh_from_db()
    assert antigo.ativo and antigo.inativado_em is None


def test_approval_is_refused_when_orgao_already_has_active_comite(admin, ministerio):
    ComiteFactory(unidade=ministerio)
    sol = SolicitacaoFactory(unidade=ministerio)
    with pytest.raises(services.ErroDeNegocio, match="já tem comitê ativo"):
        services.aprovar(sol, admin)
    sol.refresh_from_db()
    assert sol.status == Status.PENDENTE


def test_production_approval_rechecks_the_homologation_checklist(admin, ministerio, fonte_de_tramites):
    homologado = ComiteFactory(unidade=ministerio, ambiente=Ambiente.HOMOLOGACAO)
    sol = SolicitacaoFactory(unidade=ministerio, ambiente=Ambiente.PRODUCAO)
    with pytest.raises(services.ProducaoNaoHabilitada):
        services.aprovar(sol, admin)
    sol.refresh_from_db()
    assert sol.status == Status.PENDENTE
    assert not Comite.objects.filter(unidade=ministerio, ambiente=Ambiente.PRODUCAO).exists()

    fonte_de_tramites[homologado.pk] = homologacao_completa()
    comite = services.aprovar(sol, admin)
    assert comite.ambiente == Ambiente.PRODUCAO


def test_approval_of_sub_unit_is_refused(admin, ministerio):
    subunidade = ministerio.filhas.get()
    sol = SolicitacaoFactory(unidade=subunidade)
    with pytest.raises(services.ErroDeNegocio, match="não é a unidade raiz"):
        services.aprovar(sol, admin)


def test_non_siorg_approval_needs_a_repositorio_then_creates_first_level_unit(admin):
    sol = SolicitacaoFactory(unidade=None, repositorio=None, executivo_federal=False, orgao_nome="Prefeitura de X",
                             orgao_sigla="PMX", orgao_cnpj="11222333000181")
    with pytest.raises(services.ErroDeNegocio, match="repositório"):
        services.aprovar(sol, admin)
    repositorio = RepositorioFactory(nome="Estados e Municípios")
    sol.refresh_from_db()
    sol.repositorio = repositorio
    sol.save()
    comite = services.aprovar(sol, admin)
    unidade = comite.unidade
    assert unidade.repositorio == repositorio and unidade.parent is None and unidade.eh_orgao
    assert (unidade.nome, unidade.sigla) == ("Prefeitura de X", "PMX")
    assert comite.cnpj == "11222333000181"


def test_supervisor_cannot_create_first_level_unit_but_can_link_existing_orgao(siorg):
    repositorio = RepositorioFactory()
    supervisor = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=supervisor, perfil=PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[repositorio])
    sol = SolicitacaoFactory(unidade=None, repositorio=repositorio, executivo_federal=False, orgao_nome="Tribunal")
    with pytest.raises(services.ErroDeNegocio, match="Só o Administrador"):
        services.aprovar(sol, supervisor)
    assert not Unidade.objects.filter(nome="Tribunal").exists()

    existente = OrgaoFactory(repositorio=repositorio, nome="Tribunal")
    dados = {"executivo_federal": False, "unidade": existente, "gestor_tecnologico": sol.gestor_tecnologico,
             "sistema_de_governo": sol.sistema_de_governo, "orgao_nome": "Tribunal", "orgao_sigla": "TRB"}
    services.corrigir_orgao(sol, supervisor, dados)
    comite = services.aprovar(sol, supervisor)
    assert comite.unidade == existente


def test_correction_changes_the_chosen_siorg_unit_and_is_audited(admin, ministerio):
    sol = SolicitacaoFactory(unidade=ministerio.filhas.get())
    dados = {"executivo_federal": True, "unidade": ministerio, "gestor_tecnologico": sol.gestor_tecnologico,
             "sistema_de_governo": sol.sistema_de_governo}
    services.corrigir_orgao(sol, admin, dados)
    sol.refresh_from_db()
    assert sol.unidade == ministerio
    registro = RegistroDeAuditoria.objects.get(acao="solicitacao_acesso.corrigida")
    assert registro.depois == {"unidade_id": ministerio.pk}


def test_refusal_requires_justification_and_emails_it(admin, django_capture_on_commit_callbacks):
    sol = SolicitacaoFactory(email="joao@orgao.gov.br")
    with pytest.raises(services.ErroDeNegocio, match="justificativa"):
        services.recusar(sol, admin, "   ")
    with django_capture_on_commit_callbacks(execute=True):
        services.recusar(sol, admin, "Documento comprobatório ilegível.")
    sol.refresh_from_db()
    assert sol.status == Status.RECUSADA and sol.justificativa == "Documento comprobatório ilegível."
    (mensagem,) = mail.outbox
    assert mensagem.to == ["joao@orgao.gov.br"]
    assert sol.protocolo in mensagem.subject
    assert "Documento comprobatório ilegível." in mensagem.body
    assert sol.token in mensagem.body
    assert Comite.objects.count() == 0


def test_decided_request_cannot_be_decided_again(admin):
    sol = SolicitacaoFactory(status=Status.RECUSADA, justificativa="x")
    with pytest.raises(services.ErroDeNegocio, match="já foi avaliada"):
        services.aprovar(sol, admin)
    with pytest.raises(services.ErroDeNegocio, match="já foi avaliada"):
        services.assumir_analise(sol, admin)


def test_daily_reminder_lists_only_requests_open_for_more_than_five_days(db):
    antiga = SolicitacaoFactory()
    em_analise = SolicitacaoFactory(status=Status.EM_ANALISE)
    recente = SolicitacaoFactory()
    decidida = SolicitacaoFactory(status=Status.APROVADA)
    seis_dias = timezone.now() - datetime.timedelta(days=6)
    SolicitacaoDeAcesso.objects.filter(pk__in=[antiga.pk, em_analise.pk, decidida.pk]).update(criado_em=seis_dias)

    assert services.enviar_lembrete_pendentes() == 2
    (mensagem,) = mail.outbox
    assert mensagem.to == ["processo.eletronico@tramita.local"]
    assert antiga.protocolo in mensagem.body and em_analise.protocolo in mensagem.body
    assert recente.protocolo not in mensagem.body and decidida.protocolo not in mensagem.body


def test_daily_reminder_sends_nothing_when_no_request_is_late(db):
    SolicitacaoFactory()
    assert services.enviar_lembrete_pendentes() == 0
    assert mail.outbox == []
