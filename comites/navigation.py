from portal import navigation
from portal.navigation import Item, LinkPublico
from portal.permissions import Acao

ITENS = [
    Item(navigation.PROTOCOLO, "Gestão do Tramita.GOV.BR", "comites:comite_lista", Acao.GESTAO_VER, ordem=10),
    Item(navigation.ADMINISTRACAO, "Gerenciar Acesso ao Tramita.GOV.BR", "comites:solicitacao_lista",
         Acao.ACESSO_AVALIAR, ordem=60),
    Item(navigation.ADMINISTRACAO, "Sistemas de Processo Eletrônico", "comites:spe_lista", Acao.SPE_VER, ordem=65),
]

LINKS_PUBLICOS = [
    LinkPublico("Solicitar Acesso ao Tramita.GOV.BR", "comites:solicitar_acesso", ordem=10, destaque=True),
    LinkPublico("Gestores do Tramita.GOV.BR", "comites:gestores_publicos", ordem=20),
    LinkPublico("Órgãos implantados e em implantação", "comites:orgaos_publicos", ordem=30),
]
