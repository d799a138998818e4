"""Loads idempotent demo data (each app's ``demo.carregar()``) and prints the demo logins."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.context import atuando_como
from portal.modulos import modulos_dos_apps


class Command(BaseCommand):
    help = "Carrega dados de demonstração (idempotente) e mostra os logins de demonstração."

    def handle(self, *args, **options):
        resultados = {}
        with atuando_como(origem="comando"), transaction.atomic():
            for app, modulo in modulos_dos_apps("demo"):
                resultados[app] = modulo.carregar()
        admin = resultados["portal"]
        self.stdout.write(self.style.SUCCESS("\nDados de demonstração carregados."))
        self.stdout.write(f"\nPortal: {settings.SITE_URL}/\n")
        self.stdout.write("Administrador Tramita (perfil PEN, exige 2º fator):")
        self.stdout.write(f"  e-mail: {admin['email']}\n  senha:  {admin['senha']}")
        self.stdout.write(
            f"  TOTP:   segredo {admin['totp']} (cadastre num app autenticador, ou: oathtool --totp -b {admin['totp']})"
        )
        self.stdout.write(f"  códigos de recuperação (uso único): {', '.join(admin['codigos'])}")
        gestor = resultados["comites"]
        self.stdout.write("Gestor de Protocolo:")
        self.stdout.write(f"  e-mail: {gestor['email']}\n  senha:  {gestor['senha']}")
        self.stdout.write("E-mails enviados pelo portal ficam em var/emails/.\n")
