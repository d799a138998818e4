from portal import navigation
from portal.navigation import Item, LinkPublico
from portal.permissions import Acao

LINKS_PUBLICOS = [
    LinkPublico("Consultar processo pelo NUP", "tramites:consulta_nup", ordem=15, destaque=True),
]

ITENS = [
    Item(navigation.ADMINISTRACAO, "Painel de Controle", "tramites:painel", Acao.PAINEL_VER, ordem=5),
]
