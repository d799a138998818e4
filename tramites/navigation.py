from portal.navigation import LinkPublico

LINKS_PUBLICOS = [
    LinkPublico("Consultar processo pelo NUP", "tramites:consulta_nup", ordem=15, destaque=True),
]
