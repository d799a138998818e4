"""Django's Redis cache, keeping one ``redis.Redis`` client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call; with redis-py 5+
that constructor fills a few hundred response callbacks each time, about 0.15 ms of CPU per call. A public
page that reads the cache version, the page and the per-IP limit and then stores the page paid that four
times per request. A ``redis.Redis`` only holds its pool and is safe to share between threads, so one per
pool is kept; the pools, keys, serialization and every command stay Django's own.

``portal.settings`` swaps it in for ``django.core.cache.backends.redis.RedisCache`` (what ``CACHE_URL=redis://…``
selects); it is a subclass, so code checking for Django's Redis backend (``comites.limite``) still finds it.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class _ClienteReutilizado(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clientes = {}

    def get_client(self, key=None, *, write=False):
        indice = self._get_connection_pool_index(write)
        cliente = self._clientes.get(indice)
        if cliente is None:
            if indice not in self._pools:
                self._pools[indice] = self._pool_class.from_url(self._servers[indice], **self._pool_options)
            cliente = self._clientes[indice] = self._client(connection_pool=self._pools[indice])
        return cliente


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` reusing its ``redis.Redis`` clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClienteReutilizado

