"""Writes the CA certificate and its current CRL (both PEM) where the TLS proxy reads them.

nginx's ``ssl_client_certificate`` and ``ssl_crl`` read files; this command keeps them current: it writes
``ac-tramita.pem`` and ``ac-tramita-crl.pem`` into the folder when missing or different (atomically:
a temporary file renamed over the old one) and says whether anything changed, so a cron line can reload
nginx only then (deploy/README.md). The CRL is re-signed when older than a day (it is valid for a week).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand, CommandError

from comites.certificados import services
from portal.context import atuando_como

NOME_AC = "ac-tramita.pem"
NOME_CRL = "ac-tramita-crl.pem"


def _gravar_se_mudou(caminho: Path, conteudo: bytes) -> bool:
    if caminho.exists() and caminho.read_bytes() == conteudo:
        return False
    descritor, temporario = tempfile.mkstemp(dir=caminho.parent, prefix=f".{caminho.name}.")
    try:
        with os.fdopen(descritor, "wb") as arquivo:
            arquivo.write(conteudo)
        os.chmod(temporario, 0o644)  # public material: the proxy's worker user must read it
        os.replace(temporario, caminho)
    except BaseException:
        Path(temporario).unlink(missing_ok=True)
        raise
    return True


class Command(BaseCommand):
    help = ("Grava o certificado da autoridade certificadora e a LCR atual (PEM) na pasta indicada, para o "
            "proxy TLS (nginx: ssl_client_certificate e ssl_crl). Só reescreve o que mudou.")

    def add_arguments(self, parser):
        parser.add_argument("pasta", help="Pasta de destino (ex.: /etc/nginx/tramita).")
        parser.add_argument("--codigo-se-mudou", type=int, default=0, metavar="N",
                            help="Código de saída quando algum arquivo mudou (ex.: 3, para recarregar o nginx).")

    def handle(self, *args, pasta, codigo_se_mudou, **options):
        destino = Path(pasta)
        if not destino.is_dir():
            raise CommandError(f"A pasta {destino} não existe.")
        autoridade = services.obter_ac()
        if autoridade is None:
            raise CommandError("A autoridade certificadora ainda não foi inicializada (manage.py inicializar_ac).")
        with atuando_como(origem="comando"):
            crl_der = services.crl_atual()
        crl_pem = x509.load_der_x509_crl(crl_der).public_bytes(serialization.Encoding.PEM)
        mudou = [nome for nome, conteudo in ((NOME_AC, autoridade.certificado_pem.encode()), (NOME_CRL, crl_pem))
                 if _gravar_se_mudou(destino / nome, conteudo)]
        if mudou:
            self.stdout.write(self.style.SUCCESS(f"Gravado em {destino}: {', '.join(mudou)}."))
            if codigo_se_mudou:
                raise SystemExit(codigo_se_mudou)
        else:
            self.stdout.write(f"Nada mudou em {destino}.")
