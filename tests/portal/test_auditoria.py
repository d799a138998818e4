"""The audit trail: what is recorded, and who may read which records."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import capfirst

from portal.context import atuando_como
from portal.models import RegistroDeAuditoria
from portal.services import auditoria
from tests.conftest import entrar
from tests.factories.comites import ComiteFactory, GestorFactory

pytestmark = pytest.mark.django_db


def _registro(acao, alvo=None, **extra):
    with atuando_como(origem="tarefa"):
        return auditoria.registrar(acao, alvo, **extra)


def test_record_carries_actor_ip_profile_target_and_changes(admin, comite):
    with atuando_como(usuario=admin, origem="web", perfil="Administrador Tramita", ip="10.1.2.3"):
        registro = auditoria.registrar("comite.teste", comite, antes={"ativo": True}, depois={"ativo": False})
    assert registro.usuario == admin
    assert registro.usuario_repr == f"{admin.nome} <{admin.email}>"
    assert registro.ip == "10.1.2.3"
    assert registro.perfil == "Administrador Tramita"
    assert registro.alvo_tipo == "comites.Comite"
    assert registro.alvo_id == str(comite.pk)
    assert registro.comite_id == comite.pk
    assert registro.repositorio_id == comite.unidade.repositorio_id
    assert (registro.antes, registro.depois) == ({"ativo": True}, {"ativo": False})
    assert registro.request_id


def test_diferenca_keeps_only_changed_fields():
    assert auditoria.diferenca({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})


def test_administrator_sees_every_record_and_exports_csv(client_admin, comite, outro_comite):
    _registro("teste.um", comite)
    _registro("teste.dois", outro_comite)
    resposta = client_admin.get(reverse("portal:auditoria"))
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "teste.um" in html and "teste.dois" in html

    exportado = client_admin.get(reverse("portal:auditoria") + "?acao=teste&exportar=csv")
    assert exportado["Content-Type"].startswith("text/csv")
    linhas = list(csv.reader(io.StringIO(exportado.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert linhas[0][:4] == ["Data/hora", "Usuário", "Perfil", "Ação"]
    assert {linha[3] for linha in linhas[1:]} == {"teste.um", "teste.dois"}


def test_gestor_sees_only_records_of_own_comite(client, gestor, comite, outro_comite):
    proprio = _registro("teste.proprio", comite)
    alheio = _registro("teste.alheio", outro_comite)
    _registro("teste.global")
    entrar(client, gestor)
    html = client.get(reverse("portal:auditoria")).content.decode()
    assert "teste.proprio" in html
    assert "teste.alheio" not in html
    assert "teste.global" not in html
    assert client.get(reverse("portal:auditoria_detalhe", args=[proprio.pk])).status_code == 200
    assert client.get(reverse("portal:auditoria_detalhe", args=[alheio.pk])).status_code == 404


def test_gestor_of_other_comite_gets_404_on_record_detail(client_outro_gestor, comite):
    registro = _registro("teste.proprio", comite)
    assert client_outro_gestor.get(reverse("portal:auditoria_detalhe", args=[registro.pk])).status_code == 404


def test_supervisor_sees_records_of_its_repositorios_only(client, supervisor, comite, outro_comite):
    _registro("teste.no_repositorio", comite)
    _registro("teste.fora", outro_comite)
    entrar(client, supervisor)
    html = client.get(reverse("portal:auditoria")).content.decode()
    assert "teste.no_repositorio" in html
    assert "teste.fora" not in html


def test_person_without_profile_gets_403(client, pessoa):
    entrar(client, pessoa)
    assert client.get(reverse("portal:auditoria")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    resposta = client.get(reverse("portal:auditoria"))
    assert resposta.status_code == 302
    assert reverse("account_login") in resposta["Location"]


def test_filters_by_period_action_and_request_id(client_admin, comite):
    alvo = _registro("teste.filtrado", comite)
    _registro("outra.acao", comite)
    url = reverse("portal:auditoria")
    hoje = alvo.momento.astimezone().strftime("%d/%m/%Y")
    html = client_admin.get(url, {"acao": "filtrado", "desde": hoje, "ate": hoje}).content.decode()
    assert "teste.filtrado" in html and "outra.acao" not in html
    html = client_admin.get(url, {"request_id": alvo.request_id}).content.decode()
    assert "teste.filtrado" in html and "outra.acao" not in html
    html = client_admin.get(url, {"desde": "01/01/2001", "ate": "31/12/2001"}).content.decode()
    assert "Nenhum registro encontrado!" in html


def test_invalid_date_filter_shows_error_instead_of_failing(client_admin):
    resposta = client_admin.get(reverse("portal:auditoria"), {"desde": "31/02/2024"})
    assert resposta.status_code == 200
    assert "Informe uma data válida" in resposta.content.decode()


def test_detail_shows_before_and_after(client_admin, comite):
    registro = _registro("teste.alteracao", comite, antes={"nome": "Antigo"}, depois={"nome": "Novo"})
    html = client_admin.get(reverse("portal:auditoria_detalhe", args=[registro.pk])).content.decode()
    assert "Antigo" in html and "Novo" in html


def test_person_managing_two_orgaos_sees_both(client, db):
    vinculo = GestorFactory()
    outro = ComiteFactory()
    GestorFactory(comite=outro, pessoa=vinculo.pessoa)
    _registro("teste.a", vinculo.comite)
    _registro("teste.b", outro)
    entrar(client, vinculo.pessoa)
    html = client.get(reverse("portal:auditoria")).content.decode()
    assert "teste.a" in html and "teste.b" in html
    assert RegistroDeAuditoria.objects.count() >= 2


# --- pages a person can read -------------------------------------------------------------------------


def test_every_action_the_services_write_has_a_pt_br_label():
    """Scans the code for ``registrar("acao", …)`` and checks each name is labelled by its app."""
    import re
    from pathlib import Path

    from portal.auditoria import rotulos

    raiz = Path(__file__).resolve().parents[2]
    escritas = set()
    for app in ("portal", "hipoteses", "estrutura", "comites", "tramites"):
        for arquivo in (raiz / app).rglob("*.py"):
            texto = arquivo.read_text(encoding="utf-8")
            escritas |= set(re.findall(r'registrar\(\s*"([a-z_]+(?:\.[a-z_]+)+)"', texto))
            escritas |= set(re.findall(r'"(estrutura\.repositorio\.[a-z]+)" if', texto))
    assert len(escritas) > 40
    assert sorted(escritas - set(rotulos())) == []
    assert rotulos()["hipotese_legal.criacao"] == "Hipótese legal cadastrada"
    assert rotulos()["gestor_tecnologico.inativacao"] == "Gestor tecnológico inativado"


def test_unlabelled_action_still_reads_as_words():
    from portal.auditoria import rotulo_da_acao

    assert rotulo_da_acao("modulo_novo.algo_feito") == "Modulo novo: algo feito"
    assert rotulo_da_acao("solicitacao_acesso.criada") == "Solicitação de acesso enviada"


def test_list_shows_action_labels_object_names_and_local_time(client_admin, comite):
    import datetime

    from django.utils import timezone

    registro = _registro("comite.inativado", comite, antes={"ativo": True}, depois={"ativo": False})
    RegistroDeAuditoria.objects.filter(pk=registro.pk).update(
        momento=datetime.datetime(2026, 3, 10, 13, 5, tzinfo=datetime.UTC))
    html = client_admin.get(reverse("portal:auditoria")).content.decode()
    assert "Comitê gestor inativado" in html
    assert f"{comite} <small>(Comitê gestor de protocolo)</small>" in html
    assert "comites.Comite" not in html.split("<table")[1]  # no model names in the rows
    assert "10/03/2026 10:05" in html  # 13:05 UTC is 10:05 in Brasília
    assert timezone.get_current_timezone_name() == "America/Sao_Paulo"


def test_action_filter_finds_records_by_their_pt_br_label(client_admin, comite):
    _registro("comite.inativado", comite)
    _registro("gestor.removido", comite)
    html = client_admin.get(reverse("portal:auditoria"), {"acao": "comitê gestor inat"}).content.decode()
    assert "Comitê gestor inativado" in html and "Gestor de protocolo removido" not in html
    tipos = client_admin.get(reverse("portal:auditoria")).content.decode()
    assert '<option value="comites.Comite">Comitê gestor de protocolo</option>' in tipos


def test_detail_reads_as_pt_br_with_names_yes_no_choices_and_local_dates(client_admin, comite, admin):
    from comites.models import SolicitacaoDeAcesso
    from tests.factories.comites import SolicitacaoFactory

    sol = SolicitacaoFactory(unidade=comite.unidade)
    registro = _registro(
        "solicitacao_acesso.aprovada", sol,
        antes={"status": "pendente", "unidade_id": None, "executivo_federal": True, "comite_id": None,
               "avaliado_em": None},
        depois={"status": "aprovada", "unidade_id": comite.unidade_id, "executivo_federal": False,
                "comite_id": comite.pk, "avaliado_em": "2026-03-10T13:05:00+00:00", "repositorio_id": 999999},
    )
    html = client_admin.get(reverse("portal:auditoria_detalhe", args=[registro.pk])).content.decode()
    assert "Solicitação de acesso aprovada" in html and "(código: solicitacao_acesso.aprovada)" in html
    assert f"{sol} <small>(Solicitação de acesso)</small>" in html
    linhas = dict(
        (campo, (antes, depois)) for campo, antes, depois in
        re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>', html)
    )
    rotulo = SolicitacaoDeAcesso._meta.get_field
    assert linhas[capfirst(rotulo("status").verbose_name)] == ("Pendente", "Aprovada")
    assert linhas[capfirst(rotulo("executivo_federal").verbose_name)] == ("Sim", "Não")
    assert linhas[capfirst(rotulo("unidade").verbose_name)] == ("—", escape(str(comite.unidade)))
    assert linhas[capfirst(rotulo("comite").verbose_name)] == ("—", escape(str(comite)))
    assert linhas[capfirst(rotulo("avaliado_em").verbose_name)] == ("—", "10/03/2026 10:05")
    assert linhas[capfirst(rotulo("repositorio").verbose_name)] == ("—", "nº 999999 (não existe mais)")
    assert "True" not in html.split("<table")[1] and "_id" not in html.split("<table")[1]
