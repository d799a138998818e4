from django.apps import AppConfig


class ComitesConfig(AppConfig):
    name = "comites"
    verbose_name = "Comitês gestores de protocolo"

    def ready(self):
        from estrutura.signals import unidades_inativadas, unidades_reativadas
        from portal import ganchos

        from .certificados import esquema_openapi  # noqa: F401 (registers the OpenAPI security scheme)
        from .deriva.receptores import ao_inativar, ao_reativar
        from .scope import papeis_de_gestor, raizes_dos_comites

        ganchos.registrar(ganchos.PAPEIS_DA_PESSOA, papeis_de_gestor)
        ganchos.registrar(ganchos.COMITES_DAS_UNIDADES, raizes_dos_comites)

        from .alertas import alertas

        ganchos.registrar(ganchos.ALERTAS, alertas)
        unidades_inativadas.connect(ao_inativar, dispatch_uid="comites.deriva.ao_inativar")
        unidades_reativadas.connect(ao_reativar, dispatch_uid="comites.deriva.ao_reativar")
        self._invalidar_certificados_verificados_em_mudancas()

    def _invalidar_certificados_verificados_em_mudancas(self):
        """Any write that can change what a certificate authenticates as invalidates the cached checks
        (comites.certificados.cache_de_verificacao). Use records are ``update()`` calls: no signal."""
        from django.db.models.signals import post_delete, post_save

        from .certificados.cache_de_verificacao import invalidar_apos_commit

        for rotulo in ("Certificado", "AutoridadeCertificadora", "Sistema", "VinculoSistemaComite"):
            modelo = self.get_model(rotulo)
            post_save.connect(invalidar_apos_commit, sender=modelo, dispatch_uid=f"certificados_{rotulo}_salvo")
            post_delete.connect(invalidar_apos_commit, sender=modelo, dispatch_uid=f"certificados_{rotulo}_excluido")
