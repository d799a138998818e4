import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def _primeiro_batimento(sender=None, **kwargs):
    """Tick once as soon as beat starts, so /saude/ turns green without waiting a full interval."""
    app.send_task("portal.tasks.beat_tick")
