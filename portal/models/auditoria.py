from django.conf import settings
from django.db import models

from portal.permissions import PorCampos


class RegistroDeAuditoria(models.Model):
    """One state-changing action: who, when, from where, with which profile, on what, before/after."""

    momento = models.DateTimeField("data/hora", auto_now_add=True, db_index=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="usuário",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    usuario_repr = models.CharField("usuário", max_length=300, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    perfil = models.CharField("perfil", max_length=60, blank=True)
    origem = models.CharField("origem", max_length=20, default="web")
    acao = models.CharField("ação", max_length=80, db_index=True)
    alvo_tipo = models.CharField("tipo do objeto", max_length=80, blank=True, db_index=True)
    alvo_id = models.CharField("id do objeto", max_length=64, blank=True)
    alvo_repr = models.CharField("objeto", max_length=300, blank=True)
    comite_id = models.BigIntegerField("comitê", null=True, blank=True, db_index=True)
    repositorio_id = models.BigIntegerField("repositório de estruturas", null=True, blank=True, db_index=True)
    antes = models.JSONField("antes", null=True, blank=True)
    depois = models.JSONField("depois", null=True, blank=True)
    detalhes = models.TextField("detalhes", blank=True)
    request_id = models.CharField("id da requisição", max_length=32, blank=True, db_index=True)

    # Gestores read their comitês' records, Supervisores their repositórios'.
    regra_de_escopo = PorCampos(comite="comite_id", repositorio="repositorio_id")

    class Meta:
        verbose_name = "registro de auditoria"
        verbose_name_plural = "registros de auditoria"
        ordering = ["-momento", "-id"]
        indexes = [models.Index(fields=["alvo_tipo", "alvo_id"])]

    def __str__(self):
        return f"{self.momento:%d/%m/%Y %H:%M} {self.usuario_repr} {self.acao}"
