# SPDX-License-Identifier: MPL-2.0
"""``manage.py generate_province --dossiers N``: the synthetic province for benchmarks.

PostgreSQL only (issue #10). Loads the demo province when it is missing, generates N
dossiers over ``--years`` years ending ``--end`` (default yesterday) from ``--seed``, then
rebuilds the statistics summary tables (``--no-refresh`` to skip). See
``motcua/demo/generator.py`` for what is generated and docs/benchmarks.md for timings.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from motcua.demo.generator import GeneratorError, Plan, generate
from motcua.reports.refresh import refresh_summaries


def _positive(value: str) -> int:
    number = int(value.replace("_", "").replace(",", ""))
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Generate N synthetic dossiers of the demo province on PostgreSQL (benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=_positive, required=True, help="how many")
        parser.add_argument("--seed", type=int, default=2026, help="same seed, same data")
        parser.add_argument("--years", type=int, default=5, help="length of the window")
        parser.add_argument(
            "--end", type=date.fromisoformat, help="last day, YYYY-MM-DD (default: yesterday)"
        )
        parser.add_argument(
            "--database-url",
            help="postgres://… of an existing database to use instead of DATABASE_URL",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="add to dossiers generated before (otherwise refused when there are some)",
        )
        parser.add_argument(
            "--events", action="store_true", help="also write the timeline (DossierEvent rows)"
        )
        parser.add_argument(
            "--no-refresh",
            action="store_true",
            help="do not rebuild the statistics summary tables afterwards",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["database_url"]:
            _switch_default_database(options["database_url"])
        if connections["default"].vendor != "postgresql":
            raise CommandError(
                "generate_province needs PostgreSQL; this database is "
                f"{connections['default'].vendor}. Use --database-url postgres://… "
                "or DATABASE_URL."
            )
        call_command("migrate", verbosity=0, interactive=False)
        plan = Plan(
            dossiers=options["dossiers"],
            seed=options["seed"],
            years=options["years"],
            end=options["end"],
            append=options["append"],
            events=options["events"],
        )
        try:
            result = generate(plan, progress=lambda m: self.stdout.write(f"  {m}"))
        except GeneratorError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.dossiers:,} dossiers ({result.pauses:,} supplement pauses, "
                f"{result.events:,} timeline events) from "
                f"{result.first_day:%d/%m/%Y} to {result.last_day:%d/%m/%Y}, seed {result.seed}, "
                f"{result.units} receiving units, ids {result.first_id}–{result.last_id}: "
                f"{result.total_seconds:.1f} s"
            )
        )
        for name, seconds in result.seconds.items():
            self.stdout.write(f"  {name:<16} {seconds:8.1f} s")
        if not options["no_refresh"]:
            started = time.perf_counter()
            refreshed = refresh_summaries(rebuild=True)
            self.stdout.write(
                f"  {'summary tables':<16} {time.perf_counter() - started:8.1f} s "
                f"({refreshed.flow_rows:,} flow rows, {refreshed.open_rows:,} open rows)"
            )


def _switch_default_database(url: str) -> None:
    """Point the default connection at `url` for the rest of this process."""
    from motcua.settings import parse_database_url

    connections["default"].close()
    settings_dict = connections.settings["default"]  # the dict every wrapper reads
    new = parse_database_url(url)
    settings_dict.update({k: v for k, v in new.items() if k != "OPTIONS"})
    settings_dict["OPTIONS"] = new.get("OPTIONS", {})
    del connections["default"]  # the next use builds a wrapper for the new engine
