from django.apps import AppConfig


class ComitesConfig(AppConfig):
    name = "comites"
    verbose_name = "Comitês gestores de protocolo"

    def ready(self):
        from estrutura.signals import unidades_inativadas, unidades_reativadas
        from portal import ganchos

        from .deriva.receptores import ao_inativar, ao_reativar
        from .scope import papeis_de_gestor, raizes_dos_comites

        ganchos.registrar(ganchos.PAPEIS_DA_PESSOA, papeis_de_gestor)
        ganchos.registrar(ganchos.COMITES_DAS_UNIDADES, raizes_dos_comites)
        unidades_inativadas.connect(ao_inativar, dispatch_uid="comites.deriva.ao_inativar")
        unidades_reativadas.connect(ao_reativar, dispatch_uid="comites.deriva.ao_reativar")
