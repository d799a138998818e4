"""Per-status counters of trâmites, kept by the engine for the Painel's "Trâmites por situação".

Each row is a delta (+1 / -1, or a batch's sum) of the number of trâmites created on ``dia`` (the local date
of ``criado_em``, America/Sao_Paulo: the Painel's período) that are in ``status``, seen from one ``lado``:

* ``T`` (todos): every trâmite (no comitê, no SPE);
* ``R`` (remetente): the trâmites sent by órgão ``comite`` through SPE ``sistema``;
* ``D`` (destinatário): the trâmites sent to órgão ``comite``, received through SPE ``sistema``;
* ``I`` (interno): the trâmites whose two sides are the same órgão ``comite`` (so that "sent **or** received
  by the órgão" is ``R + D − I``).

One projection per side, not the pair of órgãos: a two-year, 200-órgão bus has ~10⁶ (day, pair) combinations
(as many as trâmites) but only ~10⁵ (day, órgão, side) ones, and one órgão's two years are a few thousand rows.

The rows are **appended** inside the same transaction that creates a trâmite or moves it
(``tramites.services.contadores``, called only from the one door: ``criar_tramite``, ``aplicar`` and the
auto-cancel batch), so no row is ever updated by two transactions (no hot row) and a rollback takes the
delta with it. A beat task (``tramites.tarefas.compactar_contadores``) folds the rows of each combination
touched since its last run into one. The migration that creates the table fills it from the trâmites
(``manage.py recontar_situacoes`` rebuilds it). No foreign-key constraints: the trâmite row already holds those keys.
"""

from __future__ import annotations

from django.db import models

from portal.permissions import PorCampos


class ContadorDeSituacao(models.Model):
    class Lado(models.TextChoices):
        TODOS = "T", "todos"
        REMETENTE = "R", "remetente"
        DESTINATARIO = "D", "destinatário"
        INTERNO = "I", "remetente e destinatário no mesmo órgão"

    id = models.BigAutoField(primary_key=True)
    dia = models.DateField("dia de envio")
    lado = models.CharField("lado", max_length=1, choices=Lado.choices)
    comite = models.ForeignKey("comites.Comite", on_delete=models.DO_NOTHING, db_constraint=False, null=True,
                               related_name="+")
    sistema = models.ForeignKey("comites.Sistema", on_delete=models.DO_NOTHING, db_constraint=False, null=True,
                                related_name="+")
    status = models.PositiveSmallIntegerField("situação")
    delta = models.IntegerField("variação")
    # False for the rows the engine appends; the compaction's sums (and the rebuild's) are True, so it only
    # revisits the combinations touched since its last run.
    compactada = models.BooleanField("compactada", default=False)

    # An órgão's rows (its side of its trâmites) are its gestores'; the totals (``T``) only the Administrador's.
    regra_de_escopo = PorCampos(comite="comite_id", repositorio="comite__unidade__repositorio_id",
                                gestor_tecnologico="comite__gestor_tecnologico_id",
                                interno="comite__gestor_tecnologico__interno")

    class Meta:
        verbose_name = "contador de trâmites por situação"
        verbose_name_plural = "contadores de trâmites por situação"
        indexes = [
            models.Index(fields=["lado", "comite", "dia"], include=["sistema", "status", "delta"],
                         name="contador_lado_orgao_dia_idx"),
            models.Index(fields=["id"], condition=models.Q(compactada=False), name="contador_a_compactar_idx"),
        ]

    def __str__(self):
        return f"{self.dia} {self.lado}:{self.comite_id}/{self.sistema_id} [{self.status}] {self.delta:+d}"
