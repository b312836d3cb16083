# SPDX-License-Identifier: MPL-2.0
"""Test settings: the main settings with fast hashing and in-memory media."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("STAFF_REQUIRE_2FA", "false")

from motcua.settings import *  # noqa: F403
from motcua.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
