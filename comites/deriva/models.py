"""``PendenciaDeEstrutura``: an inactivated unit still mapped, as one comitê sees it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from estrutura.models import ModoDeTramitacao
from portal.permissions import PorCampos


class PendenciaDeEstrutura(models.Model):
    """A unit inactivated while mapped (envio/recebimento through an SPE), centralizing or covered by a
    centralizadora. Open while ``resolvida_em`` is empty; the fields below it describe what was affected
    when the inactivation was found (the page shows the unit's current state)."""

    class Motivo(models.TextChoices):
        SIORG = "siorg", "Sincronização com o SIORG"
        MANUAL = "manual", "Inativação na Hierarquia"
        REPOSITORIO = "repositorio", "Alteração do repositório de estruturas"

    class Resolucao(models.TextChoices):
        DESVINCULADA = "desvinculada", "Desvinculada pelo gestor"
        REATIVADA = "reativada", "Unidade reativada"
        SEM_VINCULO = "sem_vinculo", "Vínculos removidos em outra tela"

    comite = models.ForeignKey("comites.Comite", on_delete=models.CASCADE, related_name="pendencias_de_estrutura")
    unidade = models.ForeignKey("estrutura.Unidade", on_delete=models.CASCADE, related_name="+")
    sistema = models.ForeignKey("comites.Sistema", verbose_name="sistema", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")
    modo = models.CharField("modo", max_length=20, choices=ModoDeTramitacao.choices, blank=True)
    era_centralizadora = models.BooleanField("era centralizadora", default=False)
    atendidas = models.PositiveIntegerField("unidades atendidas", default=0)
    centralizadora = models.ForeignKey("estrutura.Unidade", verbose_name="atendida pela centralizadora",
                                       on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    motivo = models.CharField("motivo", max_length=20, choices=Motivo.choices, default=Motivo.SIORG)
    execucao = models.ForeignKey("estrutura.ExecucaoDeImportacao", verbose_name="sincronização",
                                 on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    detectada_em = models.DateTimeField("detectada em", default=timezone.now)
    resolvida_em = models.DateTimeField("resolvida em", null=True, blank=True)
    resolucao = models.CharField("resolução", max_length=20, choices=Resolucao.choices, blank=True)
    resolvida_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")

    class Meta:
        verbose_name = "unidade inativada ainda mapeada"
        verbose_name_plural = "unidades inativadas ainda mapeadas"
        ordering = ["-detectada_em", "id"]
        constraints = [
            models.UniqueConstraint(fields=["comite", "unidade"], condition=models.Q(resolvida_em__isnull=True),
                                    name="uma_pendencia_aberta_por_comite_e_unidade"),
        ]
        indexes = [models.Index(fields=["unidade"], condition=models.Q(resolvida_em__isnull=True),
                                name="pendencia_aberta_por_unidade")]

    def __str__(self):
        return f"{self.unidade} ({self.comite})"

    @property
    def aberta(self) -> bool:
        return self.resolvida_em is None

    # The same as ``comites.models.por_comite("comite")`` (not imported: comites.models imports this module).
    regra_de_escopo = PorCampos(
        comite="comite_id", repositorio="comite__unidade__repositorio_id",
        gestor_tecnologico="comite__gestor_tecnologico_id", interno="comite__gestor_tecnologico__interno",
    )
