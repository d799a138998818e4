"""comites creates units and people only through their owners' services: one audit name per event."""

import pytest

from comites import services
from portal.models import RegistroDeAuditoria
from tests.factories.comites import SolicitacaoFactory
from tests.factories.estrutura import RepositorioFactory

pytestmark = pytest.mark.django_db

NOMES_ANTIGOS = ("unidade.criada", "pessoa.criada")


def test_approving_a_non_siorg_request_audits_the_new_unit_and_person_with_the_owning_apps_names(admin):
    sol = SolicitacaoFactory(unidade=None, repositorio=RepositorioFactory(), executivo_federal=False,
                             orgao_nome="Prefeitura de Y", orgao_sigla="PMY")

    comite = services.aprovar(sol, admin)

    unidade = RegistroDeAuditoria.objects.get(acao="estrutura.unidade.criada", alvo_id=str(comite.unidade_id))
    assert unidade.depois["nome"] == "Prefeitura de Y" and sol.protocolo in unidade.detalhes
    pessoa = RegistroDeAuditoria.objects.get(acao="pessoa.cadastrada")
    assert pessoa.depois["email"] == sol.email and sol.protocolo in pessoa.detalhes
    assert not RegistroDeAuditoria.objects.filter(acao__in=NOMES_ANTIGOS).exists()


def test_registering_a_new_gestor_audits_the_person_as_pessoa_cadastrada_in_the_comite(comite, gestor):
    dados = {"cpf": "529.982.247-25", "nome": "Carlos Novo", "email": "carlos@orgao.gov.br",
             "email_unidade": "prot@orgao.gov.br", "telefone": "", "celular": ""}

    novo = services.cadastrar_e_adicionar_gestor(comite, dados, gestor)

    registro = RegistroDeAuditoria.objects.get(acao="pessoa.cadastrada", alvo_id=str(novo.pessoa_id))
    assert registro.comite_id == comite.pk and registro.depois["cpf"] == "***.982.247-**"
    assert not RegistroDeAuditoria.objects.filter(acao__in=NOMES_ANTIGOS).exists()
