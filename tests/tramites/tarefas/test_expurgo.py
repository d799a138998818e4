"""Purge of component binaries (``tramites.services.expurgo``): terminal trâmites past their retention only;
metadata and hashes stay; a content shared with a trâmite that still needs it stays."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from portal.models import RegistroDeAuditoria
from tests.factories.tramites import enviar, hash_de, levar_a
from tests.tramites.tarefas.conftest import envelhecer
from tramites import state_machine as sm
from tramites.armazenamento import Armazem
from tramites.models import ComponenteDigital
from tramites.services import expurgo
from tramites.tarefas.expurgo import expurgar_binarios

S = sm.Status
CONCLUIDOS, CANCELADOS = 14, 7  # the Parâmetros' defaults

pytestmark = pytest.mark.django_db


@pytest.fixture
def armazem(tmp_path):
    return Armazem(FileSystemStorage(location=tmp_path))


def _com_arquivo(armazem, orgao_a, orgao_b, status, dias, conteudo: bytes):
    """A trâmite walked to ``status`` ``dias`` days ago, whose one component's bytes are stored."""
    hash_ = hash_de(conteudo)
    tramite = enviar(orgao_a, orgao_b, documentos=[{
        "ordem": 1, "descricao": "Documento", "especie_nome_no_produtor": "Despacho",
        "componentes": [{"ordem": 1, "nome": "doc.pdf", "hash": hash_, "tamanho": len(conteudo),
                         "mime_type": "application/pdf", "tipo_de_conteudo": "txt"}],
    }])
    nome = Armazem.nome_do_componente(hash_)
    if not armazem.existe(nome):
        armazem.storage.save(nome, ContentFile(conteudo))
    ComponenteDigital.objects.filter(tramite=tramite).update(caminho=nome, recebido=True, verificado=True)
    levar_a(tramite, status, orgao_a, orgao_b)
    envelhecer(tramite, dias)
    return tramite, nome


def _componente(tramite):
    return ComponenteDigital.objects.get(tramite=tramite)


def test_apaga_os_binarios_de_encerrados_apos_o_prazo_e_mantem_metadados_e_hash(armazem, orgao_a, orgao_b):
    casos = [(S.RECIBO_RECEBIDO_REMETENTE, CONCLUIDOS + 1), (S.CIENCIA_RECUSA, CONCLUIDOS + 1),
             (S.CANCELADO, CANCELADOS + 1), (S.CANCELADO_AUTOMATICAMENTE, CANCELADOS + 1)]
    criados = [_com_arquivo(armazem, orgao_a, orgao_b, s, d, f"conteúdo {s}".encode()) for s, d in casos]

    resultado = expurgo.expurgar(armazem=armazem)

    assert (resultado.componentes, resultado.arquivos, resultado.poupados) == (4, 4, 0)
    for (status, _dias), (tramite, nome) in zip(casos, criados, strict=True):
        assert not armazem.existe(nome)
        componente = _componente(tramite)
        assert componente.expurgado_em is not None
        conteudo = f"conteúdo {status}".encode()
        assert (componente.nome, componente.hash, componente.tamanho) == ("doc.pdf", hash_de(conteudo), len(conteudo))
        assert componente.caminho == nome
    registro = RegistroDeAuditoria.objects.get(acao="tramite.binarios_expurgados")
    assert registro.depois["arquivos"] == 4 and registro.usuario_id is None


def test_poupa_os_encerrados_ainda_dentro_do_prazo(armazem, orgao_a, orgao_b):
    criados = [
        _com_arquivo(armazem, orgao_a, orgao_b, S.RECIBO_RECEBIDO_REMETENTE, CONCLUIDOS - 1, b"concluido recente"),
        _com_arquivo(armazem, orgao_a, orgao_b, S.CANCELADO, CANCELADOS - 1, b"cancelado recente"),
        # 10 days: past the cancelled retention (7), not the concluded one (14)
        _com_arquivo(armazem, orgao_a, orgao_b, S.CIENCIA_RECUSA, CANCELADOS + 3, b"recusado com 10 dias"),
    ]
    assert expurgo.expurgar(armazem=armazem).componentes == 0
    for tramite, nome in criados:
        assert armazem.existe(nome)
        assert _componente(tramite).expurgado_em is None


def test_nunca_apaga_binarios_de_tramite_nao_terminal(armazem, orgao_a, orgao_b):
    abertos = [_com_arquivo(armazem, orgao_a, orgao_b, s, 365, f"aberto {s}".encode()) for s in sorted(sm.ABERTOS)]
    assert len(abertos) == 6
    assert expurgo.expurgar(armazem=armazem).componentes == 0
    for tramite, nome in abertos:
        assert armazem.existe(nome)
        assert _componente(tramite).expurgado_em is None


def test_binario_compartilhado_com_tramite_vivo_de_outro_nre_fica(armazem, orgao_a, orgao_b, orgao_c):
    conteudo = b"o mesmo anexo em dois processos"
    antigo, nome = _com_arquivo(armazem, orgao_a, orgao_b, S.RECIBO_RECEBIDO_REMETENTE, 60, conteudo)
    vivo, mesmo_nome = _com_arquivo(armazem, orgao_c, orgao_b, S.COMPONENTES_RECEBIDOS_DESTINATARIO, 1, conteudo)
    assert nome == mesmo_nome and antigo.nre != vivo.nre

    resultado = expurgo.expurgar(armazem=armazem)

    assert (resultado.componentes, resultado.arquivos, resultado.poupados) == (0, 0, 1)
    assert armazem.existe(nome)
    assert _componente(antigo).expurgado_em is None  # not marked: its bytes are still there


def test_binario_compartilhado_com_encerrado_ainda_no_prazo_fica_e_sai_quando_ambos_vencem(
        armazem, orgao_a, orgao_b):
    conteudo = b"anexo repetido"
    antigo, nome = _com_arquivo(armazem, orgao_a, orgao_b, S.CANCELADO, 30, conteudo)
    recente, _ = _com_arquivo(armazem, orgao_a, orgao_b, S.RECIBO_RECEBIDO_REMETENTE, 2, conteudo)
    assert expurgo.expurgar(armazem=armazem).arquivos == 0
    assert armazem.existe(nome)

    envelhecer(recente, CONCLUIDOS + 1)
    resultado = expurgo.expurgar(armazem=armazem)
    assert (resultado.componentes, resultado.arquivos) == (2, 1)
    assert not armazem.existe(nome)
    assert all(_componente(t).expurgado_em is not None for t in (antigo, recente))


def test_segunda_execucao_nao_faz_nada(armazem, orgao_a, orgao_b):
    tramite, _ = _com_arquivo(armazem, orgao_a, orgao_b, S.CANCELADO, 30, b"uma vez")
    assert expurgo.expurgar(armazem=armazem).componentes == 1
    marcado = _componente(tramite).expurgado_em
    assert expurgo.expurgar(armazem=armazem) == expurgo.Resultado(0, 0, 0)
    assert _componente(tramite).expurgado_em == marcado
    assert RegistroDeAuditoria.objects.filter(acao="tramite.binarios_expurgados").count() == 1


def test_tarefa_expurga_no_armazenamento_de_componentes(settings, tmp_path, orgao_a, orgao_b):
    settings.STORAGES = {**settings.STORAGES, "componentes": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    armazem = Armazem()
    assert armazem.storage.location == str(tmp_path)
    _tramite, nome = _com_arquivo(armazem, orgao_a, orgao_b, S.CANCELADO_AUTOMATICAMENTE, 30, b"pela tarefa")
    assert expurgar_binarios.apply().get() == {"componentes": 1, "arquivos": 1, "poupados": 0}
    assert not armazem.existe(nome)
