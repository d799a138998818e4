"""``RegistroEletronico`` (the NRE of a process, fixed across its trâmites) and ``Tramite`` (one send, one IDT)."""

from django.conf import settings
from django.db import models

from tramites import state_machine as sm
from tramites.escopo import PorLadosDoTramite


def ambiente_atual() -> str:
    """This deployment's ambiente (homologação or produção): a callable, so migrations do not freeze it."""
    return settings.AMBIENTE


class Tipo(models.TextChoices):
    PROCESSO = "processo", "Processo"
    DOCUMENTO = "documento", "Documento avulso"


class MotivoDeRecusa(models.TextChoices):
    """Spec §6.5 (``$MOTIVOS_RECUSA``)."""

    FORMATO = "01", "Formato de componente digital não suportado"
    CORROMPIDO = "02", "Componente digital corrompido"
    FALTA_DE_COMPONENTES = "03", "Falta de componentes digitais"
    ESPECIE_NAO_MAPEADA = "04", "Espécie documental não mapeada no destinatário"
    OUTRO = "99", "Outro"


class RegistroEletronico(models.Model):
    """The número de registro eletrônico (NRE) of a process or documento avulso.

    Assigned on the first trâmite of a protocolo and reused by every later one (seed 000 §3.11): 16 digits,
    a 12-digit sequence followed by the year it was assigned (spec §6.4: ``0000004385642018``)."""

    nre = models.CharField("NRE", max_length=16, unique=True, null=True, editable=False)
    protocolo = models.CharField("protocolo (NUP)", max_length=50, db_index=True)
    tipo = models.CharField("tipo", max_length=10, choices=Tipo.choices, default=Tipo.PROCESSO)
    ambiente = models.CharField("ambiente", max_length=12, default=ambiente_atual)
    criado_em = models.DateTimeField("data de registro", auto_now_add=True)

    regra_de_escopo = PorLadosDoTramite("tramites__")

    class Meta:
        verbose_name = "registro eletrônico (NRE)"
        verbose_name_plural = "registros eletrônicos (NRE)"
        constraints = [
            models.UniqueConstraint(fields=["protocolo", "tipo", "ambiente"], name="um_nre_por_protocolo"),
        ]

    def __str__(self):
        return f"NRE {self.nre} ({self.protocolo})"


def _abertos() -> list[int]:
    """Status numbers of trâmites still on their way (from the state machine, for the constraints)."""
    return sorted(s.value for s in sm.ABERTOS)


class Tramite(models.Model):
    """One send of a process or documento avulso from a unit of one órgão to a unit of another.

    ``idt`` is the índice de trâmite: a new number for every trâmite (an identity column). ``status`` is
    changed only by ``tramites.services.aplicar``; its meaning lives in ``tramites.state_machine``."""

    idt = models.BigAutoField("IDT", primary_key=True)
    registro = models.ForeignKey(RegistroEletronico, verbose_name="registro eletrônico", on_delete=models.PROTECT,
                                 related_name="tramites")
    nre = models.CharField("NRE", max_length=16, db_index=True)
    protocolo = models.CharField("protocolo (NUP)", max_length=50, db_index=True)
    tipo = models.CharField("tipo", max_length=10, choices=Tipo.choices, default=Tipo.PROCESSO)
    ambiente = models.CharField("ambiente", max_length=12, default=ambiente_atual)

    unidade_remetente = models.ForeignKey(
        "estrutura.Unidade", verbose_name="unidade remetente", on_delete=models.PROTECT, related_name="+")
    unidade_destinatario = models.ForeignKey(
        "estrutura.Unidade", verbose_name="unidade destinatária", on_delete=models.PROTECT, related_name="+")
    # The centralizadora that receives on the destinatário's behalf (spec §5), when there is one.
    unidade_receptora = models.ForeignKey(
        "estrutura.Unidade", verbose_name="unidade receptora", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+")
    # The órgãos (comitês of this ambiente) of each side, fixed when the trâmite is created: the scope.
    comite_remetente = models.ForeignKey(
        "comites.Comite", verbose_name="órgão remetente", on_delete=models.PROTECT, null=True, blank=True,
        related_name="tramites_enviados")
    comite_destinatario = models.ForeignKey(
        "comites.Comite", verbose_name="órgão destinatário", on_delete=models.PROTECT, null=True, blank=True,
        related_name="tramites_recebidos")
    sistema_remetente = models.ForeignKey(
        "comites.Sistema", verbose_name="sistema remetente", on_delete=models.PROTECT, null=True, blank=True,
        related_name="tramites_enviados")
    sistema_destinatario = models.ForeignKey(
        "comites.Sistema", verbose_name="sistema destinatário", on_delete=models.PROTECT, null=True, blank=True,
        related_name="tramites_recebidos")

    status = models.PositiveSmallIntegerField("situação", choices=sm.CHOICES, default=sm.STATUS_INICIAL.value)
    criado_em = models.DateTimeField("data de registro do trâmite")
    atualizado_em = models.DateTimeField("última alteração")
    status_desde = models.DateTimeField("na situação atual desde")
    # When the sending órgão's gestores were told it would be cancelled by the deadline (once per stale period).
    cancelamento_avisado_em = models.DateTimeField("aviso de cancelamento automático em", null=True, blank=True)
    # When the sending system read the cancelled trâmite (``GET tramites/{IDT}``): until then a cancellation
    # (7, 10) is its pendência (``state_machine.pendencias_do_remetente_ate_a_leitura``).
    cancelamento_lido_em = models.DateTimeField("cancelamento lido pelo remetente em", null=True, blank=True)

    # The sender's key for uploading this trâmite's components (spec §3 #11–#13); the trâmites of one
    # ``POST tramites/documento`` (one per destinatário) share it, since one upload serves them all.
    ticket = models.CharField("ticket para envio de componentes", max_length=32, blank=True, db_index=True,
                              editable=False)
    reproducao = models.BooleanField("reprodução de trâmite", default=False,
                                     help_text="Criado por uma reprodução do último trâmite (spec §6.6).")
    urgente = models.BooleanField("urgente", default=False)
    motivo_urgencia = models.PositiveSmallIntegerField("motivo da urgência", null=True, blank=True)
    recusa_motivo = models.CharField("motivo da recusa", max_length=2, choices=MotivoDeRecusa.choices, blank=True)
    recusa_justificativa = models.TextField("justificativa da recusa", max_length=1000, blank=True)

    # The metadata as the sender sent them, and the columns the Painel reads from them.
    metadados = models.JSONField("metadados", default=dict, blank=True)
    descricao = models.CharField("descrição", max_length=100, blank=True)
    nivel_de_sigilo = models.PositiveSmallIntegerField("nível de acesso", default=1)
    hipotese_legal = models.ForeignKey(
        "hipoteses.HipoteseLegal", verbose_name="hipótese legal", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", to_field="identificacao")

    regra_de_escopo = PorLadosDoTramite()

    class Meta:
        verbose_name = "trâmite"
        verbose_name_plural = "trâmites"
        ordering = ["-idt"]
        indexes = [
            # The Painel: situação + período, órgão or SPE of either side + período (NRE and protocolo above).
            models.Index(fields=["status", "criado_em"], name="tramite_status_data_idx"),
            # The Painel's default order (newest envio first; the IDT breaks ties) over any período.
            models.Index(fields=["criado_em", "idt"], name="tramite_data_idt_idx"),
            models.Index(fields=["comite_remetente", "criado_em"], name="tramite_orgao_rem_data_idx"),
            models.Index(fields=["comite_destinatario", "criado_em"], name="tramite_orgao_dest_data_idx"),
            # The Painel's per-status counters and situação filter of one órgão (either side) over a período.
            models.Index(fields=["comite_remetente", "status", "criado_em"], name="tramite_orgao_rem_sit_idx"),
            models.Index(fields=["comite_destinatario", "status", "criado_em"], name="tramite_orgao_dest_sit_idx"),
            models.Index(fields=["sistema_remetente", "criado_em"], name="tramite_spe_rem_data_idx"),
            models.Index(fields=["sistema_destinatario", "criado_em"], name="tramite_spe_dest_data_idx"),
            # The auto-cancel sweep: statuses 1–4 older than the deadline.
            models.Index(fields=["status", "status_desde"], name="tramite_status_desde_idx"),
        ]
        constraints = [
            # One trâmite on its way per process (0044); a documento avulso, one per destinatário.
            models.UniqueConstraint(
                fields=["registro"], condition=models.Q(tipo=Tipo.PROCESSO, status__in=_abertos()),
                name="um_tramite_aberto_por_processo"),
            models.UniqueConstraint(
                fields=["registro", "unidade_destinatario"],
                condition=models.Q(tipo=Tipo.DOCUMENTO, status__in=_abertos()),
                name="um_tramite_aberto_por_documento_e_destino"),
        ]

    def __str__(self):
        return f"IDT {self.idt} – {self.protocolo}"

    @property
    def situacao(self) -> sm.Status:
        return sm.como_status(self.status)

    @property
    def unidade_que_recebe(self):
        """Where the process is delivered: the centralizadora when one receives for the destinatário."""
        return self.unidade_receptora or self.unidade_destinatario
