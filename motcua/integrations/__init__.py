# SPDX-License-Identifier: MPL-2.0
"""Adapters to external systems: ``<capability>/base.py`` is the interface the application
codes against, ``<capability>/fake/`` a local stand-in for development, demo and tests, and
``<capability>/<provider>/`` a real provider. See docs/integrations.md."""
