"""Pure domain logic of motcua: no Django, no third-party imports (stdlib only).

An import-linter contract (see pyproject.toml) keeps it that way.
"""
