from django.apps import AppConfig


class ComitesConfig(AppConfig):
    name = "comites"
    verbose_name = "Comitês gestores de protocolo"

    def ready(self):
        import estrutura.models
        from portal import permissions

        from .scope import escopo_de_unidades, papeis_de_gestor

        permissions.registrar_fonte(papeis_de_gestor)
        estrutura.models.resolvedor_de_comite = escopo_de_unidades
