"""Celery tasks of the trâmite engine, by feature (imported by ``tramites.tasks`` for autodiscovery)."""
