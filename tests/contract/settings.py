# SPDX-License-Identifier: MPL-2.0
"""Settings of the contract-test server (scripts/schemathesis.sh).

The production settings, read from the environment like in production (DEBUG off), with one
change: static files are referenced without a manifest, so pages that the fuzzer's probes
reach (the portal home, the 404 page) render without a 30-second `collectstatic` first.
"""

from motcua.settings import *  # noqa: F403
from motcua.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
