# SPDX-License-Identifier: MPL-2.0
"""The fault drill's pure parts (`bench/chaos.py`): what is retried, how recovery is timed,
which checks fail. The drill itself kills PostgreSQL and is run by hand (`make chaos`)."""

from __future__ import annotations

from bench import chaos
from bench.harness.loadgen import Result


def result(status: int, sent: float, done: float, error: str = "") -> Result:
    return Result(0, "t", sent, sent, done, status, error, {}, b"")


def test_retryable_is_no_answer_or_a_5xx() -> None:
    assert chaos.retryable(result(0, 0, 1, "timeout"))
    assert chaos.retryable(result(500, 0, 1))
    assert chaos.retryable(result(503, 0, 1))
    assert not chaos.retryable(result(201, 0, 1))
    assert not chaos.retryable(result(404, 0, 1))
    assert not chaos.retryable(result(422, 0, 1))


def test_recovery_counts_to_the_first_201_sent_after_the_kill() -> None:
    results = [
        result(201, 9.0, 10.5),  # sent before the kill: does not count
        result(0, 10.1, 11.0, "ConnectionResetError"),
        result(500, 10.2, 10.3),
        result(201, 10.4, 12.25),
        result(201, 10.3, 12.5),
    ]
    assert chaos.recovery(results, 10.0) == 2.25
    assert chaos.recovery(results[:3], 10.0) is None


def test_phases_split_outcomes_at_each_mark() -> None:
    results = [
        result(201, 1, 2),
        result(0, 11, 12, "timeout"),
        result(201, 12, 13),
        result(500, 31, 31.1),
    ]
    got = chaos.phases(results, {"worker kill": 10, "PostgreSQL kill": 30})
    assert got == {
        "before": {"201": 1},
        "after worker kill": {"0 timeout": 1, "201": 1},
        "after PostgreSQL kill": {"500": 1},
    }


def test_log_evidence_counts_exceptions_and_worker_events() -> None:
    text = "\n".join(
        [
            "[1] [INFO] Booting worker with pid: 11",
            "[1] [ERROR] Worker (pid:11) was sent SIGKILL! Perhaps out of memory?",
            "Traceback (most recent call last):",
            '  File "x.py", line 1, in f',
            "django.db.utils.OperationalError: connection failed: Connection refused",
            "Traceback (most recent call last):",
            "django.db.utils.OperationalError: connection failed: Connection refused",
        ]
    )
    got = chaos.log_evidence(text)
    assert got["tracebacks"] == 2
    assert got["workers_booted"] == 1
    assert got["workers_killed"] == 1
    assert got["exceptions"] == {
        "django.db.utils.OperationalError: connection failed: Connection refused": 2
    }


def passing() -> dict[str, object]:
    return {
        "verify": {"missing": 0, "wrong_content": 0, "duplicates": 0},
        "never_acknowledged": 0,
        "recovery_workers": 1.5,
        "recovery_postgres": 8.0,
        "postgres_up_at_end": True,
    }


def test_every_check_passes_on_a_clean_drill() -> None:
    checks = chaos.checks_of(passing())
    assert checks and all(ok for _, ok, _ in checks)
    assert "drill: PASS" in chaos.table(passing(), checks)


def test_a_duplicate_a_slow_or_missing_recovery_fails() -> None:
    for change in (
        {"verify": {"missing": 0, "wrong_content": 0, "duplicates": 1}},
        {"verify": {"missing": 2, "wrong_content": 0, "duplicates": 0}},
        {"recovery_workers": 60.0},
        {"recovery_postgres": None},
        {"never_acknowledged": 3},
        {"postgres_up_at_end": False},
    ):
        report = passing() | change
        checks = chaos.checks_of(report)
        assert not all(ok for _, ok, _ in checks), change
        assert "drill: FAIL" in chaos.table(report, checks)


def test_it_refuses_to_kill_postgresql_without_consent(monkeypatch, capsys) -> None:
    monkeypatch.delenv("CHAOS_OK", raising=False)
    assert chaos.main([]) == 2
    assert "--yes" in capsys.readouterr().out
