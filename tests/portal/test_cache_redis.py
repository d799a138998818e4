"""The portal's Redis cache backend keeps one redis.Redis per pool (as bin/integration-tests runs it)."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as RedisCacheDoDjango

from portal.cache_redis import RedisCache

pytestmark = pytest.mark.integration


@pytest.fixture
def redis():
    backend = caches["default"]
    if not isinstance(backend, RedisCacheDoDjango):
        pytest.fail("Needs CACHE_URL=redis://… (run bin/integration-tests).")
    return backend


def test_the_settings_select_the_portal_backend_for_a_redis_url(redis):
    assert isinstance(redis, RedisCache)


def test_every_call_reuses_one_client_on_one_pool(redis):
    cliente = redis._cache.get_client(write=True)
    assert redis._cache.get_client("outra", write=False) is cliente
    assert cliente.connection_pool is redis._cache._pools[0]


def test_reads_and_writes_still_go_through_django_serialization(redis):
    redis.set("portal:teste:cliente", {"a": [1, 2]}, 30)
    assert redis.get_many(["portal:teste:cliente", "portal:teste:nada"]) == {"portal:teste:cliente": {"a": [1, 2]}}
    assert redis.add("portal:teste:contador", 1, 30)
    redis.incr("portal:teste:contador")
    assert redis.get("portal:teste:contador") == 2
