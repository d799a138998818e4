"""Structure drift (spec §7.7, §14): units inactivated while still mapped are recorded per comitê, announced
by one e-mail per sync per comitê, listed on the comitê's page, unmapped on request, and resolved by
themselves when the unit comes back or loses its mappings elsewhere."""

import pytest
from django.core import mail
from django.urls import reverse

from comites import tasks
from comites.deriva import services as deriva
from comites.deriva.models import PendenciaDeEstrutura
from comites.mapeamento import centralizadoras, services
from estrutura.models import ExecucaoDeImportacao, ModoDeTramitacao, Unidade
from estrutura.services import siorg, unidades
from portal.models import RegistroDeAuditoria
from tests.conftest import entrar
from tests.factories.comites import ComiteFactory, GestorFactory, SistemaFactory
from tests.factories.estrutura import (
    RepositorioSiorgFactory,
    UnidadeFactory,
    arquivo,
    estrutura_basica,
    json_siorg,
    unidade_siorg,
)

pytestmark = pytest.mark.django_db

ER, SE, SR = (m.value for m in ModoDeTramitacao)
Resolucao = PendenciaDeEstrutura.Resolucao


def _sincronizar(registros, captura):
    with captura(execute=True):
        return siorg.importar([("siorg.json", arquivo(json_siorg(registros)))],
                              origem=ExecucaoDeImportacao.Origem.AGENDADA, completa=True)


def _estrutura():
    """2981 MP (comitê A) › 3001 SEGES › 3002 CGPRO, 3001 › 3003 DIARQ; 2981 › 86144 ANAC (comitê B)."""
    return [*estrutura_basica(), unidade_siorg(3003, 3001, "Divisão de Arquivo", "DIARQ", orgao=2981)]


@pytest.fixture
def mundo(django_capture_on_commit_callbacks):
    RepositorioSiorgFactory()
    _sincronizar(_estrutura(), django_capture_on_commit_callbacks)
    u = {int(c): pk for c, pk in Unidade.objects.values_list("siorg_codigo", "pk")}
    a = ComiteFactory(unidade=Unidade.objects.get(pk=u[2981]))
    b = ComiteFactory(unidade=Unidade.objects.get(pk=u[86144]))
    gestores_a = [GestorFactory(comite=a).pessoa, GestorFactory(comite=a).pessoa]
    gestor_b = GestorFactory(comite=b).pessoa
    sei_a = SistemaFactory(orgao_responsavel=a, nome="MP - SEI")
    sei_b = SistemaFactory(orgao_responsavel=b, nome="ANAC - SEI")
    services.salvar_mapeamento(a, sei_a, {u[3001], u[3002]}, {u[3001]: ER, u[3002]: SE})
    services.salvar_mapeamento(b, sei_b, {u[86144]}, {u[86144]: SR})
    mail.outbox.clear()
    return {"u": u, "a": a, "b": b, "gestores_a": gestores_a, "gestor_b": gestor_b, "sei_a": sei_a}


def _abertas(comite):
    return {p.unidade.siorg_codigo: p for p in PendenciaDeEstrutura.objects.filter(
        comite=comite, resolvida_em__isnull=True).select_related("unidade")}


def test_sync_records_mapped_inactivated_units_per_comite_and_sends_one_email_per_comite(
        mundo, django_capture_on_commit_callbacks):
    presentes = [r for r in _estrutura() if r["codigoUnidade"].rsplit("/", 1)[1] in ("26", "2981")]
    execucao = _sincronizar(presentes, django_capture_on_commit_callbacks)

    abertas_a, abertas_b = _abertas(mundo["a"]), _abertas(mundo["b"])
    assert set(abertas_a) == {"3001", "3002"}  # 3003 was inactivated too, but it was never mapped
    assert set(abertas_b) == {"86144"}  # the nested órgão's unit belongs to its own comitê
    cgpro = abertas_a["3002"]
    assert (cgpro.sistema, cgpro.modo, cgpro.motivo, cgpro.execucao_id) == (mundo["sei_a"], SE, "siorg",
                                                                              execucao.pk)
    assert len(mail.outbox) == 2  # one per comitê, not one per unit
    para_a = next(m for m in mail.outbox if "Ministério do Planejamento" in m.subject)
    assert sorted(para_a.to) == sorted(p.email_unidade for p in mundo["gestores_a"])
    assert "2 unidade(s) inativada(s)" in para_a.subject
    assert "Secretaria de Gestão - SEGES" in para_a.body and "Coordenação-Geral de Protocolo" in para_a.body
    assert "Somente Enviar" in para_a.body and f"execução nº {execucao.pk}" in para_a.body
    assert f"/comites/{mundo['a'].pk}/#unidades-inativadas" in para_a.body
    para_b = next(m for m in mail.outbox if m is not para_a)
    assert para_b.to == [mundo["gestor_b"].email_unidade] and "Agência Nacional" in para_b.body
    assert RegistroDeAuditoria.objects.filter(acao="comites.deriva.detectada").count() == 2


def test_a_sync_that_inactivates_only_unmapped_units_records_nothing_and_sends_no_email(
        mundo, django_capture_on_commit_callbacks):
    sem_diarq = [r for r in _estrutura() if not r["codigoUnidade"].endswith("/3003")]
    execucao = _sincronizar(sem_diarq, django_capture_on_commit_callbacks)

    assert execucao.inativadas == 1
    assert not PendenciaDeEstrutura.objects.exists()
    assert mail.outbox == []


def test_a_unit_already_listed_is_not_recorded_nor_announced_again(mundo, django_capture_on_commit_callbacks):
    Unidade.objects.filter(pk=mundo["u"][3002]).update(ativo=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert deriva.registrar([mundo["u"][3002]], "siorg") == {mundo["a"].pk: 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert deriva.registrar([mundo["u"][3002]], "siorg") == {}

    assert PendenciaDeEstrutura.objects.count() == 1
    assert len(mail.outbox) == 1


def test_centralizadora_and_covered_units_are_recorded_with_what_they_took_part_in(
        mundo, django_capture_on_commit_callbacks):
    a, u = mundo["a"], mundo["u"]
    services.salvar_mapeamento(a, mundo["sei_a"], {u[3002]}, {u[3002]: ER})
    centralizadoras.definir(a, {u[3001]})
    centralizadoras.salvar_atendidas(a, Unidade.objects.get(pk=u[3001]), {u[3003]}, {u[3003]})
    sem_seges = [r for r in _estrutura() if r["codigoUnidade"].rsplit("/", 1)[1] in ("26", "2981", "86144")]

    _sincronizar(sem_seges, django_capture_on_commit_callbacks)

    abertas = _abertas(a)
    assert abertas["3001"].era_centralizadora and abertas["3001"].atendidas == 1
    assert abertas["3003"].centralizadora_id == u[3001] and abertas["3003"].sistema is None
    assert "centralizadora de 1 unidade(s)" in deriva.afetado(abertas["3001"])
    assert len(mail.outbox) == 1


def test_a_broker_failure_does_not_lose_the_drift(mundo, monkeypatch, django_capture_on_commit_callbacks):
    def fila_fora(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.registrar_deriva_de_estrutura, "delay", fila_fora)
    presentes = [r for r in _estrutura() if not r["codigoUnidade"].endswith("/3002")]

    execucao = _sincronizar(presentes, django_capture_on_commit_callbacks)

    assert execucao.situacao == ExecucaoDeImportacao.Situacao.SUCESSO
    assert set(_abertas(mundo["a"])) == {"3002"}


# --- Auto-resolution ------------------------------------------------------------------------------------


def test_an_entry_resolves_itself_when_a_later_sync_reactivates_the_unit(mundo, django_capture_on_commit_callbacks):
    _sincronizar([r for r in _estrutura() if not r["codigoUnidade"].endswith("/3002")],
                 django_capture_on_commit_callbacks)
    pendencia = _abertas(mundo["a"])["3002"]

    _sincronizar(_estrutura(), django_capture_on_commit_callbacks)

    pendencia.refresh_from_db()
    assert pendencia.resolucao == Resolucao.REATIVADA and pendencia.resolvida_em is not None
    assert RegistroDeAuditoria.objects.filter(acao="comites.deriva.resolvida", comite_id=mundo["a"].pk).exists()


def test_an_entry_resolves_itself_when_the_unit_is_unmapped_on_the_units_screen(
        mundo, django_capture_on_commit_callbacks):
    _sincronizar([r for r in _estrutura() if not r["codigoUnidade"].endswith("/3002")],
                 django_capture_on_commit_callbacks)
    pendencia = _abertas(mundo["a"])["3002"]

    services.salvar_mapeamento(mundo["a"], mundo["sei_a"], {mundo["u"][3002]}, {})

    pendencia.refresh_from_db()
    assert pendencia.resolucao == Resolucao.SEM_VINCULO


def test_an_entry_stays_open_while_the_unit_keeps_another_mapping(mundo, django_capture_on_commit_callbacks):
    a, u = mundo["a"], mundo["u"]
    centralizadoras.definir(a, {u[3001]})
    centralizadoras.salvar_atendidas(a, Unidade.objects.get(pk=u[3001]), {u[3002]}, {u[3002]})
    _sincronizar([r for r in _estrutura() if not r["codigoUnidade"].endswith("/3002")],
                 django_capture_on_commit_callbacks)

    services.salvar_mapeamento(a, mundo["sei_a"], {u[3002]}, {})  # still covered by SEGES

    assert "3002" in _abertas(a)
    centralizadoras.salvar_atendidas(a, Unidade.objects.get(pk=u[3001]), {u[3002]}, set())
    assert "3002" not in _abertas(a)


def test_reactivating_a_unit_by_hand_resolves_its_entry(comite, django_capture_on_commit_callbacks):
    unidade, sistema = _unidade_mapeada(comite)
    with django_capture_on_commit_callbacks(execute=True):
        unidades.inativar(unidade)
    pendencia = PendenciaDeEstrutura.objects.get(unidade=unidade)
    assert pendencia.motivo == PendenciaDeEstrutura.Motivo.MANUAL

    with django_capture_on_commit_callbacks(execute=True):
        unidades.reativar(unidade)

    pendencia.refresh_from_db()
    assert pendencia.resolucao == Resolucao.REATIVADA


# --- The comitê's page and the Desvincular action ------------------------------------------------------


def _unidade_mapeada(comite):
    sistema = SistemaFactory(orgao_responsavel=comite, nome="Órgão - SEI")
    unidade = UnidadeFactory(parent=comite.unidade, nome="Divisão Extinta", sigla="DIEX")
    services.salvar_mapeamento(comite, sistema, {unidade.pk}, {unidade.pk: ER})
    return unidade, sistema


@pytest.fixture
def pendencia(comite, gestor, django_capture_on_commit_callbacks):
    unidade, sistema = _unidade_mapeada(comite)
    ativa = UnidadeFactory(parent=comite.unidade, nome="Divisão Nova", sigla="DINOV")
    services.salvar_mapeamento(comite, sistema, {ativa.pk}, {ativa.pk: ER})
    centralizadoras.definir(comite, {unidade.pk})
    centralizadoras.salvar_atendidas(comite, Unidade.objects.get(pk=unidade.pk), {ativa.pk}, {ativa.pk})
    with django_capture_on_commit_callbacks(execute=True):
        unidades.inativar(unidade)
    return PendenciaDeEstrutura.objects.get(unidade=unidade)


def _url(pendencia):
    return reverse("comites:deriva_desvincular", args=[pendencia.comite_id, pendencia.pk])


def test_comite_page_lists_the_unit_with_links_to_remap_it(client_gestor, comite, pendencia):
    html = client_gestor.get(reverse("comites:comite_detalhe", args=[comite.pk])).content.decode()

    assert "Unidades inativadas ainda mapeadas (1)" in html
    assert "Divisão Extinta - DIEX" in html and "centralizadora de 1 unidade(s)" in html
    sistema = pendencia.unidade.sistema
    assert reverse("comites:mapeamento_unidades", args=[comite.pk, sistema.pk]) + "?q=Divis%C3%A3o+Extinta" in html
    assert reverse("comites:centralizadora_unidades", args=[comite.pk, pendencia.unidade_id]) in html
    assert _url(pendencia) in html


def test_the_mapping_screen_prefiltered_by_the_link_shows_the_inactive_unit(client_gestor, comite, pendencia):
    sistema = pendencia.unidade.sistema
    url = reverse("comites:mapeamento_unidades", args=[comite.pk, sistema.pk]) + "?q=Divisão Extinta"

    html = client_gestor.get(url).content.decode()

    assert "Divisão Extinta - DIEX" in html and "Divisão Nova" not in html


def test_desvincular_unmaps_the_inactive_unit_everywhere_and_resolves_the_entry(client_gestor, gestor, comite,
                                                                                 pendencia):
    assert "deixará de" in client_gestor.get(_url(pendencia)).content.decode()

    resposta = client_gestor.post(_url(pendencia))

    assert resposta.status_code == 302
    unidade = Unidade.objects.get(pk=pendencia.unidade_id)
    assert (unidade.sistema_id, unidade.eh_centralizadora, unidade.permite_recebimento) == (None, False, False)
    assert not Unidade.objects.filter(unidade_receptora=unidade).exists()
    pendencia.refresh_from_db()
    assert (pendencia.resolucao, pendencia.resolvida_por) == (Resolucao.DESVINCULADA, gestor)
    acoes = set(RegistroDeAuditoria.objects.values_list("acao", flat=True))
    assert {"estrutura.unidades.mapeamento", "estrutura.centralizadora.removida",
            "comites.deriva.desvinculada"} <= acoes
    html = client_gestor.get(reverse("comites:comite_detalhe", args=[comite.pk])).content.decode()
    assert "Unidades inativadas ainda mapeadas" not in html
    assert client_gestor.get(_url(pendencia)).status_code == 404  # resolved: nothing left to act on


def test_gestor_of_another_comite_can_neither_see_nor_act(client_outro_gestor, outro_comite, comite, pendencia):
    assert client_outro_gestor.get(_url(pendencia)).status_code == 404
    assert client_outro_gestor.post(_url(pendencia)).status_code == 404
    alheia = reverse("comites:deriva_desvincular", args=[outro_comite.pk, pendencia.pk])
    assert client_outro_gestor.post(alheia).status_code == 404  # their own comitê, someone else's entry
    assert client_outro_gestor.get(reverse("comites:comite_detalhe", args=[comite.pk])).status_code == 404

    pendencia.refresh_from_db()
    assert pendencia.aberta and Unidade.objects.get(pk=pendencia.unidade_id).sistema_id is not None


def test_a_superuser_without_a_portal_profile_gets_403_and_changes_nothing(client, pendencia):
    from tests.conftest import ativar_mfa
    from tests.factories.portal import PessoaFactory

    entrar(client, ativar_mfa(PessoaFactory(is_staff=True, is_superuser=True)))

    assert client.post(_url(pendencia)).status_code == 403
    pendencia.refresh_from_db()
    assert pendencia.aberta


def test_desvincular_a_reactivated_unit_closes_the_entry_and_keeps_its_mappings(client_gestor, pendencia):
    Unidade.objects.filter(pk=pendencia.unidade_id).update(ativo=True)

    resposta = client_gestor.post(_url(pendencia), follow=True)

    assert "A unidade foi reativada" in resposta.content.decode()
    pendencia.refresh_from_db()
    assert pendencia.resolucao == Resolucao.REATIVADA
    assert Unidade.objects.get(pk=pendencia.unidade_id).sistema_id is not None
