"""``manage.py recontar_situacoes``: rebuilds the Painel's per-status counters from the trâmites (after a
restore or a manual data fix; the engine keeps them otherwise). ``--compactar`` only folds them."""

from django.core.management.base import BaseCommand

from portal.context import atuando_como


class Command(BaseCommand):
    help = "Recalcula os contadores de trâmites por situação do Painel a partir dos trâmites."

    def add_arguments(self, parser):
        parser.add_argument("--compactar", action="store_true", help="Apenas compacta os contadores existentes.")

    def handle(self, *args, compactar=False, **options):
        from tramites.services import contadores

        with atuando_como(origem="comando"):
            if compactar:
                self.stdout.write(f"Contadores compactados: {contadores.compactar()} linha(s) a menos.")
            else:
                self.stdout.write(f"Contadores recalculados: {contadores.recontar()} linha(s).")
