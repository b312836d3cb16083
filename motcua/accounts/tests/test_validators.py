import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.validators import (
    normalize_phone,
    validate_identity_number,
    validate_phone,
    validate_tax_code,
)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("0912 345 678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("091-234-5678", "0912345678"),
    ],
)
def test_phone_numbers_are_normalised_to_ten_digits(raw, normal):
    assert normalize_phone(raw) == normal


@pytest.mark.parametrize("bad", ["12345", "1912345678", "09123456789", "09a2345678"])
def test_bad_phone_numbers_are_refused_with_a_vietnamese_message(bad):
    with pytest.raises(ValidationError, match="10 chữ số"):
        validate_phone(bad)


def test_identity_number_has_twelve_digits():
    validate_identity_number("033090001234")
    with pytest.raises(ValidationError, match="12 chữ số"):
        validate_identity_number("33090001234")


@pytest.mark.parametrize("good", ["0900123456", "0900123456-001"])
def test_tax_codes_of_ten_or_thirteen_digits_are_accepted(good):
    validate_tax_code(good)


@pytest.mark.parametrize("bad", ["090012345", "0900123456001", "0900123456-01"])
def test_malformed_tax_codes_are_refused(bad):
    with pytest.raises(ValidationError, match="Mã số thuế"):
        validate_tax_code(bad)
