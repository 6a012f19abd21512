import pytest

from v2t.harm_kinds import HARM_CODES, parse_category, row_category


def test_categories_parse_to_prefix_and_kind():
    assert parse_category("harm:scam") == ("harm", "scam")
    assert parse_category("near_miss:payment") == ("near_miss", "payment")
    assert parse_category("plain") is None
    assert parse_category(None) is None
    with pytest.raises(ValueError, match="unknown harm kind 'cheating'"):
        parse_category("harm:cheating")


def test_every_kind_of_contract_section_3_has_a_code():
    assert len(HARM_CODES) == 12 and HARM_CODES[-1] == "other"


def test_row_category_is_found_in_each_row_format():
    lockbox_row = {"source": {"category": "harm:forgery", "provenance": "x"}}
    seed_row = {"provenance": {"source": "hand_authored:seeds-v2", "category": "near_miss:drugs_weapons"}}
    sft_row = {"provenance": {"seed": "s1", "form": "original", "source": seed_row["provenance"]}}
    assert row_category(lockbox_row) == "harm:forgery"
    assert row_category(seed_row) == "near_miss:drugs_weapons"
    assert row_category(sft_row) == "near_miss:drugs_weapons"
    assert row_category({"provenance": "hand_authored:seeds-v1"}) is None
