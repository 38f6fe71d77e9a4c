"""Treaty events: the seed, and one hand-built case per rule (each answer worked out by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from foedus.model import ObligationType, PartialDate
from foedus.news import ingest
from foedus.news.records import Event

D = dt.date


def events(text: str, published: dt.date | None = None) -> list[Event]:
    result = ingest(text, published=published)
    article = result.articles[0]
    for e in result.events:
        for span in e.evidence:
            assert article.text[span.start : span.end] == span.text, span
    return list(result.events)


def one(text: str, published: dt.date | None = None) -> Event:
    found = events(text, published)
    assert len(found) == 1, [(e.kind, e.cows) for e in found]
    return found[0]


def test_the_seed_article(seed_path: Path) -> None:
    result = ingest(seed_path, published="2024-06-19")
    (e,) = result.events
    assert e.kind == "signed"
    assert [(p.cow, p.name) for p in e.parties] == [(365, "Russia"), (731, "North Korea")]
    assert e.date == PartialDate(2024, 6, 19)
    assert e.place == "Pyongyang"
    assert e.obligation_types == (ObligationType.DEFENSE,)
    assert len(e.predecessors) == 1 and "1961 treaty" in e.predecessors[0]
    assert e.conditions == ("in the event of “aggression” against either country",)
    speakers = {q.speaker for q in e.quotes}
    assert speakers == {"Vladimir Putin", "Kim Jong-un"}
    by_text = {q.text: q.speaker for q in e.quotes}
    assert by_text["alliance"] == "Kim Jong-un"
    assert (
        by_text["does not exclude the development of military-technical cooperation"]
        == "Vladimir Putin"
    )
    fields = {s.field for s in e.evidence}
    assert fields >= {"kind", "parties", "date", "place", "treaty_name", "obligation_types",
                      "conditions", "predecessors", "quotes"}  # fmt: skip
    text = result.articles[0].text
    assert any(text[s.start : s.end] == "Wednesday" for s in e.evidence if s.field == "date")


def test_seed_without_a_publication_date_has_no_date(seed_path: Path) -> None:
    (e,) = ingest(seed_path).events
    assert e.date is None and e.cows == (365, 731)


def test_signed_with_parties_date_place_and_pledge() -> None:
    e = one("Russia and Belarus signed a mutual defence treaty in Minsk on Friday.", D(2024, 12, 6))
    assert (e.kind, e.cows, e.date, e.place) == (
        "signed",
        (365, 370),
        PartialDate(2024, 12, 6),
        "Minsk",
    )
    assert e.obligation_types == (ObligationType.DEFENSE,)


def test_a_signature_with_a_partner() -> None:
    e = one(
        "Japan signed a reciprocal access agreement with the Philippines on Monday, irking China.",
        D(2024, 7, 8),
    )
    assert e.cows == (740, 840)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Russia and Iran will sign a defence treaty next week.", "planned"),
        ("Russia and Iran plan to sign a defence treaty.", "planned"),
        ("Russia and Iran did not sign a defence treaty.", "denied"),
        ("No defence treaty was signed by Russia and Iran.", "denied"),
        ("Russia and Iran had signed a defence treaty.", "recalled"),
        ("Russia and Iran signed a defence treaty in 2001.", "recalled"),
        ("Britain and India signed a free trade agreement on Thursday.", "trade"),
        ("Egypt and Iran joined BRICS on Monday.", "not an alliance"),
        ("Will Russia and Iran sign a defence treaty?", None),
    ],
)
def test_no_event_and_why(text: str, reason: str | None) -> None:
    result = ingest(text, published="2024-06-19")
    assert result.events == ()
    if reason is not None:
        reasons = [s.reason for s in result.articles[0].set_aside]
        assert any(reason in r for r in reasons), reasons


def test_places_and_targets_are_not_parties() -> None:
    text = (
        "Putin and Kim Jong-un signed the treaty in Pyongyang on Wednesday, a pact aimed against "
        "the "
        "United States that alarmed South Korea."
    )
    assert one(text, D(2024, 6, 19)).cows == (365, 731)


def test_the_two_leaders_means_the_last_pair_named() -> None:
    text = (
        "Vladimir Putin of Russia and Kim Jong-un of North Korea met in Pyongyang on Wednesday.\n\n"
        "Speaking in Pyongyang after the two leaders signed the treaty, Mr. Putin praised Mr. Kim."
    )
    assert one(text, D(2024, 6, 19)).cows == (365, 731)


def test_a_number_of_states_named_after_the_verb() -> None:
    text = (
        "Three NATO members triggered Article 4 on Thursday.\n\n"
        "Estonia, Latvia and Lithuania made the request after the attack."
    )
    e = one(text, D(2022, 2, 24))
    assert (e.kind, e.cows) == ("invoked", (366, 367, 368))


@pytest.mark.parametrize(
    ("text", "kind", "cows"),
    [
        ("Turkey's parliament ratified Sweden's NATO accession protocol on Tuesday.", "ratified",
         (640,)),
        ("The State Duma ratified the treaty with North Korea on Thursday.", "ratified", (365,)),
        ("The Russia-North Korea treaty entered into force on Wednesday.", "entered_into_force",
         (365, 731)),
        ("Finland formally joined NATO on Tuesday.", "acceded", (375,)),
        ("Sweden became the 32nd member of NATO on Thursday.", "acceded", (380,)),
        ("Armenia froze its participation in the CSTO on Thursday.", "suspended", (371,)),
        ("Russia withdrew from the CFE treaty on Tuesday.", "withdrawn", (365,)),
        ("Mali, Burkina Faso and Niger announced their withdrawal from ECOWAS on Sunday.",
         "withdrawn",
         (432, 436, 439)),
        ("Poland invoked Article 4 of the North Atlantic Treaty on Wednesday.", "invoked", (290,)),
        ("The 1997 friendship treaty between Ukraine and Russia expired on Monday.", "expired",
         (365, 369)),
    ],
)  # fmt: skip
def test_each_kind(text: str, kind: str, cows: tuple[int, ...]) -> None:
    e = one(text, D(2024, 6, 19))
    assert (e.kind, e.cows) == (kind, cows)


def test_a_law_ratifying_is_a_ratification_not_a_signature() -> None:
    e = one("Putin signed a law ratifying the treaty with North Korea on Saturday.", D(2024, 11, 9))
    assert (e.kind, e.cows, e.date) == ("ratified", (365,), PartialDate(2024, 11, 9))


def test_background_events_are_set_aside() -> None:
    text = (
        "North Korea scraps military pact\n\n"
        "North Korea said on Thursday it was scrapping a 2018 military agreement with the South."
        "\n\n"
        "The move came a day after Seoul partially suspended the agreement."
    )
    result = ingest(text, published="2023-11-23")
    assert [(e.kind, e.cows) for e in result.events] == [("withdrawn", (731,))]
    assert any("background" in s.reason for s in result.articles[0].set_aside)


def test_a_participle_describing_an_old_treaty_is_not_news() -> None:
    text = "The treaty, signed by Kuchma and Yeltsin, expired on Monday between Ukraine and Russia."
    assert [e.kind for e in events(text, D(2019, 4, 1))] == ["expired"]


def test_neutrality_is_not_defense() -> None:
    text = (
        "Russia and Iran signed a strategic partnership treaty on Friday. It does not include a "
        "mutual defence clause; each side pledges not to provide any military assistance to an "
        "aggressor."
    )
    assert one(text, D(2025, 1, 17)).obligation_types == (ObligationType.NEUTRALITY,)


def test_quotes_of_a_non_party_keep_their_speaker_and_add_no_party() -> None:
    text = (
        "Finland formally joined NATO on Tuesday.\n\n"
        "\u201cThis is a good day,\u201d NATO Secretary General Jens Stoltenberg said. "
        "\u201cWe made it,\u201d said Sauli Niinisto."
    )
    e = one(text, D(2023, 4, 4))
    assert e.cows == (375,)
    assert [(q.speaker, q.cow, q.text) for q in e.quotes] == [
        ("Jens Stoltenberg", None, "This is a good day"), ("Sauli Niinistö", 375, "We made it"),
    ]  # fmt: skip


def test_an_event_becomes_a_treaty_event_with_the_article_as_source(seed_path: Path) -> None:
    (e,) = ingest(seed_path, published="2024-06-19").events
    te = e.as_treaty_event()
    assert (te.kind, te.parties, te.date) == ("signed", (365, 731), PartialDate(2024, 6, 19))
    assert te.source.dataset == "article" and te.source.row == str(seed_path)
    assert e.to_dict()["source"] == str(seed_path)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Russia and Belarus signed a treaty on security guarantees, the Kremlin said.",
         "treaty on security guarantees"),
        ("France and Poland signed the Treaty of Nancy on Friday.", "Treaty of Nancy"),
        ("Iran and Russia signed a strategic partnership treaty on Friday.",
         "strategic partnership treaty"),
    ],
)  # fmt: skip
def test_treaty_name_as_written(text: str, name: str) -> None:
    assert one(text, D(2025, 5, 9)).treaty_name == name


def test_an_all_capitals_headline_does_not_swallow_the_next_paragraph() -> None:
    text = "RUSSIA AND BELARUS SIGN SECURITY PACT\n\nRussia and Belarus have signed a treaty."
    e = one(text)
    assert e.cows == (365, 370) and "\n" not in (e.treaty_name or "")


@pytest.mark.parametrize(
    ("text", "kind", "actor", "organisation"),
    [
        # The ratifying state, not its counterparty, acted.
        ("The State Duma ratified the treaty with North Korea on Thursday.", "ratified", 365,
         None),
        ("Finland formally joined NATO on Tuesday.", "acceded", 375, "NATO"),
        ("Armenia froze its participation in the CSTO on Thursday.", "suspended", 371, "CSTO"),
        # Three states left together: no single actor.
        ("Mali, Burkina Faso and Niger announced their withdrawal from ECOWAS on Sunday.",
         "withdrawn", None, "ECOWAS"),
        # A joint signature: no single actor, and a treaty is no organisation.
        ("Russia and Belarus signed a mutual defence treaty in Minsk on Friday.", "signed", None,
         None),
        ("Russia withdrew from the CFE treaty on Tuesday.", "withdrawn", 365, None),
    ],
)  # fmt: skip
def test_actor_and_organisation(
    text: str, kind: str, actor: int | None, organisation: str | None
) -> None:
    e = one(text, D(2024, 6, 19))
    assert (e.kind, e.actor.cow if e.actor else None, e.organisation) == (
        kind,
        actor,
        organisation,
    )
    assert e.to_dict()["actor"] == (e.actor.to_dict() if e.actor else None)
