"""The trâmite engine's Celery tasks, one module per feature, all on ``base.TarefaDoTramita``.

``tramites/tasks.py`` (what Celery's autodiscovery imports) imports every module here. Each task is thin:
it calls one service of ``tramites.services`` and returns a small JSON-safe summary.
"""
