"""The beat scheduler's heartbeat: a periodic task stamps the time; /saude/ reads it.

Kept in the database (not the cache) so the web, worker and beat processes share it whatever cache
backend each one has.
"""

import datetime

from django.utils import timezone

from portal.models import Batimento

NOME_BEAT = "celery-beat"


def registrar(nome: str = NOME_BEAT) -> datetime.datetime:
    agora = timezone.now()
    Batimento.objects.update_or_create(nome=nome, defaults={"momento": agora})
    return agora


def ultimo(nome: str = NOME_BEAT) -> datetime.datetime | None:
    return Batimento.objects.filter(nome=nome).values_list("momento", flat=True).first()
