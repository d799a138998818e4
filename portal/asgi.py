"""ASGI entry point (``uvicorn portal.asgi:application``; ``bin/run-long-poll``).

Serves the whole portal, but its reason to exist is the long poll of pendências
(``interoperabilidade/rest/v3/pendencias``): an async view that waits on Redis pub/sub without a thread or a
database connection per waiter. That path goes to a lean handler without the sync-only middlewares
(``tramites.api.asgi_pendencias``); every other path to Django's full ASGI stack. nginx sends only the long
poll here (``deploy/nginx/tramita.conf``); the rest of the site stays on gunicorn.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DB_POOL", "true")  # each long poll closes its connection before waiting: pool them
django_asgi = get_asgi_application()  # sets Django up before the app modules are imported

from tramites.api.asgi_pendencias import LongPollHandler, eh_long_poll  # noqa: E402 (after the setup)

long_poll = LongPollHandler()


async def application(scope, receive, send):
    if eh_long_poll(scope):
        return await long_poll(scope, receive, send)
    return await django_asgi(scope, receive, send)
