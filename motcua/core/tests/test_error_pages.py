"""Error pages are Vietnamese (with the English catalogue), and a 500 page needs no context."""

import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_vietnamese_404_page(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_the_500_page_renders_without_a_request_and_says_nothing_was_half_saved():
    html = render_to_string("500.html")
    assert "không có dữ liệu nào bị ghi dở" in html and "nothing was half-saved" in html
