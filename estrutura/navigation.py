from portal.navigation import ADMINISTRACAO, Item, LinkPublico
from portal.permissions import Acao

ITENS = [
    Item(ADMINISTRACAO, "Repositórios de Estrutura", "estrutura:repositorios", Acao.REPOSITORIOS_GERENCIAR, 40),
    Item(ADMINISTRACAO, "Importações de estruturas (SIORG)", "estrutura:importacoes", Acao.ESTRUTURA_IMPORTAR_SIORG,
         41),
]

LINKS_PUBLICOS = [
    LinkPublico("Consultar Unidades Administrativas", "estrutura:consultar_unidades", ordem=30, destaque=True),
]
