"""The fixed-window rate limit, the client address it counts by, and the cache setting."""

import uuid

import pytest
import redis
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from motcua.core.ratelimit import _bucket, blocked, client_key, hit, retry_after
from motcua.settings import parse_cache_url


@pytest.fixture(autouse=True)
def _window_start(time_machine):
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)  # a multiple of 600 s
    cache.clear()
    yield
    cache.clear()


def test_it_allows_the_limit_then_refuses():
    assert [hit("k", 3, 600) for _ in range(5)] == [True, True, True, False, False]


def test_it_starts_afresh_in_the_next_window(time_machine):
    for _ in range(3):
        hit("k", 2, 600)
    assert not hit("k", 2, 600)
    time_machine.move_to("2026-03-02 08:39:59 +07:00", tick=False)
    assert not hit("k", 2, 600)
    time_machine.move_to("2026-03-02 08:40 +07:00", tick=False)
    assert hit("k", 2, 600)


def test_keys_and_windows_are_counted_apart():
    assert hit("a", 1, 600) and hit("b", 1, 600) and hit("a", 1, 60)
    assert not hit("a", 1, 600)


def test_blocked_asks_without_counting():
    assert not blocked("k", 2, 600)
    hit("k", 2, 600)
    assert not blocked("k", 2, 600) and not blocked("k", 2, 600)
    hit("k", 2, 600)
    assert blocked("k", 2, 600)


def test_an_evicted_counter_starts_again(monkeypatch):
    hit("k", 1, 600)
    monkeypatch.setattr(cache, "incr", lambda key: (_ for _ in ()).throw(ValueError(key)))
    assert hit("k", 1, 600)


def test_retry_after_is_the_time_left_in_the_window(time_machine):
    assert retry_after(600) == 600
    time_machine.move_to("2026-03-02 08:37:15 +07:00", tick=False)
    assert retry_after(600) == 165


def _request(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_a_proxy_the_client_is_the_peer_and_forwarded_headers_are_ignored(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    assert client_key(_request("198.51.100.4", "203.0.113.9")) == "198.51.100.4"


def test_behind_our_proxy_the_client_is_the_address_it_appended(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    # The client claimed 1.2.3.4 itself; nginx appended the peer it saw.
    assert client_key(_request("127.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    settings.AXES_IPWARE_PROXY_COUNT = 2
    assert client_key(_request("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"
    assert client_key(_request("127.0.0.1", "")) == "127.0.0.1"  # misconfigured: the peer


def test_an_ipv6_client_counts_as_its_64_network(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    assert client_key(_request("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64"
    assert client_key(_request("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64"
    assert client_key(_request("::ffff:198.51.100.4")) == "198.51.100.4"
    assert client_key(_request("")) == "unknown"


def test_the_cache_url_names_a_backend():
    assert parse_cache_url("locmem://")["BACKEND"].endswith("LocMemCache")
    db = parse_cache_url("db://motcua_cache")
    assert db["BACKEND"].endswith("DatabaseCache") and db["LOCATION"] == "motcua_cache"
    redis = parse_cache_url("redis://127.0.0.1:6379/2")
    assert redis == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
    }
    assert parse_cache_url("rediss://cache.example:6380/0")["LOCATION"].startswith("rediss://")
    with pytest.raises(ImproperlyConfigured, match="memcached"):
        parse_cache_url("memcached://127.0.0.1:11211")


def test_the_limit_holds_in_redis_shared_by_every_process(settings):
    """Against the Redis server of these machines (127.0.0.1:6379, CI checks it is up)."""
    settings.CACHES = {
        "default": {
            **parse_cache_url("redis://127.0.0.1:6379/15"),
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # parallel test workers share the server
        }
    }
    assert [hit("k", 3, 600) for _ in range(5)] == [True, True, True, False, False]
    assert blocked("k", 3, 600) and not blocked("other", 3, 600)
    server = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    assert server.ttl(cache.make_key(_bucket("k", 600))) == 601  # gone soon after its window
