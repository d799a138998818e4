"""Creates the portal's certificate authority for this ambiente, once (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comites.certificados import services
from portal.context import atuando_como


class Command(BaseCommand):
    help = "Cria a autoridade certificadora do portal para este ambiente (idempotente)."

    def handle(self, *args, **options):
        with atuando_como(origem="comando"):
            autoridade, criada = services.inicializar_ac()
        if not services.chave_mestra_confere(autoridade):
            raise CommandError(
                "A chave privada da autoridade certificadora não abre com a AC_CHAVE_MESTRA configurada: "
                "use a mesma chave com que a AC foi criada."
            )
        situacao = "criada" if criada else "já existia"
        self.stdout.write(self.style.SUCCESS(
            f"Autoridade certificadora ({settings.AMBIENTE}) {situacao}: {autoridade}."
        ))
