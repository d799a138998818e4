"""``Tramite.cancelamento_lido_em``: a cancellation is the sender's pendência until it reads the trâmite.

Trâmites cancelled before this migration count as read (their senders dealt with them long ago, or never
will): otherwise every sending system would find its whole history of cancellations among its pendências.
"""

from django.db import migrations, models
from django.db.models import F


def cancelamentos_antigos_lidos(apps, schema_editor):
    from tramites import state_machine as sm

    Tramite = apps.get_model("tramites", "Tramite")
    Tramite.objects.filter(status__in=[s.value for s in sm.pendencias_do_remetente_ate_a_leitura()]).update(
        cancelamento_lido_em=F("status_desde"))


class Migration(migrations.Migration):
    dependencies = [("tramites", "0004_ticket_e_verificacao")]

    operations = [
        migrations.AddField(
            model_name="tramite",
            name="cancelamento_lido_em",
            field=models.DateTimeField(blank=True, null=True, verbose_name="cancelamento lido pelo remetente em"),
        ),
        migrations.RunPython(cancelamentos_antigos_lidos, migrations.RunPython.noop),
    ]
