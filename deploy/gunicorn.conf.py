# SPDX-License-Identifier: MPL-2.0
"""gunicorn settings for motcua in production, behind nginx (docs/deployment.md, ADR 0009).

    gunicorn -c deploy/gunicorn.conf.py          # what motcua-web.service runs

Every value can be changed without editing this file, through the environment
(`/etc/motcua/env`): GUNICORN_BIND, GUNICORN_WORKER_CLASS, GUNICORN_WORKERS,
GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS.

Why these values:
- gthread, one process per CPU, 4 threads each. Most requests are a few database reads, but
  some pages hold a thread for long: Excel and PDF exports of the reports, PDF forms (about
  0.5 s each), files streamed from object storage. With threads such a request no longer takes
  a whole process. On a trivial view sync workers cost about 25 % less CPU per request
  (STACK.md §5); GUNICORN_WORKER_CLASS=sync switches when the CPU, not waiting, is the limit.
- Each thread keeps its own PostgreSQL connection open (DB_CONN_MAX_AGE): count
  workers × threads per server when sizing max_connections.
- preload_app: the application is imported once in the master, so a bad setting stops the
  service at start (systemd shows it) instead of every worker crash-looping, and the workers
  share the imported code's memory. A deployment therefore restarts the service (a reload,
  HUP, keeps the old code).
- max_requests with jitter: a worker is replaced after about 5,000 requests, the workers at
  different moments, so a slow leak in a library never grows without bound.
"""

from __future__ import annotations

import os


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw else default


def _cpus() -> int:
    """CPUs this process may run on (respects taskset/cgroup affinity, unlike cpu_count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "motcua.wsgi:application"
# nginx on the same host. TCP on loopback, not a Unix socket: the sign-in lock-out (axes) and
# the rate limits need REMOTE_ADDR to be an address (gunicorn leaves it empty on a socket).
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
# Only our nginx may set X-Forwarded-Proto for gunicorn's own url_scheme (Django uses
# SECURE_PROXY_SSL_HEADER, which BEHIND_TLS_PROXY=true turns on).
forwarded_allow_ips = "127.0.0.1,::1"

worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = _env_int("GUNICORN_WORKERS", max(2, _cpus()))
threads = _env_int("GUNICORN_THREADS", 4) if worker_class == "gthread" else 1

# A sync worker silent for this long is killed and replaced; nginx waits a little longer
# (proxy_read_timeout 75s) so that the client gets gunicorn's answer, not nginx's.
timeout = _env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30  # on stop/restart, requests in progress get this long to finish
keepalive = 5  # nginx keeps idle upstream connections (keepalive in the upstream block)

preload_app = True
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10

# Logs go to stdout/stderr, that is the journal (journalctl -u motcua-web). The access line
# has the client address from nginx, the path WITHOUT its query string (desk and API searches
# carry applicants' names and identity numbers), the time taken in ms and nginx's request id,
# which nginx's own log also has.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%({x-forwarded-for}i)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms '
    '"%(a)s" rid=%({x-request-id}i)s %(p)s'
)
proc_name = "motcua-web"
# gunicorn 27's control socket (gunicornc) would be created under $HOME, which the hardened
# unit keeps read-only; systemctl does what we need from it.
control_socket_disable = True


def post_fork(server, worker):
    """A database connection opened while preloading must not be shared by the workers."""
    from django.db import connections

    connections.close_all()
