"""record(): one linear hash chain, written in the caller's transaction."""

import hashlib
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from motcua.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry, canonical_bytes
from motcua.audit.models import entry_hash as compute
from motcua.audit.services import AuditOutsideTransaction, record
from motcua.testing.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _record(n: int = 0, **kwargs):
    fields = {
        "actor": None,
        "action": "dossier.receive",
        "object_type": "dossier",
        "object_id": f"000.00.01.H31-260301-{n:04d}",
        "summary": "Tiếp nhận hồ sơ",
    }
    fields.update(kwargs)
    with transaction.atomic():
        return record(**fields)


def test_the_first_entry_starts_from_the_genesis_hash():
    entry = _record()
    assert entry.sequence == 1
    assert entry.prev_hash == GENESIS_HASH
    assert entry.hash == entry.compute_hash()
    assert len(entry.hash) == 64


def test_each_entry_links_to_the_previous_hash():
    first, second, third = _record(1), _record(2), _record(3)
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.hash) == (3, third.hash)


def test_a_rolled_back_transaction_leaves_no_entry_and_no_gap():
    _record(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        record(
            actor=None,
            action="catalog.publish",
            object_type="procedure",
            object_id="1.001",
            summary="Công bố thủ tục",
        )
        raise RuntimeError("the state change failed")
    assert AuditEntry.objects.count() == 1
    assert _record(2).sequence == 2


def test_the_actor_label_names_the_person_and_survives_their_deletion():
    actor = StaffFactory(full_name="Trần Văn Đức", username="ducvt")
    entry = _record(actor=actor, ip_address="192.0.2.7")
    assert entry.actor_label == "Trần Văn Đức (ducvt)"
    assert entry.actor_ref == actor.pk
    actor.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor is None
    assert entry.actor_label == "Trần Văn Đức (ducvt)"
    assert entry.compute_hash() == entry.hash


def test_the_system_is_the_actor_when_there_is_no_user():
    assert _record().actor_label == "Hệ thống"


def test_strings_are_stored_in_nfc_and_data_as_plain_json():
    decomposed = "Tie\u0302\u0301p nha\u0323\u0302n"  # "Tiếp nhận" in NFD
    entry = _record(summary=decomposed, data={"phí": Decimal("150000"), "ngày": "2026-03-01"})
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.summary == "Tiếp nhận"
    assert entry.data == {"phí": "150000", "ngày": "2026-03-01"}
    assert entry.compute_hash() == entry.hash


def test_floats_in_data_are_refused():
    with pytest.raises(TypeError):
        _record(data={"amount": 1.5})


def test_a_malformed_action_is_refused():
    with pytest.raises(ValueError):
        _record(action="Receive dossier")


@pytest.mark.parametrize("ip", ["192.0.2.7", "2001:db8::1", "::ffff:10.0.0.1"])
def test_ip_addresses_hash_the_same_after_the_round_trip(ip):
    entry = _record(ip_address=ip)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.ip_address == entry.ip_address
    assert stored.compute_hash() == entry.hash


def test_entries_are_append_only_through_the_orm():
    entry = _record()
    entry.summary = "Đã sửa"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_fails():
    with pytest.raises(AuditOutsideTransaction, match=r"transaction\.atomic\(\)"):
        record(
            actor=None,
            action="dossier.receive",
            object_type="dossier",
            object_id="1",
            summary="Tiếp nhận hồ sơ",
        )
    assert not AuditEntry.objects.exists()


FIXED = {
    "sequence": 7,
    "actor_ref": 42,
    "actor_label": "Trần Văn Đức (ducvt)",
    "action": "workcal.day_set",
    "object_type": "calendar_day",
    "object_id": "2026-02-16",
    "summary": "Đặt ngày nghỉ Tết Nguyên đán",
    "data": {"kind": "holiday", "lý_do": "Tết", "days": [1, 2]},
    "ip_address": "192.0.2.7",
    "prev_hash": "a" * 64,
}
AT_UTC = datetime(2026, 2, 1, 2, 3, 4, 5, tzinfo=UTC)
GOLDEN_BYTES = (
    '{"action":"workcal.day_set","actor_label":"Trần Văn Đức (ducvt)","actor_ref":42,'
    '"at":"2026-02-01T02:03:04.000005Z","data":{"days":[1,2],"kind":"holiday","lý_do":"Tết"},'
    '"ip_address":"192.0.2.7","object_id":"2026-02-16","object_type":"calendar_day",'
    '"prev_hash":"' + "a" * 64 + '","sequence":7,"summary":"Đặt ngày nghỉ Tết Nguyên đán","v":1}'
).encode()


def test_the_canonical_form_is_exactly_the_documented_one():
    assert canonical_bytes(at=AT_UTC, **FIXED) == GOLDEN_BYTES


@pytest.mark.parametrize(
    ("language", "zone"),
    [("vi", "Asia/Ho_Chi_Minh"), ("en", "America/New_York"), ("en", "Pacific/Kiritimati")],
)
def test_the_hash_does_not_depend_on_language_or_time_zone(language, zone):
    with translation.override(language), override_settings(TIME_ZONE=zone), timezone.override(zone):
        local_at = AT_UTC.astimezone(ZoneInfo(zone))
        digest = compute(at=local_at, **FIXED)
    assert digest == hashlib.sha256(GOLDEN_BYTES).hexdigest()


def test_a_stored_entry_hashes_the_same_under_another_language_and_zone():
    entry = _record(data={"note": "Hồ sơ đầy đủ"})
    with translation.override("en"), timezone.override("America/New_York"):
        assert AuditEntry.objects.get(pk=entry.pk).compute_hash() == entry.hash
