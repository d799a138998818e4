import pytest

from hipoteses import demo
from hipoteses.models import SugestaoDeHipotese

pytestmark = pytest.mark.django_db


def test_demo_does_nothing_when_nobody_may_suggest():
    demo.carregar()
    assert not SugestaoDeHipotese.objects.exists()


def test_demo_adds_one_pending_suggestion_from_a_gestor_once(gestor, admin, comite):
    demo.carregar()
    demo.carregar()
    sugestao = SugestaoDeHipotese.objects.get()
    assert (sugestao.sugerido_por, sugestao.comite_id, sugestao.pendente) == (gestor, comite.pk, True)
