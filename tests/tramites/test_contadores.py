"""The engine's per-status counters (``ContadorDeSituacao``) always equal the real counts of the trâmites: after
creations, random transitions, refused transitions (rolled back), auto-cancel batches, compaction and a rebuild,
for every side, órgão and SPE (hence every scope the Painel reads them for)."""

import random
from collections import Counter

import pytest

from tests.factories.tramites import enviar, levar_a
from tests.tramites.tarefas.conftest import envelhecer
from tramites import services
from tramites import state_machine as sm
from tramites.models import ContadorDeSituacao, Tramite
from tramites.services import autocancelamento, contadores
from tramites.services.excecoes import ConflitoDeStatus
from tramites.tarefas.contadores import compactar_contadores

S, E, A = sm.Status, sm.Evento, sm.Ator
pytestmark = pytest.mark.django_db


def reais() -> Counter:
    """(dia, lado, comitê, SPE, status) → how many trâmites, counted from the trâmites themselves."""
    saida: Counter = Counter()
    for t in Tramite.objects.all():
        for lado in contadores.lados(t.comite_remetente_id, t.comite_destinatario_id, t.sistema_remetente_id,
                                     t.sistema_destinatario_id):
            saida[(contadores.dia_de(t.criado_em), *lado, t.status)] += 1
    return saida


def contados() -> Counter:
    saida: Counter = Counter()
    for dia, lado, comite, sistema, status, delta in ContadorDeSituacao.objects.values_list(
            "dia", "lado", "comite_id", "sistema_id", "status", "delta"):
        saida[(dia, lado, comite, sistema, status)] += delta
    return +saida  # zero sums dropped


def test_criacao_conta_um_no_status_inicial_de_cada_lado(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    dia = contadores.dia_de(tramite.criado_em)
    assert contados() == Counter({
        (dia, "T", None, None, S.INICIADO.value): 1,
        (dia, "R", orgao_a.comite.pk, orgao_a.sistema.pk, S.INICIADO.value): 1,
        (dia, "D", orgao_b.comite.pk, orgao_b.sistema.pk, S.INICIADO.value): 1,
    })


def test_transicao_tira_do_status_anterior_e_poe_no_novo(orgao_a, orgao_b):
    levar_a(enviar(orgao_a, orgao_b), S.RECUSADO, orgao_a, orgao_b)
    por_status = Counter()
    for (_dia, lado, *_resto, status), n in contados().items():
        if lado == "T":
            por_status[status] += n
    assert por_status == Counter({S.RECUSADO.value: 1}) and contados() == reais()


def test_transicoes_aleatorias_entre_tres_orgaos_batem_com_as_contagens(orgao_a, orgao_b, orgao_c):
    sorteio = random.Random(12)
    orgaos = [orgao_a, orgao_b, orgao_c]
    for _ in range(24):
        de, para = sorteio.sample(orgaos, 2)
        levar_a(enviar(de, para), sorteio.choice(list(S)), de, para)
    assert contados() == reais()
    assert sum(n for (_d, lado, *_r), n in contados().items() if lado == "T") == 24


def test_transicao_recusada_nao_deixa_contador(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    antes = list(ContadorDeSituacao.objects.values_list("pk", flat=True))
    velho = Tramite.objects.get(pk=tramite.pk)
    services.aplicar(tramite, E.COMPONENTES_ARMAZENADOS, services.Agente.barramento())
    with pytest.raises(ConflitoDeStatus):  # read in 1, moved meanwhile: compare-and-set fails, nothing written
        services.aplicar(velho, E.CANCELAMENTO, orgao_a.agente(A.REMETENTE))
    assert ContadorDeSituacao.objects.exclude(pk__in=antes).count() == 6  # the one transition: −1/+1 × 3 sides
    assert contados() == reais()


def test_cancelamento_automatico_em_lotes_conta_cada_cancelado(orgao_a, orgao_b, orgao_c):
    for n, status in enumerate(sorted(sm.AUTOCANCELAVEIS) * 2):
        de, para = (orgao_a, orgao_b) if n % 2 else (orgao_c, orgao_a)
        envelhecer(levar_a(enviar(de, para), status, de, para), 30)
    levar_a(enviar(orgao_b, orgao_c), S.RECIBO_RECEBIDO_REMETENTE, orgao_b, orgao_c)  # not stale: untouched
    resultado = autocancelamento.cancelar_vencidos(lote=3)
    assert resultado.cancelados == 8
    assert contados() == reais()
    cancelados = sum(n for (_d, lado, *_r, status), n in contados().items()
                     if lado == "T" and status == S.CANCELADO_AUTOMATICAMENTE.value)
    assert cancelados == 8


def test_compactacao_reescreve_so_as_combinacoes_tocadas_desde_a_ultima(orgao_a, orgao_b, orgao_c):
    levar_a(enviar(orgao_a, orgao_b), S.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_b)
    contadores.compactar()
    quietas = set(ContadorDeSituacao.objects.filter(lado="R", comite_id=orgao_a.comite.pk)
                  .values_list("pk", flat=True))
    levar_a(enviar(orgao_c, orgao_b), S.RECIBO_ENVIADO_DESTINATARIO, orgao_c, orgao_b)  # B's and C's rows only
    assert contadores.compactar() > 0
    assert set(ContadorDeSituacao.objects.filter(lado="R", comite_id=orgao_a.comite.pk)
               .values_list("pk", flat=True)) == quietas  # A's sent rows were not rewritten
    assert not ContadorDeSituacao.objects.filter(compactada=False).exists()
    assert contados() == reais()


def test_compactacao_deixa_uma_linha_por_combinacao_e_as_mesmas_somas(orgao_a, orgao_b):
    for _ in range(3):
        levar_a(enviar(orgao_a, orgao_b), S.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_b)
    somas, linhas = contados(), ContadorDeSituacao.objects.count()
    removidas = compactar_contadores()["linhas_a_menos"]
    assert removidas > 0 and ContadorDeSituacao.objects.count() == linhas - removidas == len(somas)
    assert contados() == somas == reais()
    assert not ContadorDeSituacao.objects.filter(delta=0).exists()
    assert compactar_contadores()["linhas_a_menos"] == 0  # idempotent


def test_recontar_reconstroi_a_partir_dos_tramites(orgao_a, orgao_b):
    levar_a(enviar(orgao_a, orgao_b), S.RECUSADO, orgao_a, orgao_b)
    levar_a(enviar(orgao_b, orgao_a), S.RECIBO_ENVIADO_DESTINATARIO, orgao_b, orgao_a)
    ContadorDeSituacao.objects.all().delete()
    ContadorDeSituacao.objects.create(dia="2020-01-01", lado="T", status=1, delta=5)  # garbage goes
    assert contadores.recontar() == len(reais())
    assert contados() == reais()


def test_tramite_interno_conta_tambem_no_lado_interno(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    Tramite.objects.filter(pk=tramite.pk).update(comite_destinatario=orgao_a.comite)  # same órgão both sides
    contadores.recontar()
    tramite.refresh_from_db()
    services.aplicar(tramite, E.COMPONENTES_ARMAZENADOS, services.Agente.barramento())
    assert contados() == reais()
    internos = {chave: n for chave, n in contados().items() if chave[1] == "I"}
    assert internos == {(contadores.dia_de(tramite.criado_em), "I", orgao_a.comite.pk, None,
                         S.COMPONENTES_ENVIADOS_REMETENTE.value): 1}



def test_demo_recuada_no_tempo_deixa_os_contadores_iguais_as_contagens():
    from tramites import demo

    demo.carregar()  # sends, walks, then moves each demo trâmite days back
    assert Tramite.objects.exists()
    assert contados() == reais()
