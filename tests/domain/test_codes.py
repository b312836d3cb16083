"""Tests of `motcua.domain.codes`: the dossier code `{unit}-{yymmdd}-{NNNN}` (SPEC §4).

One commented row per rule; hypothesis checks the round trip and that malformed text is
only ever refused with `InvalidDossierCode`.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.domain.codes import (
    MAX_SEQUENCE,
    UNIT_IDENTIFIER_RE,
    DossierCode,
    format_code,
    next_sequence,
    parse_code,
    validate_unit_identifier,
)
from motcua.domain.errors import (
    DomainError,
    InvalidDossierCode,
    InvalidUnitIdentifier,
    SequenceExhausted,
)

FAST = settings(max_examples=30, deadline=None, database=None)

# (unit, day, sequence, code)
CODES = [
    # SPEC §4.1 printed example, with Hưng Yên's believed suffix H31.
    ("000.00.06.H31", date(2023, 10, 27), 361, "000.00.06.H31-231027-0361"),
    # The first dossier of a day is 0001 (the counter restarts daily).
    ("000.00.06.H56", date(2025, 7, 1), 1, "000.00.06.H56-250701-0001"),
    # The last number of a day.
    ("G12.00.01.H29", date(2026, 12, 31), 9999, "G12.00.01.H29-261231-9999"),
    # Leap day, first year of the two-digit range.
    ("000.01.31.H31", date(2000, 2, 29), 42, "000.01.31.H31-000229-0042"),
]


@pytest.mark.parametrize(("unit", "day", "sequence", "code"), CODES)
def test_it_formats_and_parses_the_dossier_code(
    unit: str, day: date, sequence: int, code: str
) -> None:
    assert format_code(unit, day, sequence) == code
    assert parse_code(code) == DossierCode(unit, day, sequence)
    assert str(parse_code(code)) == code


def test_it_ignores_surrounding_spaces_and_letter_case_typed_by_applicants() -> None:
    assert str(parse_code("  000.00.06.h31-231027-0361\n")) == "000.00.06.H31-231027-0361"


MALFORMED = [
    "",  # empty
    "000.00.06.H31",  # unit only
    "000.00.06.H31-231027",  # no sequence
    "000.00.06.H31-231027-361",  # three-digit sequence
    "000.00.06.H31-231027-00361",  # five digits (ministry systems use 6-7: unsupported)
    "000.00.06.H31-231027-0000",  # sequences start at 0001
    "000.00.06.H31-20231027-0361",  # four-digit year
    "000.00.06.H31-231302-0361",  # month 13
    "000.00.06.H31-230229-0361",  # 29/02/2023 does not exist
    "000.00.06.H31_231027_0361",  # wrong separators
    "000-00-06-H31-231027-0361",  # unit with dashes
    "000.00.06.31-231027-0361",  # province code without its letter
    "000.00.06.H31-231027-0361-1",  # trailing part
    "000.00.06.H31-2310٢7-0361",  # a non-ASCII digit
    "000.00.06.H31-231027-0361\nx",  # a second line
    "000.00.06.ſ31-231027-0361",  # "ſ".upper() is "S": only ASCII letters are folded
]


@pytest.mark.parametrize("code", MALFORMED)
def test_it_refuses_malformed_codes_in_vietnamese(code: str) -> None:
    with pytest.raises(InvalidDossierCode, match="Mã hồ sơ"):
        parse_code(code)


def test_it_refuses_a_code_that_is_not_text() -> None:
    with pytest.raises(InvalidDossierCode):
        parse_code(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "good", ["000.00.06.H31", "000.01.31.H56", "G12.00.01.H29", "ABC.DE.FG.Z99"]
)
def test_unit_identifiers_follow_qcvn_102(good: str) -> None:
    assert validate_unit_identifier(good) == good


# Same shape as org.models.IDENTIFIER_CODE_RE, but a trailing newline is refused too.
@pytest.mark.parametrize(
    "bad",
    [
        "000.00.06",
        "H31",
        "000-00-06-H31",
        "000.00.06.31",
        "000.00.06.h31",
        "000.00.06.H31\n",
        " 000.00.06.H31",
        "",
    ],
)
def test_malformed_unit_identifiers_are_refused_in_vietnamese(bad: str) -> None:
    with pytest.raises(InvalidUnitIdentifier, match="Mã định danh điện tử"):
        validate_unit_identifier(bad)
    with pytest.raises(InvalidDossierCode):  # a bad unit is a bad dossier code
        format_code(bad, date(2025, 7, 1), 1)


# (arguments to format_code, what the message mentions)
BAD_PARTS = [
    (("000.00.06.H31", datetime(2025, 7, 1, 9), 1), "không kèm giờ"),  # a datetime
    (("000.00.06.H31", date(1999, 12, 31), 1), "2000-2099"),  # yy would read back as 2099
    (("000.00.06.H31", date(2100, 1, 1), 1), "2000-2099"),
    (("000.00.06.H31", date(2025, 7, 1), 0), "0001"),
    (("000.00.06.H31", date(2025, 7, 1), 10000), "9999"),
    (("000.00.06.H31", date(2025, 7, 1), True), "số nguyên"),  # bool is not a number here
    (("000.00.06.H31", date(2025, 7, 1), "1"), "số nguyên"),
]


@pytest.mark.parametrize(("args", "mentions"), BAD_PARTS)
def test_it_refuses_to_format_bad_parts(args: tuple[object, ...], mentions: str) -> None:
    with pytest.raises(InvalidDossierCode, match=mentions):
        format_code(*args)  # type: ignore[arg-type]


# (last number given today, next number) — the pure step of the reservation.
SEQUENCES = [
    (None, 1),  # first dossier of the day
    (1, 2),
    (360, 361),
    (9998, 9999),  # the last one there is
]


@pytest.mark.parametrize(("last", "expected"), SEQUENCES)
def test_it_steps_the_daily_sequence(last: int | None, expected: int) -> None:
    assert next_sequence(last) == expected


def test_the_sequence_runs_out_after_9999() -> None:
    with pytest.raises(SequenceExhausted, match="9999"):
        next_sequence(MAX_SEQUENCE)
    assert issubclass(SequenceExhausted, DomainError)


@pytest.mark.parametrize("corrupt", [0, -1, 10000])
def test_a_corrupt_last_number_is_refused(corrupt: int) -> None:
    with pytest.raises(InvalidDossierCode):
        next_sequence(corrupt)


_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
units = st.builds(
    "{}.{}.{}.{}{:02d}".format,
    st.text(_ALNUM, min_size=3, max_size=3),
    st.text(_ALNUM, min_size=2, max_size=2),
    st.text(_ALNUM, min_size=2, max_size=2),
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    st.integers(0, 99),
)
days = st.dates(date(2000, 1, 1), date(2099, 12, 31))
sequences = st.integers(1, MAX_SEQUENCE)


@FAST
@given(units, days, sequences)
def test_parse_reverses_format(unit: str, day: date, sequence: int) -> None:
    assert UNIT_IDENTIFIER_RE.fullmatch(unit)
    code = format_code(unit, day, sequence)
    assert len(code) == len(unit) + 12
    assert parse_code(code) == DossierCode(unit, day, sequence)


@FAST
@given(units, days, sequences, st.integers(0, 100_000))
def test_codes_of_one_unit_sort_by_day_then_sequence(
    unit: str, day: date, sequence: int, other: int
) -> None:
    later = date.fromordinal(min(day.toordinal() + other % 400, date(2099, 12, 31).toordinal()))
    a, b = format_code(unit, day, sequence), format_code(unit, later, MAX_SEQUENCE)
    assert (a <= b) == ((day, sequence) <= (later, MAX_SEQUENCE))


@FAST
@given(st.text(max_size=40))
def test_any_text_is_parsed_or_refused_cleanly(text: str) -> None:
    try:
        parsed = parse_code(text)
    except InvalidDossierCode:
        return
    assert str(parsed) == text.strip().upper()
