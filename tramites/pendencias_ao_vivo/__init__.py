"""Live pendências: who must be woken when a trâmite enters a status, and the long poll's waiting room.

* ``canais`` — one channel per SPE (``tramita:pendencias:sistema:<id>``) and per órgão
  (``…:comite:<id>``, for a side recorded without an SPE);
* ``central`` — the process's waiting room: long polls register the channels they listen to and sleep on an
  ``asyncio.Event``; a message on a channel wakes its waiters. With ``PENDENCIAS_REDIS_URL`` one
  ``redis.asyncio`` pattern subscription per event loop feeds it (so every ASGI process hears every web node
  and worker); without it (the embedded default) the publisher wakes the waiters of its own process;
* ``publicacao`` — the receivers of ``tramite_transitou`` / ``tramites_transitaram`` that publish ``{IDT,
  status}`` after the commit. A Redis outage is logged and ignored: waiters time out and clients re-list.

Messages only wake a waiter: the waiter then asks the database (through the scoping door) what is pending
and not yet delivered, so a stale, duplicated or lost message never delivers a wrong or repeated pair.
"""
