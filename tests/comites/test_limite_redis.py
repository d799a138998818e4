"""The rate limiter on the Redis cache (one pipelined round trip), as bin/integration-tests runs it."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from comites import limite

pytestmark = pytest.mark.integration


@pytest.fixture
def redis():
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.fail("Needs CACHE_URL=redis://… (run bin/integration-tests).")
    return backend


def test_the_window_counts_each_use_and_refuses_past_the_quota(redis):
    assert [limite._contar("comites:limite:teste:203.0.113.1", 3, 60) for _ in range(5)] == [
        True, True, True, False, False]
    assert redis.get("comites:limite:teste:203.0.113.1") == 5
    assert limite._contar("comites:limite:teste:203.0.113.2", 3, 60)  # another address, its own count


def test_the_window_starts_at_the_first_use_and_is_not_extended(redis):
    chave = "comites:limite:teste:203.0.113.3"
    limite._contar(chave, 3, 60)
    cliente = redis._cache.get_client(write=True)
    redis_chave = redis.make_and_validate_key(chave)
    cliente.expire(redis_chave, 7)  # as if 53 s had passed
    limite._contar(chave, 3, 60)
    assert 0 < cliente.ttl(redis_chave) <= 7
