"""The trâmite engine's Celery tasks (autodiscovered by ``portal.celery``); each lives in ``tramites.tarefas``."""

from tramites.tarefas.componentes import verificar_componentes

__all__ = ["verificar_componentes"]
