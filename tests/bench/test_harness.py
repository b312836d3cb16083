"""The benchmark harness's own logic: figures and gates, the wrk scripts' strings, the test
PDF, and the pgbench scripts built from the application's captured SQL."""

from __future__ import annotations

import json
import re

import magic

from bench.harness.app import _lookup_script, _submit_script
from bench.harness.figures import Check, Figure, markdown, write
from bench.run import lua_string, make_pdf


def test_the_figure_is_the_median_of_the_per_pair_ratios():
    fig = Figure("G1", "submission", "RAW_SUBMIT", "req/s", ">=", 0.05)
    fig.pairs = [(100.0, 1000.0), (50.0, 2000.0), (120.0, 1000.0)]
    assert fig.ratio == 0.1  # ratios 0.1, 0.025, 0.12
    assert fig.value == 100.0 and fig.reference_value == 1000.0
    assert fig.passed
    fig.checks.append(Check.compare("p99 (ms)", 300.0, "<=", 250))
    assert not fig.passed  # a failed check fails the figure


def test_a_ceiling_target_and_a_missing_measurement_fail():
    fig = Figure("G5", "report", "SCAN_10M", "ms", "<=", 0.10)
    fig.pairs = [(500.0, 4000.0)]
    assert fig.ratio == 0.125 and not fig.passed
    assert not Figure("G7", "x", "y", "ms", "<=", 2.0).passed  # nothing measured
    assert not Check.compare("p99", None, "<=", 50).passed
    assert Check.zero("errors", 0).passed and not Check.zero("errors", 1).passed


def test_results_are_json_rows_and_a_markdown_table(tmp_path):
    fig = Figure("G3", "status page", "PING", "req/s", ">=", 0.2)
    fig.pairs = [(400.0, 1600.0), (420.0, 1500.0)]
    broken = Figure("G8", "G8", "", "", ">=", 0.0, error="BenchError: no server")
    json_path, md_path = write(
        tmp_path,
        "run",
        environment={"cpu": "x"},
        calibration={"noisy": True},
        figures=[fig, broken],
    )
    data = json.loads(json_path.read_text())
    rows = data["figures"][0]["repetitions"]
    assert [r["repetition"] for r in rows] == [1, 2]
    assert rows[0]["ratio"] == 0.25 and data["figures"][0]["pass"] is True
    assert data["noisy"] is True and data["figures"][1]["pass"] is False
    table = markdown([fig, broken], noisy=True)
    assert "| G3 | status page |" in table and "error: BenchError: no server" in table
    assert "Noisy run" in table and md_path.read_text().endswith(table)


def test_lua_strings_carry_utf8_as_decimal_escapes():
    literal = lua_string('Nguyễn "Văn" \\ Đo')
    assert literal.isascii() and literal.startswith('"') and literal.endswith('"')
    body = re.sub(r"\\(\d{3})", lambda m: chr(int(m[1])), literal[1:-1])
    assert body.encode("latin-1").decode() == 'Nguyễn "Văn" \\ Đo'


def test_the_load_pdf_is_a_pdf_of_the_size_asked():
    data = make_pdf(1_000_000)
    assert 990_000 <= len(data) <= 1_000_000
    assert magic.from_buffer(data, mime=True) == "application/pdf"


CAPTURED = [
    'SELECT "dossiers_dossier"."id" FROM "dossiers_dossier" WHERE "dossiers_dossier"."code" = '
    "'000.00.06.H31-261126-0007' LIMIT 1",
    'SELECT "at" FROM "dossiers_dossierevent" WHERE "dossiers_dossierevent"."dossier_id" = 4211',
    'SELECT "cache_key" FROM "motcua_cache" WHERE "cache_key" = \'x\'',
]

SUBMISSION = [
    "BEGIN",
    'INSERT INTO "dossiers_dossier" ("code", "status") VALUES '
    '(\'TAM-0123456789abcdef0123456789abcdef\', 1) RETURNING "dossiers_dossier"."id"',
    'SELECT "id", "last" FROM "dossiers_dossiercodecounter" WHERE ("dossiers_dossiercodecounter"'
    '."day" = \'2026-11-26\'::date AND "dossiers_dossiercodecounter"."unit_identifier" = '
    "'000.00.06.H31') LIMIT 21",
    'SELECT "id", "last" FROM "dossiers_dossiercodecounter" WHERE ("dossiers_dossiercodecounter"'
    '."day" = \'2026-11-26\'::date AND "dossiers_dossiercodecounter"."unit_identifier" = '
    "'000.00.06.H31') LIMIT 21 FOR UPDATE",
    'UPDATE "dossiers_dossiercodecounter" SET "last" = 8 '
    'WHERE "dossiers_dossiercodecounter"."id" = 3',
    'UPDATE "dossiers_dossier" SET "code" = \'000.00.06.H31-261126-0008\' WHERE '
    '"dossiers_dossier"."id" = 99',
    "COMMIT",
]


def test_raw_lookup_runs_the_captured_statements_for_a_sampled_code():
    script = _lookup_script(CAPTURED, 4211, "000.00.06.H31-261126-0007", 500)
    lines = script.splitlines()
    assert lines[0] == "\\set i random(1, 500)"
    assert "(SELECT code FROM bench_codes WHERE i = :i)" in lines[1]
    assert '"dossier_id" = (SELECT id FROM bench_codes WHERE i = :i)' in lines[2]
    assert len(lines) == 3  # the rate limiter's cache is not the lookup


def test_raw_submit_numbers_and_inserts_as_the_engine_does():
    script = _submit_script(SUBMISSION, 99, "000.00.06.H31-261126-0008")
    lines = script.splitlines()
    assert lines[:2] == ["\\set day random(0, 36500)", "BEGIN;"]
    assert "'TAM-' || md5(random()::text)" in lines[2] and lines[2].endswith("\\gset")
    assert "('2100-01-01'::date + :day)" in lines[3]
    assert lines[4].startswith('INSERT INTO "dossiers_dossiercodecounter"')
    assert lines[4].endswith("ON CONFLICT DO NOTHING;")
    assert "FOR UPDATE" in lines[5] and lines[5].endswith("\\gset c_")
    assert '"last" = :c_last + 1' in lines[6] and ":c_id" in lines[6]
    assert lines[7].startswith('UPDATE "dossiers_dossier" SET "code" = \'X000.00.06.H31-\'')
    assert lines[7].endswith('"dossiers_dossier"."id" = :id;') and lines[8] == "COMMIT;"


def test_latest_takes_the_newest_result_of_each_figure(tmp_path):
    from bench.harness.figures import latest

    def run(stamp, **figures):
        figs = []
        for fid, (value, error) in figures.items():
            fig = Figure(fid, f"scenario {fid}", "REF", "req/s", ">=", 0.1, error=error)
            if not error:
                fig.pairs = [(value, 100.0)]
            figs.append(fig)
        write(tmp_path, stamp, environment={}, calibration={}, figures=figs)

    run("20261126-100000", G1=(20.0, ""), G3=(50.0, ""))
    run("20261126-110000", G1=(5.0, ""), G3=(0.0, "BenchError: no server"))
    table = latest(tmp_path)
    assert (
        "| G1 | scenario G1 | 5.00 req/s | REF 100 | 0.050 | >= 0.1 | NO | 20261126-110000 |"
        in table
    )
    assert (
        "| G3 | scenario G3 | 50.00 req/s | REF 100 | 0.500 | >= 0.1 | yes | 20261126-100000 |"
        in table
    )
