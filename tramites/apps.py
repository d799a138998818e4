from django.apps import AppConfig


class TramitesConfig(AppConfig):
    name = "tramites"
    verbose_name = "Trâmites"

    def ready(self):
        from portal import ganchos

        from .homologacao import tramites_do_comite

        ganchos.registrar(ganchos.TRAMITES_DO_COMITE, tramites_do_comite)
