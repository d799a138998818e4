"""``tramite_transitou``: sent once per transition (and once per new trâmite), after the transaction commits.

Receivers (pendência publishers, Celery tasks) are connected in their ``AppConfig.ready``; keyword
arguments: ``tramite`` (the instance, already updated), ``de`` (``Status`` or None for a new trâmite),
``para`` (``Status``), ``evento`` (``Evento``) and ``ator`` (the ``Agente``). A rolled-back transition sends
nothing; a receiver that fails is logged and does not undo or hide the committed transition.
"""

from django.dispatch import Signal

tramite_transitou = Signal()
