"""Shared test support: factories and personas (importable by every app's tests)."""
