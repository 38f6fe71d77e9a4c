"""States and people: names, demonyms, capitals, metonyms, leaders in office, spans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from foedus.news.actors import (
    build_gazetteer,
    default_gazetteer,
    entries_from_directory,
    load_aliases,
)

D = dt.date


def found(text: str, on: dt.date | None = None) -> list[tuple[str, int | None, str]]:
    gaz = default_gazetteer()
    mentions = gaz.find(text, on=on)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.cow, m.kind) for m in mentions]


def test_names_demonyms_capitals_and_metonyms() -> None:
    text = (
        "Moscow and the Kremlin backed North Korean troops; Washington, the U.S. and Seoul objected"
    )
    assert found(text) == [
        ("Moscow", 365, "capital"), ("the Kremlin", 365, "metonym"),
        ("North Korean", 731, "demonym"),
        ("Washington", 2, "capital"), ("U.S.", 2, "name"), ("Seoul", 732, "capital"),
    ]  # fmt: skip


def test_longest_name_wins_and_not_state_phrases_name_nothing() -> None:
    assert [c for _, c, _ in found("Papua New Guinea, Guinea and North Korean ships")] == [
        910,
        438,
        731,
    ]
    assert found("Ships in the South China Sea and the Indian Ocean, from New Mexico") == []


def test_brussels_is_a_place_not_belgium() -> None:
    assert found("Ministers met in Brussels.") == [("Brussels", None, "place")]


def test_hyphenated_pairs_and_combining_forms() -> None:
    assert [c for _, c, _ in found("the Japan-Australia pact and the Sino-Soviet split")] == [
        740,
        900,
        710,
        365,
    ]


def test_leaders_count_only_while_in_office() -> None:
    assert found("Trump said so.", on=D(2019, 5, 1)) == [("Trump", 2, "person")]
    assert found("Trump said so.", on=D(2023, 5, 1)) == []
    assert found("Biden and Putin spoke.", on=D(2024, 1, 1)) == [
        ("Biden", 2, "person"),
        ("Putin", 365, "person"),
    ]
    # Without a date any holder of the name counts.
    assert found("Medvedev spoke.") == [("Medvedev", 365, "person")]


def test_a_common_surname_needs_the_full_name_first() -> None:
    on = D(2024, 6, 19)
    assert found("Mr. Kim spoke.", on=on) == []
    assert found("Kim Jong-un arrived. Later Mr. Kim spoke.", on=on) == [
        ("Kim Jong-un", 731, "person"), ("Mr. Kim", 731, "person"),
    ]  # fmt: skip
    # A word-like surname ("May") needs a title even then.
    assert [t for t, _, _ in found("Theresa May left in May.", on=D(2017, 1, 1))] == ["Theresa May"]


def test_an_office_outside_any_state_is_a_person_without_a_state() -> None:
    assert found("Stoltenberg said", on=D(2020, 1, 1)) == [("Stoltenberg", None, "person")]
    assert found("Stoltenberg said", on=D(2010, 1, 1)) == [("Stoltenberg", 385, "person")]


def test_states_that_ended_prefer_the_code_valid_on_the_day() -> None:
    assert found("West Germany joined NATO.", on=D(1955, 5, 9)) == [("West Germany", 260, "name")]
    assert found("West Germany joined NATO.", on=D(2020, 1, 1)) == []  # no such state then


def test_build_from_entries_skips_unsafe_abbreviations() -> None:
    gaz = build_gazetteer([(20, "Canada"), (20, "CAN"), (2, "United States of America")])
    assert [(m.text, m.cow) for m in gaz.find("CAN Canada USA")] == [("Canada", 20), ("USA", 2)]
    assert gaz.name_of(2) == "United States"  # the curated display name


def test_curated_people_have_sane_terms() -> None:
    book = load_aliases()
    assert len(book.people) > 150
    for person in book.people:
        assert person.roles, person.name
        for role in person.roles:
            assert role.start is not None, person.name
            assert role.end is None or role.end >= role.start, person.name
            assert role.cow is not None or role.office, person.name


@pytest.mark.data
def test_gazetteer_from_the_cow_list_and_the_state_directory(data_dir: Path) -> None:
    from foedus.codes import StateDirectory
    from foedus.news.actors import cow_state_entries
    from foedus.sources.states import read_cow_states

    gaz = build_gazetteer(cow_state_entries(data_dir / "cow-states-2016" / "states2016.csv"))
    assert [(m.text, m.cow) for m in gaz.find("Tuvalu and Zimbabwe", on=D(2010, 1, 1))] == [
        ("Tuvalu", 947), ("Zimbabwe", 552),
    ]  # fmt: skip
    directory = StateDirectory.build(
        read_cow_states(data_dir / "cow-states-2016" / "states2016.csv")
    )
    gaz = build_gazetteer(entries_from_directory(directory))
    assert [m.cow for m in gaz.find("Swaziland, Burma and Viet Nam", on=D(2010, 1, 1))] == [
        572,
        775,
        816,
    ]
