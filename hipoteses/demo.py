"""Demo data for ``make run``: the catalogues come from the seed migration; this adds one pending
suggestion of a new hipótese, from a gestor (or any person allowed to suggest) when one exists.

Idempotent: a second run finds the suggestion and does nothing.
"""

from portal import permissions
from portal.context import atuando_como
from portal.models import Pessoa
from portal.permissions import Acao, Perfil

from . import services
from .models import SugestaoDeHipotese

NOME_DEMO = "Sigilo Fiscal de Terceiros (demonstração)"


def _quem_sugere():
    candidatos = [p for p in Pessoa.objects.filter(is_active=True).order_by("pk")
                  if permissions.pode(p, Acao.HIPOTESE_SUGERIR)]
    gestores = [p for p in candidatos if permissions.perfis(p) & {Perfil.GESTOR, Perfil.GESTOR_OUTROS}]
    return (gestores or candidatos or [None])[0]


def carregar() -> None:
    if SugestaoDeHipotese.objects.filter(nome=NOME_DEMO).exists():
        return
    pessoa = _quem_sugere()
    if pessoa is None:
        return
    comites = permissions.escopo_do_usuario(pessoa).comite_ids
    with atuando_como(pessoa, origem="comando"):
        services.sugerir(
            pessoa,
            nome=NOME_DEMO,
            base_legal="Art. 198, caput, da Lei nº 5.172/1966 - CTN",
            descricao="Exemplo para demonstrar a avaliação de novas hipóteses legais pelos administradores.",
            justificativa="Sugestão criada automaticamente pelos dados de demonstração.",
            comite_id=next(iter(comites)) if len(comites) == 1 else None,
        )
