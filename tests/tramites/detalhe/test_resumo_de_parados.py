"""The daily digest of stuck trâmites: to the acting órgão's gestores, with guidance, at most once a day."""

import datetime

from django.core import mail
from django.utils import timezone

from estrutura.models import Unidade
from portal.models import Parametro, RegistroDeAuditoria
from tests.factories.tramites import enviar, levar_a
from tramites import state_machine as sm
from tramites.models import ResumoDeParados, Tramite
from tramites.services import resumo_de_parados
from tramites.tarefas.resumo import enviar_resumo_de_parados

S = sm.Status


def _parado(t, dias=5):
    Tramite.objects.filter(pk=t.pk).update(status_desde=timezone.now() - datetime.timedelta(days=dias))
    return t


def _para(pessoa):
    return [m for m in mail.outbox if pessoa.email_unidade in m.to]


def test_each_órgão_gets_the_trâmites_that_wait_for_it(orgao_a, orgao_b, gestor_a, gestor_b):
    no_destino = _parado(levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b))
    na_origem = _parado(levar_a(enviar(orgao_a, orgao_b), S.RECIBO_ENVIADO_DESTINATARIO, orgao_a, orgao_b))
    resultado = enviar_resumo_de_parados.delay().get()
    assert resultado == {"orgaos": 2, "tramites": 2}
    (para_b,), (para_a,) = _para(gestor_b), _para(gestor_a)
    assert f"IDT {no_destino.idt}" in para_b.body and f"IDT {na_origem.idt}" not in para_b.body
    assert f"IDT {na_origem.idt}" in para_a.body and f"IDT {no_destino.idt}" not in para_a.body
    assert S.COMPONENTES_ENVIADOS_REMETENTE.o_que_fazer in para_b.body
    assert "Onde está o processo: Tramita GOV.BR" in para_b.body
    assert f"/painel/tramites/{no_destino.idt}/" in para_b.body
    assert para_b.subject == "1 trâmite(s) parado(s) aguardando Órgão ORGB (ORGB)"
    assert RegistroDeAuditoria.objects.filter(acao="tramite.resumo_de_parados", comite_id=orgao_b.comite.pk).exists()


def test_recent_and_terminal_trâmites_are_not_listed(orgao_a, orgao_b, gestor_a, gestor_b):
    levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)  # 0 days
    _parado(levar_a(enviar(orgao_a, orgao_b), S.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_b), dias=30)
    _parado(levar_a(enviar(orgao_a, orgao_b), S.CANCELADO, orgao_a, orgao_b), dias=30)
    assert resumo_de_parados.enviar() == resumo_de_parados.Resultado(0, 0)
    assert mail.outbox == []


def test_at_most_one_digest_per_órgão_per_day(orgao_a, orgao_b, gestor_b):
    _parado(levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b))
    agora = timezone.now()
    assert resumo_de_parados.enviar(agora).orgaos == 1
    assert resumo_de_parados.enviar(agora + datetime.timedelta(hours=1)).orgaos == 0
    assert len(mail.outbox) == 1 and ResumoDeParados.objects.count() == 1
    assert resumo_de_parados.enviar(agora + datetime.timedelta(days=1)).orgaos == 1  # the next day, again
    assert len(mail.outbox) == 2


def test_the_threshold_is_the_parameter(orgao_a, orgao_b, gestor_b):
    _parado(levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b), dias=5)
    Parametro.objects.filter(chave="dias_tramite_parado").update(valor="10")
    from django.core.cache import cache

    cache.clear()
    assert resumo_de_parados.enviar().orgaos == 0


def test_the_email_template_is_a_parameter(orgao_a, orgao_b, gestor_b):
    _parado(levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b))
    Parametro.objects.filter(chave="email_tramites_parados_assunto").update(valor="Parados: {{ quantidade }}")
    from django.core.cache import cache

    cache.clear()
    resumo_de_parados.enviar()
    assert mail.outbox[0].subject == "Parados: 1"


def test_refused_trâmite_blocked_by_an_inactivated_origin_unit_is_called_out(orgao_a, orgao_b, gestor_a):
    t = _parado(levar_a(enviar(orgao_a, orgao_b), S.RECUSADO, orgao_a, orgao_b))
    Unidade.objects.filter(pk=orgao_a.protocolo.pk).update(ativo=False, origem=Unidade.Origem.SIORG)
    resumo_de_parados.enviar()
    (email,) = _para(gestor_a)
    assert f"IDT {t.idt}" in email.body and "Atenção: A unidade de origem" in email.body
    assert "inativada por atualização do SIORG" in email.body


def test_the_digest_reads_the_stuck_trâmites_in_a_constant_number_of_queries(orgao_a, orgao_b, gestor_a, gestor_b,
                                                                             django_assert_max_num_queries):
    for _ in range(6):
        _parado(levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b))
        _parado(levar_a(enviar(orgao_a, orgao_b), S.RECIBO_ENVIADO_DESTINATARIO, orgao_a, orgao_b))
    with django_assert_max_num_queries(20):  # 2 órgãos: reads + per órgão (insert, audit, savepoints)
        assert resumo_de_parados.enviar().tramites == 12
