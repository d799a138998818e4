"""pt-BR labels of the audit actions written by hipoteses (read by ``portal.auditoria``)."""

from django.utils.text import capfirst

from hipoteses.services import CATALOGOS

_VERBOS = {"criacao": "{} cadastrad{}", "edicao": "{} alterad{}", "inativacao": "{} inativad{}",
           "reativacao": "{} reativad{}", "exclusao": "{} excluíd{}"}

ROTULOS = {
    f"{catalogo.prefixo}.{acao}": modelo.format(capfirst(catalogo.nome), catalogo.artigo)
    for catalogo in CATALOGOS.values()
    for acao, modelo in _VERBOS.items()
}
ROTULOS.update({
    "sugestao_hipotese.envio": "Sugestão de hipótese legal enviada",
    "sugestao_hipotese.aceite": "Sugestão de hipótese legal aceita",
    "sugestao_hipotese.recusa": "Sugestão de hipótese legal recusada",
})
