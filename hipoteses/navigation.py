"""Menu entries and public links of the catalogues."""

from portal.navigation import ADMINISTRACAO, Item, LinkPublico
from portal.permissions import Acao

ITENS = [
    Item(ADMINISTRACAO, "Hipóteses Legais", "hipoteses:hipotese_lista", Acao.CATALOGOS_GERENCIAR, ordem=60),
    Item(ADMINISTRACAO, "Espécies Documentais", "hipoteses:especie_lista", Acao.CATALOGOS_GERENCIAR, ordem=61),
    Item(ADMINISTRACAO, "Sistemas de Governo", "hipoteses:sistema_lista", Acao.CATALOGOS_GERENCIAR, ordem=62),
    Item(ADMINISTRACAO, "Gestores Tecnológicos", "hipoteses:gestor_lista", Acao.CATALOGOS_GERENCIAR, ordem=63),
    Item(ADMINISTRACAO, "Sugestões de Hipóteses Legais", "hipoteses:sugestao_lista", Acao.HIPOTESE_SUGERIR,
         ordem=64),
]

LINKS_PUBLICOS = [
    LinkPublico("Hipóteses legais", "hipoteses:hipotese_publico", ordem=60),
    LinkPublico("Espécies documentais", "hipoteses:especie_publico", ordem=61),
    LinkPublico("Sistemas de governo", "hipoteses:sistema_publico", ordem=62),
    LinkPublico("Gestores tecnológicos", "hipoteses:gestor_publico", ordem=63),
]
