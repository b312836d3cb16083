# SPDX-License-Identifier: MPL-2.0
"""Facts that do not change during one request, computed once per request.

⚡️ The access rules (`org.access`, `dossiers.access`) ask the same questions many times in
one request: an API submission asked "what is this user's scope?" about twenty times,
each a query. `@per_request` answers a repeated call with the same arguments from a cache
that lives in a context variable for the length of one request (`RequestCacheMiddleware`;
each gunicorn thread has its own context). Outside a request (services called from
management commands, workers and tests) nothing is cached, so a change of positions is
always seen by the next call there. Model instances are keyed by (model, primary key);
sets, lists and dicts are handed out as copies, so a caller may change what it got.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.db.models import Model
from django.http import HttpRequest, HttpResponse

P = ParamSpec("P")
R = TypeVar("R")

_store: ContextVar[dict[Hashable, Any] | None] = ContextVar("motcua_request_cache", default=None)


def _key(value: Any) -> Hashable:
    if isinstance(value, Model):
        return (value._meta.label, value.pk) if value.pk is not None else ("unsaved", id(value))
    return value  # type: ignore[no-any-return]


def per_request(function: Callable[P, R]) -> Callable[P, R]:
    """Memoise `function` for the current request (see the module docstring)."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        store = _store.get()
        if store is None:
            return function(*args, **kwargs)
        key = (
            name,
            tuple(_key(a) for a in args),
            tuple(sorted((k, _key(v)) for k, v in kwargs.items())),
        )
        try:
            result = store[key]
        except KeyError:
            result = store[key] = function(*args, **kwargs)
        except TypeError:  # an unhashable argument: not cached
            return function(*args, **kwargs)
        if isinstance(result, (set, list, dict)):
            return result.copy()  # type: ignore[return-value]
        return result  # type: ignore[no-any-return]

    return cached


class RequestCacheMiddleware:
    """Give each request a fresh cache for `per_request`, dropped when it ends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)
