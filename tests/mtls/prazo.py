"""The server side of the reference client's auto-cancel scenario (bin/mtls-check), run as
``python -m tests.mtls.prazo`` with the live server's environment:

1. shortens the deadline: the Parâmetro "Qtd. de dias para cancelamento automático de trâmite" to its minimum,
   1 day, through the parâmetros service (audited, cache dropped), as an administrator would on the portal;
2. hands the auto-cancel task to the running Celery worker with its ``agora`` a day and a minute ahead: the
   hourly beat run of tomorrow, today. Nothing goes through the API: the client only sees the trâmite reach
   10 and the cancellation pendência arrive.
"""

from __future__ import annotations

import datetime
import os

import django

DIAS = 1


def aplicar_prazo() -> str:
    from django.db import transaction
    from django.utils import timezone

    from portal.models import Parametro
    from portal.services import parametros
    from tramites.services.autocancelamento import PARAMETRO_DIAS
    from tramites.tarefas.autocancelamento import cancelar_vencidos

    with transaction.atomic():
        parametros.alterar(Parametro.objects.get(chave=PARAMETRO_DIAS), str(DIAS))
    agora = (timezone.now() + datetime.timedelta(days=DIAS, minutes=1)).isoformat()
    cancelar_vencidos.apply_async(kwargs={"agora": agora})
    return agora


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from django.conf import settings

    from portal.context import atuando_como

    assert not settings.CELERY_TASK_ALWAYS_EAGER, "the task must go to the real worker"
    with atuando_como(origem="comando"):
        momento = aplicar_prazo()
    print(f"mtls: prazo de {DIAS} dia(s); cancelamento automático enviado ao worker com agora={momento}")
