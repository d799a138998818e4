from django.apps import AppConfig


class ComitesConfig(AppConfig):
    name = "comites"
    verbose_name = "Comitês gestores de protocolo"

    def ready(self):
        from portal import ganchos

        from .scope import papeis_de_gestor, raizes_dos_comites

        ganchos.registrar(ganchos.PAPEIS_DA_PESSOA, papeis_de_gestor)
        ganchos.registrar(ganchos.COMITES_DAS_UNIDADES, raizes_dos_comites)
