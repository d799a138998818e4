from portal import navigation
from portal.navigation import Item
from portal.permissions import Acao

ITENS = [
    Item(navigation.ADMINISTRACAO, "Painel de Controle", "tramites:painel", Acao.PAINEL_VER, ordem=5),
]
