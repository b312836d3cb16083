import pytest
from django.template import Context, Template
from django.utils import translation

from motcua.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Sở Tư pháp", "so tu phap"),
        ("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"),
        ("Cấp  giấy phép   xây dựng", "cap giay phep xay dung"),
        ("Phường Phố Hiến", "phuong pho hien"),
        # NFD input (combining marks) folds the same as NFC.
        ("Ho\u0302\u0300 so\u031b", "ho so"),
    ],
)
def test_fold_removes_diacritics_case_and_extra_spaces(text, folded):
    assert fold(text) == folded


def test_money_is_shown_in_dong_with_dot_grouping():
    with translation.override("vi"):
        rendered = Template("{% load motcua %}{{ amount|vnd }}").render(
            Context({"amount": 1500000})
        )
    assert rendered == "1.500.000 ₫"


def test_dates_are_dd_mm_yyyy_in_vietnamese():
    import datetime

    with translation.override("vi"):
        rendered = Template("{{ day|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"day": datetime.date(2026, 2, 17)})
        )
    assert rendered == "17/02/2026"
