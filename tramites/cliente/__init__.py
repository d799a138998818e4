"""The reference client of the systems' API v3: what an electronic-process system does, over HTTPS with the
client certificate "Gerar Certificado" hands out (PEM + password). No Django: usable from the
``cliente_tramita`` command, the tests and the benchmarks.

    from tramites.cliente import Cliente, Cenario, cenarios
    remetente = Cliente("https://api.exemplo.gov.br", "spe-a.pem", senha_a, ca="ac.pem", papel="remetente")
    destinatario = Cliente("https://api.exemplo.gov.br", "spe-b.pem", senha_b, ca="ac.pem", papel="destinatário")
    print(cenarios.feliz(Cenario(remetente, destinatario, origem=(1, 123), destino=(1, 456))))
"""

from tramites.cliente import cenarios, conteudo  # noqa: F401
from tramites.cliente.api import Cliente, RespostaInesperada  # noqa: F401
from tramites.cliente.cenarios import Cenario, Resultado  # noqa: F401
from tramites.cliente.transporte import FalhaDeConexao, Resposta, TempoEsgotado, TransporteHttps  # noqa: F401
