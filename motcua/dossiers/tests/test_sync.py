# SPDX-License-Identifier: MPL-2.0
"""The national-portal record of a dossier and its delivery through the fake provider."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from motcua.dossiers.notify import SYNC_TOPIC
from motcua.dossiers.services import dossier_forward
from motcua.dossiers.sync import dossier_record, load_for_sync, national_date
from motcua.integrations.dvcqg.base import DvcqgError
from motcua.integrations.dvcqg.fake.provider import FakeDvcqgProvider
from motcua.outbox.models import OutboxMessage, OutboxStatus
from motcua.outbox.worker import Worker
from motcua.testing.dossier_world import build_world, receive_walk_in

pytestmark = pytest.mark.django_db
T0 = "2026-11-25 09:00 +07:00"


@pytest.fixture
def world(time_machine):
    time_machine.move_to(T0, tick=False)
    FakeDvcqgProvider.reset()
    yield build_world()
    FakeDvcqgProvider.reset()


def drain():
    worker = Worker(worker_id="test")
    while worker.run_once().claimed:
        pass


def test_national_dates_are_compact_vietnam_time():
    assert national_date(datetime(2026, 11, 25, 2, 5, 9, tzinfo=UTC)) == "20261125090509"
    assert national_date(None) == ""


def test_the_record_carries_the_decision_31_fields(world, django_assert_max_num_queries):
    dossier = receive_walk_in(world)
    with django_assert_max_num_queries(8):
        record = dossier_record(load_for_sync(dossier.code))
    assert record["MaHoSo"] == dossier.code
    assert record["MaTTHC"] == world.version.procedure.code
    assert record["TenTTHC"] == world.version.name
    assert record["MaLinhVuc"] == world.version.field.code
    assert record["MaDinhDanhDV"] == "000.00.06.H31"
    assert (record["TrangThaiHoSo"], record["TrangThaiDVCQG"]) == ("2", "new")
    assert record["KenhThucHien"] == "1"  # at the counter
    assert (record["LoaiDoiTuong"], record["ChuHoSo"]) == ("1", "Nguyễn Văn An")
    assert record["SoGiayToChuHoSo"] == "034090001234"
    assert record["NgayNopHoSo"] == record["NgayTiepNhan"] == "20261125090000"
    assert record["NgayHenTra"] == "20261202090000"  # 5 working days
    assert record["NgayKetThucXuLy"] == record["NgayTra"] == record["NgayTuChoi"] == ""
    assert record["HinhThuc"] == "0" and record["DonViXuLy"] == "Sở Tư pháp"
    assert record["TaiLieuNop"] == [
        {
            "MaThanhPhanHoSo": str(world.form.pk),
            "TenThanhPhanHoSo": "Tờ khai theo mẫu",
            "DuocSoHoa": 1,  # a file was scanned in at the counter
            "DuocTaiSuDung": 0,
            "DuocLayTuKhoDMQG": 0,
        }
    ]
    assert record["HoSoCoThanhPhanSoHoa"] == 1
    assert [fee["TenPhiLePhi"] for fee in record["DanhSachLePhi"]] == ["Lệ phí"]
    assert record["QuaTrinhXuLy"] == [
        {
            "NguoiXuLy": "Lê Thị Tiếp Nhận",
            "ThoiDiemXuLy": "20261125090000",
            "NoiDungXuLy": "Tiếp nhận hồ sơ",
            "TrangThai": "2",
        }
    ]
    assert record["DanhSachHoSoBoSung"] == [] and record["DanhSachGiayToKetQua"] == []


def test_a_sub_state_is_sent_as_the_portal_text():
    from motcua.dossiers.sync import national_status_text

    class Stub:
        status, sub_state = 4, "interoperating"

    assert national_status_text(Stub()) == "interoperating"  # type: ignore[arg-type]


def test_every_status_change_reaches_the_fake_portal_with_the_current_record(world):
    dossier = receive_walk_in(world)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk, to_user=world.leader)
    drain()
    sent = FakeDvcqgProvider.sent
    assert [(s.record["MaHoSo"], s.updating) for s in sent] == [
        (dossier.code, False),
        (dossier.code, True),
    ]
    # Built at delivery, from the dossier as it is then: both say "processing".
    assert [s.record["TrangThaiHoSo"] for s in sent] == ["4", "4"]
    assert [len(s.record["QuaTrinhXuLy"]) for s in sent] == [2, 2]
    assert all(s.idempotency_key.endswith(":dvcqg") for s in sent)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_a_portal_outage_is_retried_and_a_refusal_goes_dead(world):
    receive_walk_in(world)
    FakeDvcqgProvider.fail_next(DvcqgError("DVCQG trả lời HTTP 503"))
    drain()
    row = OutboxMessage.objects.get(topic=SYNC_TOPIC)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "DVCQG trả lời HTTP 503")
    FakeDvcqgProvider.fail_next(DvcqgError("error_code 2", permanent=True))
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    drain()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("dead", 2)
    assert FakeDvcqgProvider.sent == []


def test_a_sync_queued_before_the_portal_was_switched_off_goes_dead(world, settings):
    receive_walk_in(world)
    Worker(worker_id="fan-out").run_once()  # queues the sync
    settings.DVCQG_PROVIDER = ""
    drain()
    row = OutboxMessage.objects.get(topic=SYNC_TOPIC)
    assert row.status == "dead" and "DVCQG_PROVIDER" in row.last_error


def test_the_fake_can_also_write_json_lines(world, settings, tmp_path):
    settings.DVCQG_FAKE_FILE = str(tmp_path / "dvcqg.jsonl")
    dossier = receive_walk_in(world)
    drain()
    (line,) = (tmp_path / "dvcqg.jsonl").read_text(encoding="utf-8").splitlines()
    assert f'"MaHoSo": "{dossier.code}"' in line and "Nguyễn Văn An" in line
