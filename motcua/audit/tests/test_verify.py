"""The chain verifier finds a changed, removed, reordered or forged entry."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from motcua.audit.models import AuditChainHead, AuditEntry
from motcua.audit.selectors import BreakReason, audit_entry_list_for_object, verify_chain
from motcua.audit.services import record
from motcua.testing.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    actor = StaffFactory(full_name="Trần Văn Đức")
    entries = []
    for n in range(1, 6):
        with transaction.atomic():
            entries.append(
                record(
                    actor=actor,
                    action="dossier.receive",
                    object_type="dossier",
                    object_id=f"H31-{n}",
                    summary=f"Tiếp nhận hồ sơ số {n}",
                    data={"channel": "online", "n": n},
                )
            )
    return entries


def _tamper(at_sequence, **fields):
    """Rewrite a committed row behind the service's back, as an attacker with SQL would."""
    AuditEntry.objects.filter(sequence=at_sequence).update(**fields)


def test_an_intact_chain_verifies(chain):
    report = verify_chain()
    assert report.ok and report.checked == 5 and report.broken_at is None


def test_an_empty_chain_verifies():
    assert verify_chain().ok


def test_a_range_of_the_chain_verifies(chain):
    report = verify_chain(start=2, stop=4)
    assert report.ok and report.checked == 3


@pytest.mark.parametrize(
    "change",
    [
        {"data": {"channel": "counter", "n": 3}},
        {"summary": "Từ chối hồ sơ số 3"},
        {"actor_label": "Người khác"},
        {"object_id": "H31-99"},
        {"action": "dossier.reject"},
    ],
)
def test_a_modified_entry_is_detected(chain, change):
    _tamper(3, **change)
    report = verify_chain()
    assert not report.ok
    assert (report.broken_at, report.reason, report.checked) == (3, BreakReason.HASH_MISMATCH, 2)


def test_a_modified_entry_with_a_recomputed_hash_breaks_the_next_link(chain):
    entry = AuditEntry.objects.get(sequence=3)
    entry.summary = "Từ chối hồ sơ số 3"
    _tamper(3, summary=entry.summary, hash=entry.compute_hash())
    report = verify_chain()
    assert (report.broken_at, report.reason) == (4, BreakReason.PREV_HASH_MISMATCH)


def test_a_deleted_middle_entry_is_a_gap(chain):
    AuditEntry.objects.filter(sequence=3).delete()
    report = verify_chain()
    assert (report.broken_at, report.reason, report.checked) == (3, BreakReason.SEQUENCE_GAP, 2)


def test_a_deleted_first_entry_is_a_gap(chain):
    AuditEntry.objects.filter(sequence=1).delete()
    report = verify_chain()
    assert (report.broken_at, report.reason) == (1, BreakReason.SEQUENCE_GAP)


def test_deleted_newest_entries_are_detected_by_the_head(chain):
    AuditEntry.objects.filter(sequence__gte=4).delete()
    report = verify_chain()
    assert (report.broken_at, report.reason) == (4, BreakReason.HEAD_MISMATCH)


def test_a_forged_prev_hash_is_detected(chain):
    _tamper(4, prev_hash="f" * 64)
    report = verify_chain()
    assert (report.broken_at, report.reason) == (4, BreakReason.PREV_HASH_MISMATCH)


def test_swapped_entries_are_detected(chain):
    # Reorder entries 2 and 3 by swapping their sequence numbers (via a free number).
    _tamper(2, sequence=999)
    _tamper(3, sequence=2)
    _tamper(999, sequence=3)
    report = verify_chain()
    assert (report.broken_at, report.reason) == (2, BreakReason.PREV_HASH_MISMATCH)


def test_a_reassigned_actor_is_detected(chain):
    _tamper(2, actor=StaffFactory())
    report = verify_chain()
    assert (report.broken_at, report.reason) == (2, BreakReason.ACTOR_MISMATCH)


def test_a_rewritten_head_is_detected(chain):
    AuditChainHead.objects.update(hash="e" * 64)
    report = verify_chain()
    assert (report.broken_at, report.reason) == (5, BreakReason.HEAD_MISMATCH)


def test_the_command_reports_an_intact_chain_in_vietnamese(chain, capsys):
    call_command("verify_audit")
    assert "toàn vẹn: đã kiểm tra 5 bản ghi" in capsys.readouterr().out


def test_the_command_fails_with_exit_code_1_on_a_broken_chain(chain):
    _tamper(3, summary="Đã bị sửa")
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit")
    assert failure.value.returncode == 1
    assert "bị phá vỡ tại bản ghi số 3" in str(failure.value)
    assert "mã băm không khớp" in str(failure.value)


def test_the_history_of_one_object_is_listed_newest_first(chain):
    assert [
        e.object_id for e in audit_entry_list_for_object(object_type="dossier", object_id="H31-2")
    ] == ["H31-2"]
