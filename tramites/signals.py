"""``tramite_transitou``: sent once per transition (and once per new trâmite), after the transaction commits.

Receivers (pendência publishers, Celery tasks) are connected in their ``AppConfig.ready``; keyword
arguments: ``tramite`` (the instance, already updated), ``de`` (``Status`` or None for a new trâmite),
``para`` (``Status``), ``evento`` (``Evento``) and ``ator`` (the ``Agente``). A rolled-back transition sends
nothing; a receiver that fails is logged and does not undo or hide the committed transition.
"""

from django.dispatch import Signal

tramite_transitou = Signal()

# ``tramites_transitaram``: sent once per batch of a set-based transition (the auto-cancel by deadline moves
# thousands of trâmites per statement), after that batch's transaction commits. Keyword arguments:
# ``transicoes`` (a list of ``(idt, de)`` pairs: each trâmite's IDT and its previous ``Status``), ``para``
# (``Status``), ``evento`` (``Evento``) and ``ator`` (the ``Agente``). Receivers that need one instance per
# trâmite load them themselves; most need only the IDTs (a cancelled trâmite is no one's pendência).
tramites_transitaram = Signal()
