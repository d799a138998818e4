from django.apps import AppConfig


class TramitesConfig(AppConfig):
    name = "tramites"
    verbose_name = "Trâmites"

    def ready(self):
        from portal import ganchos

        from .homologacao import tramites_do_comite

        ganchos.registrar(ganchos.TRAMITES_DO_COMITE, tramites_do_comite)

        from .alertas import alertas

        ganchos.registrar(ganchos.ALERTAS, alertas)

        from .pendencias_ao_vivo import publicacao
        from .signals import tramite_transitou, tramites_transitaram

        tramite_transitou.connect(publicacao.ao_transitar, dispatch_uid="pendencias_ao_vivo.ao_transitar")
        tramites_transitaram.connect(publicacao.ao_transitarem, dispatch_uid="pendencias_ao_vivo.ao_transitarem")
