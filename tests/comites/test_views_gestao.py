"""Staff and gestor pages: evaluation queue, comitê list and page, gestores; scope and 404s."""

import re

import pytest
from django.core import mail

from comites.models import Ambiente, Comite, Gestor, SolicitacaoDeAcesso, VinculoSistemaComite
from portal.models import PerfilAtribuido
from tests.comites.conftest import homologacao_completa
from tests.conftest import ativar_mfa, entrar
from tests.factories.comites import PDF_MINIMO, ComiteFactory, GestorFactory, SistemaFactory, SolicitacaoFactory
from tests.factories.estrutura import OrgaoFactory
from tests.factories.portal import PerfilAtribuidoFactory, PessoaFactory

pytestmark = pytest.mark.django_db

Status = SolicitacaoDeAcesso.Status


@pytest.fixture
def supervisor_siorg(siorg):
    pessoa = PessoaFactory(nome="Sílvia Supervisora")
    PerfilAtribuidoFactory(pessoa=pessoa, perfil=PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[siorg])
    return ativar_mfa(pessoa)


# --- evaluation queue ------------------------------------------------------------------------------


def test_queue_needs_login_and_the_evaluator_profile(client, gestor):
    assert client.get("/acesso/solicitacoes/").status_code == 302
    entrar(client, gestor)
    assert client.get("/acesso/solicitacoes/").status_code == 403


def test_staff_profile_without_mfa_is_sent_to_enrol_it(client, siorg):
    pessoa = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=pessoa, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR)
    entrar(client, pessoa)
    resposta = client.get("/acesso/solicitacoes/")
    assert resposta.status_code == 302 and "/contas/2fa/" in resposta["Location"]


def test_admin_queue_lists_requests_with_columns_and_filters(client_admin):
    pendente = SolicitacaoFactory(cpf="52998224725", unidade=OrgaoFactory(nome="Ministério Alfa", sigla="MALFA"))
    aprovada = SolicitacaoFactory(status=Status.APROVADA, unidade=OrgaoFactory(nome="Ministério Beta", sigla="MB"))
    conteudo = client_admin.get("/acesso/solicitacoes/").content.decode()
    for coluna in ("Órgão/Entidade", "Data da Solicitação", "Data de Avaliação", "Quem avaliou", "Situação"):
        assert coluna in conteudo
    assert pendente.protocolo in conteudo and aprovada.protocolo in conteudo
    assert ">Editar<" in conteudo and ">Visualizar<" in conteudo

    so_pendentes = client_admin.get("/acesso/solicitacoes/", {"apenas_pendentes": "on"}).content.decode()
    assert pendente.protocolo in so_pendentes and aprovada.protocolo not in so_pendentes
    por_cpf = client_admin.get("/acesso/solicitacoes/", {"cpf": "529.982.247-25"}).content.decode()
    assert pendente.protocolo in por_cpf and aprovada.protocolo not in por_cpf
    por_sigla = client_admin.get("/acesso/solicitacoes/", {"sigla": "malfa"}).content.decode()
    assert pendente.protocolo in por_sigla and aprovada.protocolo not in por_sigla


def test_queue_lists_requests_oldest_first_in_order_of_arrival(client_admin):
    import datetime

    from django.utils import timezone

    agora = timezone.now()
    recente, antiga, meio = SolicitacaoFactory(), SolicitacaoFactory(), SolicitacaoFactory()
    for sol, dias in ((recente, 1), (antiga, 9), (meio, 5)):
        SolicitacaoDeAcesso.objects.filter(pk=sol.pk).update(criado_em=agora - datetime.timedelta(days=dias))
    conteudo = client_admin.get("/acesso/solicitacoes/").content.decode()
    posicoes = [conteudo.index(s.protocolo) for s in (antiga, meio, recente)]
    assert posicoes == sorted(posicoes)
    exportado = client_admin.get("/acesso/solicitacoes/", {"exportar": "csv"}).getvalue().decode()
    linhas = [linha for linha in exportado.splitlines()[1:] if linha]
    assert [linha.split(";")[0] for linha in linhas] == [antiga.protocolo, meio.protocolo, recente.protocolo]


def test_supervisor_sees_only_requests_of_their_repositorio_and_gets_404_on_others(client, supervisor_siorg, siorg):
    minha = SolicitacaoFactory(unidade=OrgaoFactory(repositorio=siorg))
    alheia = SolicitacaoFactory()
    sem_repositorio = SolicitacaoFactory(unidade=None, repositorio=None, executivo_federal=False, orgao_nome="X")
    entrar(client, supervisor_siorg)
    conteudo = client.get("/acesso/solicitacoes/").content.decode()
    assert minha.protocolo in conteudo
    assert alheia.protocolo not in conteudo and sem_repositorio.protocolo not in conteudo
    assert client.get(f"/acesso/solicitacoes/{minha.pk}/").status_code == 200
    for outra in (alheia, sem_repositorio):
        assert client.get(f"/acesso/solicitacoes/{outra.pk}/").status_code == 404
        assert client.get(f"/acesso/solicitacoes/{outra.pk}/documentos/comprobatorio/").status_code == 404
        assert client.post(f"/acesso/solicitacoes/{outra.pk}/decidir/", {"decisao": "valida"}).status_code == 404


def test_analysis_screen_shows_everything_cpf_full_to_admin_masked_to_supervisor(client, admin, supervisor_siorg,
                                                                                  siorg):
    sol = SolicitacaoFactory(unidade=OrgaoFactory(repositorio=siorg), cpf="52998224725", nome="Rita Requerente")
    entrar(client, admin)
    conteudo = client.get(f"/acesso/solicitacoes/{sol.pk}/").content.decode()
    assert "529.982.247-25" in conteudo and "Rita Requerente" in conteudo and sol.email in conteudo
    assert "portaria.pdf" in conteudo and "Solicitação válida" in conteudo and "Solicitação inválida" in conteudo
    assert "Órgão já cadastrado" in conteudo  # standard refusal reasons offered
    entrar(client, supervisor_siorg)
    conteudo = client.get(f"/acesso/solicitacoes/{sol.pk}/").content.decode()
    assert "***.982.247-**" in conteudo and "529.982.247-25" not in conteudo


def test_documents_download_only_for_evaluators_as_attachment(client, admin, gestor):
    sol = SolicitacaoFactory()
    url = f"/acesso/solicitacoes/{sol.pk}/documentos/comprobatorio/"
    assert client.get(url).status_code == 302  # anonymous → login
    entrar(client, gestor)
    assert client.get(url).status_code == 403
    entrar(client, admin)
    resposta = client.get(url)
    assert resposta.status_code == 200
    assert resposta["Content-Type"] == "application/pdf"
    disposicao = resposta["Content-Disposition"]
    assert disposicao.startswith("attachment;") and "portaria.pdf" in disposicao
    assert b"".join(resposta.streaming_content) == PDF_MINIMO
    assert client.get(f"/acesso/solicitacoes/{sol.pk}/documentos/outro/").status_code == 404


def test_evaluator_takes_request_adds_note_and_approves_it(client_admin, admin, siorg,
                                                           django_capture_on_commit_callbacks):
    sol = SolicitacaoFactory(unidade=OrgaoFactory(repositorio=siorg), email="nova@orgao.gov.br")
    client_admin.post(f"/acesso/solicitacoes/{sol.pk}/assumir/")
    client_admin.post(f"/acesso/solicitacoes/{sol.pk}/notas/", {"texto": "Documentos conferidos."})
    sol.refresh_from_db()
    assert sol.status == Status.EM_ANALISE and sol.avaliador == admin
    assert "Documentos conferidos." in client_admin.get(f"/acesso/solicitacoes/{sol.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        resposta = client_admin.post(f"/acesso/solicitacoes/{sol.pk}/decidir/", {"decisao": "valida"})
    assert resposta.status_code == 302
    sol.refresh_from_db()
    assert sol.status == Status.APROVADA and sol.comite.gestores.get().pessoa.email == "nova@orgao.gov.br"
    assert any(m.to == ["nova@orgao.gov.br"] and "password/reset/key" in m.body for m in mail.outbox)


def test_invalid_decision_requires_justification_and_can_use_a_standard_reason(client_admin,
                                                                                django_capture_on_commit_callbacks):
    sol = SolicitacaoFactory()
    resposta = client_admin.post(f"/acesso/solicitacoes/{sol.pk}/decidir/", {"decisao": "invalida"})
    assert resposta.status_code == 200
    assert "Informe a justificativa" in resposta.content.decode()
    sol.refresh_from_db()
    assert sol.status == Status.PENDENTE

    with django_capture_on_commit_callbacks(execute=True):
        client_admin.post(f"/acesso/solicitacoes/{sol.pk}/decidir/",
                          {"decisao": "invalida", "motivo": "unidade_sem_autonomia", "justificativa": "Use o MGI."})
    sol.refresh_from_db()
    assert sol.status == Status.RECUSADA
    assert sol.justificativa.startswith("A solicitação foi feita por uma unidade administrativa sem autonomia")
    assert sol.justificativa.endswith("Use o MGI.")
    (mensagem,) = mail.outbox
    assert "Use o MGI." in mensagem.body


def test_business_error_on_approval_is_shown_not_500(client_admin):
    sol = SolicitacaoFactory(unidade=None, repositorio=None, executivo_federal=False, orgao_nome="Prefeitura")
    resposta = client_admin.post(f"/acesso/solicitacoes/{sol.pk}/decidir/", {"decisao": "valida"})
    assert resposta.status_code == 200
    assert "Escolha o repositório de estruturas" in resposta.content.decode()


def test_evaluator_corrects_siorg_unit_picking_from_search(client_admin, ministerio):
    sol = SolicitacaoFactory(unidade=ministerio.filhas.get())
    pagina = client_admin.get(f"/acesso/solicitacoes/{sol.pk}/corrigir/", {"busca": "gestao"}).content.decode()
    assert f"ID {ministerio.pk}" in pagina
    resposta = client_admin.post(f"/acesso/solicitacoes/{sol.pk}/corrigir/", {
        "executivo_federal": "sim", "unidade": ministerio.pk, "gestor_tecnologico": sol.gestor_tecnologico_id,
        "sistema_de_governo": sol.sistema_de_governo_id,
    })
    assert resposta.status_code == 302
    sol.refresh_from_db()
    assert sol.unidade == ministerio


def test_evaluator_sets_repositorio_of_non_siorg_request_then_approves(client_admin, repositorio):
    sol = SolicitacaoFactory(unidade=None, repositorio=None, executivo_federal=False, orgao_nome="Câmara de X",
                             orgao_sigla="CMX")
    client_admin.post(f"/acesso/solicitacoes/{sol.pk}/corrigir/", {
        "executivo_federal": "nao", "repositorio": repositorio.pk, "orgao_nome": "Câmara Municipal de X",
        "orgao_sigla": "CMX", "gestor_tecnologico": sol.gestor_tecnologico_id,
        "sistema_de_governo": sol.sistema_de_governo_id,
    })
    client_admin.post(f"/acesso/solicitacoes/{sol.pk}/decidir/", {"decisao": "valida"})
    sol.refresh_from_db()
    assert sol.status == Status.APROVADA
    assert sol.comite.unidade.repositorio == repositorio and sol.comite.unidade.nome == "Câmara Municipal de X"


def test_decision_form_of_a_non_siorg_request_asks_for_the_repositorio_before_saving(client_admin, repositorio,
                                                                                      siorg):
    from tests.factories.estrutura import RepositorioFactory

    inativo = RepositorioFactory(nome="Repositório Desativado", ativo=False)
    sol = SolicitacaoFactory(unidade=None, repositorio=None, executivo_federal=False, orgao_nome="Câmara de Y")
    conteudo = client_admin.get(f"/acesso/solicitacoes/{sol.pk}/").content.decode()
    decisao = conteudo.split(f'action="/acesso/solicitacoes/{sol.pk}/decidir/"')[1].split("</form>")[0]
    assert 'name="repositorio"' in decisao and "Obrigatório para aprovar" in decisao
    assert f'value="{repositorio.pk}"' in decisao
    assert f'value="{siorg.pk}"' not in decisao and f'value="{inativo.pk}"' not in decisao
    assert decisao.index('name="repositorio"') < decisao.index(">Salvar<")


def test_decision_form_of_a_siorg_request_has_no_repositorio_field(client_admin, ministerio):
    sol = SolicitacaoFactory(unidade=ministerio)
    conteudo = client_admin.get(f"/acesso/solicitacoes/{sol.pk}/").content.decode()
    assert 'name="repositorio"' not in conteudo


def test_approving_a_non_siorg_request_with_the_repositorio_chosen_in_the_decision_form(
    client_admin, repositorio, django_capture_on_commit_callbacks
):
    from portal.models import RegistroDeAuditoria

    sol = SolicitacaoFactory(unidade=None, repositorio=None, executivo_federal=False, orgao_nome="Câmara de Z",
                             orgao_sigla="CMZ")
    with django_capture_on_commit_callbacks(execute=True):
        resposta = client_admin.post(f"/acesso/solicitacoes/{sol.pk}/decidir/",
                                     {"decisao": "valida", "repositorio": repositorio.pk})
    assert resposta.status_code == 302
    sol.refresh_from_db()
    assert sol.status == Status.APROVADA and sol.repositorio == repositorio
    assert sol.comite.unidade.repositorio == repositorio and sol.comite.unidade.nome == "Câmara de Z"
    registro = RegistroDeAuditoria.objects.get(acao="solicitacao_acesso.aprovada")
    assert registro.antes["repositorio_id"] is None and registro.depois["repositorio_id"] == repositorio.pk


def test_approving_without_the_repositorio_is_refused_on_the_field_and_changes_nothing(client_admin, repositorio):
    from estrutura.models import Unidade

    sol = SolicitacaoFactory(unidade=None, repositorio=None, executivo_federal=False, orgao_nome="Câmara de W")
    unidades = Unidade.objects.count()
    resposta = client_admin.post(f"/acesso/solicitacoes/{sol.pk}/decidir/", {"decisao": "valida"})
    conteudo = resposta.content.decode()
    assert resposta.status_code == 200
    assert 'id="id_repositorio_error">Escolha o repositório de estruturas em que o órgão será cadastrado.' in conteudo
    sol.refresh_from_db()
    assert sol.status == Status.PENDENTE and sol.repositorio is None and Unidade.objects.count() == unidades


def test_refusing_a_non_siorg_request_needs_no_repositorio(client_admin, repositorio):
    sol = SolicitacaoFactory(unidade=None, repositorio=None, executivo_federal=False, orgao_nome="Câmara de V")
    resposta = client_admin.post(f"/acesso/solicitacoes/{sol.pk}/decidir/",
                                 {"decisao": "invalida", "motivo": "nao_habilitado"})
    assert resposta.status_code == 302
    sol.refresh_from_db()
    assert sol.status == Status.RECUSADA and sol.repositorio is None


# --- comitê list and page --------------------------------------------------------------------------


def test_gestor_lands_on_a_list_with_only_their_comites(client_gestor, comite, outro_comite):
    conteudo = client_gestor.get("/comites/").content.decode()
    assert comite.unidade.nome in conteudo and outro_comite.unidade.nome not in conteudo
    assert f"/comites/{comite.pk}/gestores/" in conteudo
    assert "Inativar" not in conteudo


def test_admin_comite_list_filters_by_orgao_and_gestor_cpf(client_admin, comite, outro_comite):
    pessoa = PessoaFactory(cpf="52998224725")
    GestorFactory(comite=outro_comite, pessoa=pessoa)
    conteudo = client_admin.get("/comites/").content.decode()
    assert comite.unidade.nome in conteudo and outro_comite.unidade.nome in conteudo and "Inativar" in conteudo
    por_cpf = client_admin.get("/comites/", {"cpf_gestor": "529.982.247-25"}).content.decode()
    assert outro_comite.unidade.nome in por_cpf and comite.unidade.nome not in por_cpf
    por_orgao = client_admin.get("/comites/", {"orgao": comite.unidade.sigla}).content.decode()
    assert comite.unidade.nome in por_orgao and outro_comite.unidade.nome not in por_orgao


def test_supervisor_comite_list_is_limited_to_their_repositorios(client, supervisor, comite, outro_comite):
    entrar(client, supervisor)
    conteudo = client.get("/comites/").content.decode()
    assert comite.unidade.nome in conteudo and outro_comite.unidade.nome not in conteudo


def test_gestor_of_other_comite_gets_404_on_every_comite_page(client_outro_gestor, comite, gestor):
    g = Gestor.objects.get(comite=comite)
    for url in (f"/comites/{comite.pk}/", f"/comites/{comite.pk}/gestores/",
                f"/comites/{comite.pk}/gestores/adicionar/",
                f"/comites/{comite.pk}/gestores/{g.pk}/", f"/comites/{comite.pk}/gestores/{g.pk}/remover/",
                f"/comites/{comite.pk}/inativar/", f"/comites/{comite.pk}/excluir/"):
        assert client_outro_gestor.get(url).status_code == 404, url
    assert client_outro_gestor.post(f"/comites/{comite.pk}/gestores/{g.pk}/remover/").status_code == 404
    assert client_outro_gestor.post(f"/comites/{comite.pk}/implantado/").status_code == 404
    assert Gestor.objects.get(pk=g.pk).ativo


def test_gestor_id_of_another_comite_under_own_comite_url_is_404(client_gestor, comite, outro_comite):
    alheio = GestorFactory(comite=outro_comite)
    assert client_gestor.get(f"/comites/{comite.pk}/gestores/{alheio.pk}/").status_code == 404
    assert client_gestor.post(f"/comites/{comite.pk}/gestores/{alheio.pk}/remover/").status_code == 404


def test_gestor_cannot_inactivate_own_comite(client_gestor, comite):
    assert client_gestor.post(f"/comites/{comite.pk}/inativar/").status_code == 403
    comite.refresh_from_db()
    assert comite.ativo


def test_admin_inactivates_then_deletion_is_blocked_by_linked_system(client_admin, comite):
    client_admin.post(f"/comites/{comite.pk}/inativar/")
    comite.refresh_from_db()
    assert not comite.ativo
    VinculoSistemaComite.objects.create(sistema=SistemaFactory(), comite=comite)
    resposta = client_admin.post(f"/comites/{comite.pk}/excluir/", follow=True)
    assert "Não é possível excluir Órgão/Entidade com sistema de processo eletrônico vinculado" in \
        resposta.content.decode()
    assert Comite.objects.filter(pk=comite.pk).exists()


def test_comite_page_shows_checklist_and_admin_marks_production_orgao_implantado(client_admin, fonte_de_tramites):
    comite = ComiteFactory(ambiente=Ambiente.PRODUCAO)
    fonte_de_tramites[comite.pk] = homologacao_completa("producao")
    conteudo = client_admin.get(f"/comites/{comite.pk}/").content.decode()
    assert "Todos os requisitos cumpridos" in conteudo and "IDT: 103" in conteudo
    assert "Marcar como implantado" in conteudo
    client_admin.post(f"/comites/{comite.pk}/implantado/", {"justificativa": ""})
    comite.refresh_from_db()
    assert comite.implantacao == Comite.Implantacao.IMPLANTADO


def test_gestor_sees_checklist_but_cannot_mark_implantado(client, fonte_de_tramites):
    comite = ComiteFactory(ambiente=Ambiente.PRODUCAO)
    gestor = GestorFactory(comite=comite).pessoa
    entrar(client, gestor)
    conteudo = client.get(f"/comites/{comite.pk}/").content.decode()
    assert "0 de 3 requisitos cumpridos" in conteudo and "Marcar como implantado" not in conteudo
    assert client.post(f"/comites/{comite.pk}/implantado/", {"justificativa": "x"}).status_code == 403


# --- gestores --------------------------------------------------------------------------------------


def test_gestores_screen_masks_cpf_of_others_and_shows_own(client, comite, gestor):
    outro = GestorFactory(comite=comite, pessoa=PessoaFactory(cpf="52998224725")).pessoa
    entrar(client, gestor)
    conteudo = client.get(f"/comites/{comite.pk}/gestores/").content.decode()
    assert "***.982.247-**" in conteudo and "529.982.247-25" not in conteudo
    assert gestor.cpf_formatado in conteudo
    cabecalho = re.sub(r"\s+", " ", conteudo.split("<thead>")[1].split("</thead>")[0])
    for coluna in ("Nome", "CPF", "E-mail", "E-mail da Unidade", "Telefone", "Celular"):
        assert re.search(rf">\s?{coluna}\s?<", cabecalho), coluna
    assert outro.email in conteudo


def test_admin_sees_full_cpf_of_gestores(client_admin, comite):
    GestorFactory(comite=comite, pessoa=PessoaFactory(cpf="52998224725"))
    assert "529.982.247-25" in client_admin.get(f"/comites/{comite.pk}/gestores/").content.decode()


def test_gestor_adds_found_person_after_confirming(client_gestor, comite, django_capture_on_commit_callbacks):
    pessoa = PessoaFactory(cpf="52998224725", nome="Pedro Encontrado", email_unidade="")
    url = f"/comites/{comite.pk}/gestores/adicionar/"
    pagina = client_gestor.post(url, {"cpf": "529.982.247-25", "etapa": "buscar"}).content.decode()
    assert "Pessoa encontrada" in pagina and "Pedro Encontrado" in pagina
    with django_capture_on_commit_callbacks(execute=True):
        resposta = client_gestor.post(url, {"cpf": "52998224725", "etapa": "adicionar"})
    assert resposta.status_code == 302
    assert Gestor.objects.get(comite=comite, pessoa=pessoa).ativo
    assert [m.to for m in mail.outbox] == [[pessoa.email]]


def test_gestor_registers_a_person_not_found(client_gestor, comite):
    url = f"/comites/{comite.pk}/gestores/adicionar/"
    pagina = client_gestor.post(url, {"cpf": "529.982.247-25", "etapa": "buscar"}).content.decode()
    assert "Pessoa não encontrada" in pagina
    resposta = client_gestor.post(url, {
        "cpf": "529.982.247-25", "etapa": "cadastrar", "nome": "Nova Pessoa", "email": "nova@orgao.gov.br",
        "email_confirmacao": "nova@orgao.gov.br", "email_unidade": "p@orgao.gov.br",
        "email_unidade_confirmacao": "p@orgao.gov.br", "telefone": "", "celular": "",
    })
    assert resposta.status_code == 302
    assert Gestor.objects.get(comite=comite, pessoa__cpf="52998224725").pessoa.nome == "Nova Pessoa"


def test_adding_with_invalid_cpf_or_mismatched_email_saves_nothing(client_gestor, comite):
    url = f"/comites/{comite.pk}/gestores/adicionar/"
    pagina = client_gestor.post(url, {"cpf": "123", "etapa": "buscar"}).content.decode()
    assert "CPF inválido" in pagina
    resposta = client_gestor.post(url, {
        "cpf": "529.982.247-25", "etapa": "cadastrar", "nome": "Nova", "email": "a@orgao.gov.br",
        "email_confirmacao": "b@orgao.gov.br", "email_unidade": "p@orgao.gov.br",
        "email_unidade_confirmacao": "p@orgao.gov.br",
    })
    assert resposta.status_code == 200 and "A confirmação não confere" in resposta.content.decode()
    assert Gestor.objects.filter(comite=comite).count() == 1


def test_removing_the_last_gestor_is_refused_with_explanation(client_gestor, comite, gestor):
    unico = Gestor.objects.get(comite=comite)
    pagina = client_gestor.get(f"/comites/{comite.pk}/gestores/{unico.pk}/remover/").content.decode()
    assert "não pode ficar sem gestor de protocolo" in pagina
    resposta = client_gestor.post(f"/comites/{comite.pk}/gestores/{unico.pk}/remover/", follow=True)
    assert "não pode ficar sem gestor de protocolo ativo" in resposta.content.decode()
    unico.refresh_from_db()
    assert unico.ativo


def test_gestor_removes_another_gestor(client_gestor, comite):
    outro = GestorFactory(comite=comite)
    client_gestor.post(f"/comites/{comite.pk}/gestores/{outro.pk}/remover/")
    outro.refresh_from_db()
    assert not outro.ativo


def test_menu_shows_each_profile_its_entries(client, gestor, admin):
    entrar(client, gestor)
    conteudo = client.get("/principal/").content.decode()
    assert "Gestão do Tramita.GOV.BR" in conteudo and "Gerenciar Acesso ao Tramita.GOV.BR" not in conteudo
    entrar(client, admin)
    conteudo = client.get("/principal/").content.decode()
    assert "Gestão do Tramita.GOV.BR" in conteudo and "Gerenciar Acesso ao Tramita.GOV.BR" in conteudo


def test_analysis_screen_warns_when_orgao_already_has_an_active_comite(client_admin, ministerio):
    comite = ComiteFactory(unidade=ministerio)
    outra = SolicitacaoFactory(unidade=ministerio)
    sol = SolicitacaoFactory(unidade=ministerio)
    conteudo = client_admin.get(f"/acesso/solicitacoes/{sol.pk}/").content.decode()
    assert "já tem comitê ativo neste ambiente" in conteudo and f"/comites/{comite.pk}/" in conteudo
    assert outra.protocolo in conteudo
    producao = SolicitacaoFactory(unidade=ministerio, ambiente=Ambiente.PRODUCAO)
    conteudo = client_admin.get(f"/acesso/solicitacoes/{producao.pk}/").content.decode()
    assert "já tem comitê ativo neste ambiente" not in conteudo
