"""Time expressions: detection, resolution against the publication date, and the spaCy stage."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from triangulate.model import Article
from triangulate.stages.timex import Timex, date_for, find_timexes, grammar

WED = date(2026, 3, 4)  # a Wednesday
FRI = date(2026, 3, 6)  # a Friday


def _one(text: str, lang: str = "en", published: date | None = WED, covered: str = "") -> Timex:
    found = find_timexes(text, lang, published)
    matches = [t for t in found if not covered or t.text == covered]
    assert matches, f"no timex {covered!r} in {[t.text for t in found]}"
    return matches[0]


def _doc(text: str, lang: str, published: date | None) -> Any:
    from triangulate.nlp.pipelines import get_pipeline

    nlp = get_pipeline(lang)
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, source="test", language=lang, published=published)
    return nlp(doc)


@pytest.mark.parametrize(
    ("text", "published", "covered", "value"),
    [
        # Past tense picks the latest such weekday; the publication day itself counts.
        ("The minister resigned on Sunday after the vote.", WED, "Sunday", "2026-03-01"),
        (
            "The ministry said in a statement on Friday that it objects.",
            FRI,
            "Friday",
            "2026-03-06",
        ),
        ("The talks ended on Monday.", FRI, "Monday", "2026-03-02"),
        # Future tense picks the next one.
        ("The committee will meet on Monday to decide.", WED, "Monday", "2026-03-09"),
        ("Voters will go to the polls next Sunday.", WED, "next Sunday", "2026-03-08"),
        ("Prices fell last Friday.", FRI, "last Friday", "2026-02-27"),
    ],
)
def test_weekdays_follow_tense(text: str, published: date, covered: str, value: str) -> None:
    timex = _one(text, published=published, covered=covered)
    assert timex.value == value
    assert timex.resolved and timex.precision == "day"


def test_relative_months_and_ranges() -> None:
    assert _one("Exports fell last month.", covered="last month").value == "2026-02"
    end = _one("The groups formed a pact at the end of last month.", published=FRI)
    assert end.text == "the end of last month"
    assert end.value == {"from": "2026-02-21", "to": "2026-02-28"}
    assert end.precision == "range" and end.timeml == "2026-02" and end.mod == "END"
    year = _one("The two sides have been talking for around a year.", published=FRI)
    assert year.text == "around a year" and year.mod == "APPROX"
    assert year.value == {"from": "2025-03-06", "to": "2026-03-06"}
    week = _one("They plan to launch an offensive within a week.", published=FRI)
    assert week.value == {"from": "2026-03-06", "to": "2026-03-13"} and week.signal == "within"
    coming = _one("Troops are expected to move in the coming days.", published=FRI)
    assert coming.text == "the coming days" and coming.precision == "range"
    assert coming.value["from"] == "2026-03-06" and coming.timeml == "PXD"


def test_absolute_dates() -> None:
    assert _one("It happened on March 3, 1998, in Nairobi.").value == "1998-03-03"
    assert _one("Talks resume on 12 April.", published=WED).value == "2026-04-12"
    assert _one("The law passed in July 1997.").value == "1997-07"
    assert _one("Sales rose in fiscal 1989.").value == "1989"
    assert _one("Revenue in the third quarter rose.", published=date(1989, 10, 26)).value == (
        "1989-Q3"
    )
    assert _one("A year ago prices were lower.", published=date(1998, 2, 6)).value == "1997"
    clock = _one("The blast came at 10:40 a.m. local time.", published=FRI)
    assert clock.type == "TIME" and clock.value == "2026-03-06T10:40"


def test_swedish_idioms() -> None:
    assert _one("Han talade med dem i söndags.", "sv", WED).value == "2026-03-01"
    assert _one("Beslutet togs i fredags.", "sv", WED).value == "2026-02-27"
    soon = _one("Styrkorna väntas gå in inom de närmaste dagarna.", "sv", WED)
    assert soon.text == "inom de närmaste dagarna"
    assert soon.value == {"from": "2026-03-04", "to": "2026-03-11"}
    recent = _one("Gardet har nyligen använt drönare.", "sv", WED)
    assert recent.timeml == "PAST_REF" and not recent.resolved
    assert _one("Mötet hölls den 5 mars 2026.", "sv", WED).value == "2026-03-05"
    assert _one("Det hände för två år sedan.", "sv", WED).value == "2024"
    assert _one("Priserna steg förra månaden.", "sv", WED).value == "2026-02"


def test_no_publication_date_means_unresolved() -> None:
    found = find_timexes("They met on Friday and again last month.", "en", None)
    assert [t.text for t in found] == ["Friday", "last month"]
    assert not any(t.resolved for t in found)
    assert found[0].value == "XXXX-WXX-5"
    # An absolute date needs no anchor.
    assert _one("It was signed on March 3, 1998.", published=None).resolved


def test_not_time() -> None:
    assert find_timexes("Prices may fall and the spring rose.", "en", WED) == []
    assert find_timexes("The 2000 people who marched in 1,500 cars.", "en", WED) == []
    assert [t.type for t in find_timexes("He earns $40,000 a year.", "en", WED)] == ["SET"]


@pytest.mark.parametrize(
    "text",
    [
        "It was 31 February 2026.",
        "In 1066 and in 2199 and the year 9999 on Sunday 31/13/2026.",
        "5.000 5 000 5,000.5 days ago " * 40,
        "Friday " * 1000,
        "word " * 1000 + "last week " + "word " * 1000,
        "",
        "\x00\ufeff\u200b on Friday 0000-00-00 and 9999-99-99",
        "99999999999999999999 years ago and 1e308 days ago",
    ],
)
def test_hostile_input_never_raises(text: str) -> None:
    for lang in ("en", "sv", "xx"):
        for published in (WED, None, date(1, 1, 1), date(9999, 12, 31)):
            for timex in find_timexes(text, lang, published):
                assert 0 <= timex.start < timex.end <= len(text)


def test_impossible_date_keeps_the_month() -> None:
    timex = _one("It was 31 February 2026.")
    assert timex.value == "2026-02" and timex.precision == "month"


def test_unknown_language_has_no_grammar() -> None:
    assert grammar("zz") is None
    assert find_timexes("on Friday", "zz", WED) == []


def test_stage_and_date_for() -> None:
    text = (
        "Iran threatened on Friday to strike the bases. Separately, analysts expect talks "
        "to resume. The alliance was announced at the end of last month."
    )
    doc = _doc(text, "en", FRI)
    spans = doc.spans["timex"]
    assert spans[0]._.timex["value"] == "2026-03-06"
    trigger = text.index("threatened")
    assert date_for(doc, trigger, trigger + len("threatened"))["value"] == "2026-03-06"
    # No date in the sentence: none is borrowed from another.
    expect = text.index("expect")
    assert date_for(doc, expect, expect + 6) is None
    announced = text.index("announced")
    found = date_for(doc, announced, announced + 9)
    assert found is not None and found["value"] == {"from": "2026-02-21", "to": "2026-02-28"}
    assert found["text"] == "the end of last month"


def _unparsed_doc(text: str, lang: str, published: date | None) -> Any:
    """A Doc through a blank pipeline (sentences and times only): no tagger, no parser."""
    import spacy

    from triangulate.stages import load_stage_modules

    load_stage_modules()
    nlp = spacy.blank(lang)
    nlp.add_pipe("tri_sentences")
    nlp.add_pipe("tri_timex")
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, source="test", language=lang, published=published)
    return nlp(doc)


def test_stage_without_parser() -> None:
    doc = _unparsed_doc("Beslutet togs i fredags och mötet hålls på måndag.", "sv", WED)
    assert not doc.has_annotation("DEP")
    assert [s._.timex["value"] for s in doc.spans["timex"]] == ["2026-02-27", "2026-03-09"]
    assert date_for(doc, 0, 8) == doc.spans["timex"][0]._.timex | {
        "text": "i fredags",
        "reference": "published",
    }


def test_stage_without_date() -> None:
    doc = _doc("Beslutet togs i fredags och mötet hålls på måndag.", "sv", None)
    infos = [s._.timex for s in doc.spans["timex"]]
    assert len(infos) == 2 and not any(i["resolved"] for i in infos)
    assert date_for(doc, 0, 8) is None


def test_timex_section_records() -> None:
    from triangulate.stages.timex import timex_records

    text = "Prices rose on Sunday."
    doc = _doc(text, "en", WED)
    (record,) = timex_records(doc)
    assert record["text"] == "Sunday" and text[record["start"] : record["end"]] == "Sunday"
    assert record["value"] == "2026-03-01" and record["sentence"] == [0, len(text)]
    assert record["article"] == doc._.article.id


@pytest.mark.parametrize(
    ("lang", "text", "covered", "value"),
    [
        ("de", "Die Regierung erklärte am Freitag, sie lehne das ab.", "Freitag", "2026-02-27"),
        ("de", "Der Angriff begann am 6. März 2026.", "6. März 2026", "2026-03-06"),
        ("de", "Das geschah vor zwei Jahren.", "vor zwei Jahren", "2024"),
        ("de", "Letzte Woche kam es zu Protesten.", "Letzte Woche", "2026-W09"),
        ("fr", "Le ministre a démissionné vendredi dernier.", "vendredi dernier", "2026-02-27"),
        ("fr", "Cela s'est passé il y a deux ans.", "il y a deux ans", "2024"),
        ("fr", "La semaine dernière, le vote a eu lieu.", "La semaine dernière", "2026-W09"),
        ("sv", "Det hände i fredags kväll.", "i fredags kväll", "2026-02-27"),
    ],
)
def test_german_french_and_more_swedish(lang: str, text: str, covered: str, value: str) -> None:
    assert _one(text, lang, WED, covered).value == value


def test_end_of_month_in_german_and_french() -> None:
    for lang, text in (
        ("de", "Das Bündnis entstand Ende Februar."),
        ("fr", "L'alliance est née fin février."),
    ):
        timex = _one(text, lang, FRI)
        assert timex.value == {"from": "2026-02-21", "to": "2026-02-28"}


def test_thousand_token_sentence_through_the_stage() -> None:
    text = " ".join(["the council met on Friday and"] * 170) + " adjourned last month."
    doc = _doc(text, "en", FRI)
    values = [s._.timex["value"] for s in doc.spans["timex"]]
    assert len(values) == 171 and values[-1] == "2026-02"


MON = date(2026, 3, 9)  # a Monday


def _parsed(text: str, published: date) -> dict[str, str]:
    """TimeML value of each expression, through the English pipeline with its parser."""
    doc = _doc(text, "en", published)
    return {s.text: s._.timex["timeml"] for s in doc.spans["timex"]}


@pytest.mark.parametrize(
    ("text", "published", "covered", "value"),
    [
        # A plan in the past perfect is over by the time it is reported.
        ("The offer had been due to expire on Friday.", MON, "Friday", "2026-03-06"),
        ("The vote had been scheduled for Thursday.", MON, "Thursday", "2026-03-05"),
        # A past auxiliary ("was shot") is past tense, for a month and day too.
        (
            "The guard was shot on the night of Oct. 23 as he stood at the gate.",
            date(2026, 5, 5),
            "Oct. 23",
            "2025-10-23",
        ),
        # News present tense with a day is a schedule; reporting verbs are not.
        ("The two ministers meet on Monday in Geneva.", FRI, "Monday", "2026-03-09"),
        ("The union says Monday was the calmest day.", FRI, "Monday", "2026-03-02"),
        ("The mayor is in hospital after Monday's attack.", FRI, "Monday", "2026-03-02"),
    ],
)
def test_tense_from_the_parse(text: str, published: date, covered: str, value: str) -> None:
    assert _parsed(text, published)[covered] == value


def test_effective_dates_look_ahead() -> None:
    autumn = date(2026, 10, 26)
    assert _one("The tariff, effective Feb. 1, was approved.", published=autumn).timeml == (
        "2027-02-01"
    )
    assert _one("A pay deal effective June 1 was signed.", published=autumn).timeml == "2027-06-01"
    assert _one("The ban, effective Monday, was announced.").timeml == "2026-03-09"
    # "since" looks back even without a parse.
    assert _one("The road stays closed since Monday.").timeml == "2026-03-02"


def test_years_in_words() -> None:
    assert _one("Prices last fell in the winter of nineteen eighty-two.").timeml == "1982-WI"
    assert _one("March nineteen sixty-eight. A new chapter began.").timeml == "1968-03"
    assert _one("The aim was full employment by the year two thousand.").timeml == "2000"
    assert _one("It opened in nineteen oh-five.").timeml == "1905"
    assert find_timexes("Two thousand people marched.", "en", WED) == []


def test_fractions_of_units() -> None:
    assert _one("It took a minute and a half.").timeml == "PT1M30S"
    assert _one("He served two and a half years.").timeml == "P2Y6M"
    assert _one("The wait was an hour and a half.").timeml == "PT1H30M"


def test_later_and_earlier_count_from_the_story() -> None:
    # Hours after an event the text tells: a stretch, never the next day.
    later = _one("Just over an hour later, the fire was out.", covered="Just over an hour later")
    assert (later.type, later.timeml, later.mod) == ("DURATION", "PT1H", "MORE_THAN")
    assert _one("It happened two hours ago.").timeml == "2026-03-04"
    # Days after a date just told count from that date...
    found = find_timexes(
        "The talks opened on March 2, 2026. Two days later they broke down.", "en", WED
    )
    assert [t.timeml for t in found] == ["2026-03-02", "2026-03-04"]
    # ...and with no such date they are a stretch of time.
    assert _one("Two days later they broke down.").timeml == "P2D"
    assert _one("A few days later the board resigned.").timeml == "PXD"


def test_one_day_after_a_modal_is_the_future() -> None:
    assert _one("The city will one day host the games.").timeml == "FUTURE_REF"
    assert _one("The strike lasted one day.").timeml == "P1D"


def test_quarters_named_and_compared() -> None:
    autumn = date(2026, 10, 26)
    text = (
        "Losses will last through the third quarter of 2027. "
        "In the year-ago period, the group earned $5 million."
    )
    # A comparison with a year ago is about reported results, not the quarter ahead.
    assert [t.timeml for t in find_timexes(text, "en", autumn)] == ["2027-Q3", "2025-Q3"]
    text = "Profit rose in the second quarter. Results for that quarter included a charge."
    assert [t.timeml for t in find_timexes(text, "en", autumn)] == ["2026-Q2", "2026-Q2"]
    text = "Sales for last year's quarter were $3 million."
    assert [t.timeml for t in find_timexes(text, "en", autumn)] == ["2025-Q3"]
    found = find_timexes("For the quarter a year ago, it lost $2 million.", "en", autumn)
    assert [(t.text, t.timeml) for t in found] == [("the quarter a year ago", "2025-Q3")]


def test_half_units_in_figures() -> None:
    assert _one("They lived in camps for 2 1/2 years.").timeml == "P2Y6M"


def _timeml(text: str, published: date | None = WED) -> list[tuple[str, str | None]]:
    return [(t.text, t.timeml) for t in find_timexes(text, "en", published)]


def test_business_shorthand() -> None:
    assert _timeml("Profit rose in Q3 2025 and in 4Q25.") == [
        ("Q3 2025", "2025-Q3"),
        ("4Q25", "2025-Q4"),
    ]
    # A bare code only where a period is expected, and the latest such quarter.
    assert _timeml("Profit rose in Q3.") == [("Q3", "2025-Q3")]
    assert _timeml("The new Q3 model sold well.") == []
    assert _timeml("Growth is forecast for FY2027 and FY28.") == [
        ("FY2027", "2027"),
        ("FY28", "2028"),
    ]
    assert _timeml("Results for H1 2025 were weak.") == [("H1 2025", "2025-H1")]
    assert _timeml("The H1N1 strain spread.") == []
    assert _timeml("First-half profit fell.") == [("First-half", "2026-H1")]
    assert _timeml("Sales rose in the second half of 2024.") == [
        ("the second half of 2024", "2024-H2")
    ]


def test_centuries_decades_and_sets() -> None:
    assert _timeml("The bridge dates from the 19th century.") == [("the 19th century", "18")]
    assert _timeml("By the end of the decade, output will halve.") == [
        ("the end of the decade", "202")
    ]
    assert _timeml("The fair is held every spring.") == [("every spring", "XXXX-SP")]
    twice = _one("The board meets twice a year.")
    assert (twice.type, twice.timeml) == ("SET", "P1Y")


def test_full_month_name_keeps_the_full_stop_out() -> None:
    assert _timeml("The report came out on 3 March. It was late.") == [("3 March", "2026-03-03")]
    assert _timeml("It closed on Sept. 30 last year.")[0] == ("Sept. 30", "2025-09-30")


def test_seasons_terms_and_the_year_at_hand() -> None:
    autumn = date(2026, 10, 26)
    assert _timeml("Rivals cut prices over the summer.", autumn) == [("the summer", "2026-SU")]
    assert _timeml("The fall in prices hurt exporters.", autumn) == []
    assert _timeml("The summer of 1990 was hot.", autumn) == [("The summer of 1990", "1990-SU")]
    assert _timeml("Sales for the full year rose.", autumn) == [("the full year", "2026")]
    assert _timeml("Work was delayed earlier in the year.", autumn) == [
        ("earlier in the year", "2026")
    ]
    assert _timeml("Sales in the current fiscal year will rise.", autumn) == [
        ("the current fiscal year", "2026")
    ]
    assert _timeml("Prices stay high in the near term.", autumn) == [
        ("the near term", "FUTURE_REF")
    ]


def test_the_next_day_follows_the_day_just_told() -> None:
    assert _timeml("He was arrested on Feb. 20. The next day he was freed.") == [
        ("Feb. 20", "2026-02-20"),
        ("The next day", "2026-02-21"),
    ]
    # A stretch when a signal says so, or when no day was told.
    assert _timeml("He was arrested on Feb. 20. Over the next day or two, talks went on.")[1] == (
        "the next day",
        "P1D",
    )
    assert _timeml("The next day will be decisive.") == [("The next day", "P1D")]


def test_parts_of_the_day_follow_the_day_just_told() -> None:
    assert _timeml("The ferry sank on Feb. 20. The next morning divers found it.") == [
        ("Feb. 20", "2026-02-20"),
        ("The next morning", "2026-02-21TMO"),
    ]
    assert _timeml("The ferry sank on Feb. 20. That night the port closed.")[1] == (
        "That night",
        "2026-02-20TNI",
    )
    # With no day told, the publication day is the anchor.
    assert _timeml("The next morning will bring rain.") == [("The next morning", "2026-03-05TMO")]


def test_weekday_parts_and_plural_weekdays() -> None:
    # The language's data lists the parts a weekday's value keeps (English: afternoon, evening).
    evening = _one("The mayor spoke on Monday evening.", covered="Monday evening")
    assert (evening.type, evening.timeml) == ("TIME", "2026-03-02TEV")
    assert _one("The mayor spoke on Monday morning.").timeml == "2026-03-02"
    # A plural weekday recurs.
    sundays = _one("The market opens on Sundays.")
    assert (sundays.text, sundays.type, sundays.timeml) == ("Sundays", "SET", "XXXX-WXX-7")
    assert _one("The club meets on Friday nights.").timeml == "XXXX-WXX-5TNI"
    assert _one("Dividends are paid every quarter.").timeml == "P1Q"


def test_a_year_named_quarter_compares_with_the_quarter_just_named() -> None:
    autumn = date(2026, 10, 26)
    text = "Profit was $5 million in the third quarter, against $3 million in the 2025 quarter."
    assert _timeml(text, autumn) == [
        ("the third quarter", "2026-Q3"),
        ("the 2025 quarter", "2025-Q3"),
    ]
    text = "Profit rose in the second quarter. In the 2025 period, the group lost money."
    assert _timeml(text, autumn)[1] == ("the 2025 period", "2025-Q2")
    # No quarter named: some quarter of that year, and a period is the year.
    assert _timeml("Sales in the 2024 quarter fell.", autumn) == [("the 2024 quarter", "2024-QX")]
    assert _timeml("Sales in the 2024 period fell.", autumn) == [("the 2024 period", "2024")]


def test_tokenised_text_keeps_the_year_after_a_spaced_comma() -> None:
    # Tokenised corpora put a space before the comma: the year still belongs to the date.
    assert _timeml("The founder , born on May 2 , 1950 , retired.") == [
        ("May 2 , 1950", "1950-05-02")
    ]
    assert _timeml("It opened in June , 1999.") == [("June , 1999", "1999-06")]
    found = _timeml("Markets shut on Friday , April 3 , 2020 .")
    assert found == [("Friday , April 3 , 2020", "2020-04-03")]


def test_quarter_of_a_relative_year_and_universal_time() -> None:
    autumn = date(2026, 10, 26)
    assert _timeml("In the first quarter of last year, it lost money.", autumn) == [
        ("the first quarter of last year", "2025-Q1")
    ]
    assert _timeml("The court opened at 14:30 UTC Monday.") == [
        ("14:30 UTC Monday", "2026-03-02T14:30Z")
    ]
    assert _timeml("Trading halted at 0900 GMT.") == [("0900 GMT", "2026-03-04T09:00Z")]


def test_weeks_and_decades_ago_are_points_in_time() -> None:
    # Weeks back name a day, decades back a year: not the calendar week or the whole decade.
    assert _timeml("The levee broke two weeks ago.") == [("two weeks ago", "2026-02-18")]
    assert _timeml("The mill closed a decade ago.") == [("a decade ago", "2016")]
    assert _timeml("The ferry sank on Feb. 2. Three weeks later it was raised.")[1] == (
        "Three weeks later",
        "2026-02-23",
    )


def test_the_year_ended_a_date_is_a_twelve_month_stretch() -> None:
    autumn = date(2026, 10, 26)
    found = find_timexes(
        "For the fiscal year ended June 30, the bakery lost $1 million.", "en", autumn
    )
    assert [(t.text, t.type, t.timeml) for t in found] == [
        ("the fiscal year", "DURATION", "P1Y"),
        ("June 30", "DATE", "2026-06-30"),
    ]
    assert _timeml("The year ended quietly for the bakery.", autumn) == []


def test_clipped_years_and_decades() -> None:
    autumn = date(2026, 10, 26)
    assert _timeml("Shares are at their lowest since '09.", autumn) == [("'09", "2009")]
    assert _timeml("The songs of the '80s came back.", autumn) == [("the '80s", "198")]
    # Without the apostrophe it may be a price or a temperature ("shares fell into the 20s").
    assert _timeml("Shares fell into the 20s.", autumn) == []
    assert _timeml("The plant opened on 7/8/19.", autumn) == [("7/8/19", "2019-07-08")]
    # A product's clipped year and an age are not dates.
    assert _timeml("The Stylo '27 phone ships soon. She is in her 30s.", autumn) == []


def test_durations_with_an_adjective_before_the_unit() -> None:
    assert _one("Stocks fell for six straight days.").timeml == "P6D"
    assert _one("The economy shrank for two consecutive quarters.").timeml == "P2Q"
    assert _one("The lease runs for at least 20 more years.").timeml == "P20Y"
    assert _one("The contract was extended for an additional year.").timeml == "P1Y"


def test_a_weekday_takes_the_date_beside_it_only_when_they_agree() -> None:
    # TimeML marks the weekday and its date as one expression.
    assert _timeml("Talks resume on Monday, March 9, 2026.") == [
        ("Monday, March 9, 2026", "2026-03-09")
    ]
    assert _timeml("An editorial on Monday, March 9: the vote matters.") == [
        ("Monday, March 9", "2026-03-09")
    ]
    # A headline's weekday above a dateline on another weekday keeps its own reading.
    found = find_timexes(
        "Ports stay shut until Friday\nMarch 4, 2026 The strike goes on.", "en", WED
    )
    assert [(t.text, t.timeml) for t in found] == [
        ("Friday", "2026-03-06"),
        ("March 4, 2026", "2026-03-04"),
    ]


def test_quarters_before_and_after_the_one_just_named() -> None:
    autumn = date(2026, 10, 26)
    text = "Profit rose in the third quarter. It had fallen in the previous quarter."
    assert _timeml(text, autumn) == [
        ("the third quarter", "2026-Q3"),
        ("the previous quarter", "2026-Q2"),
    ]
    text = "Profit rose in the second quarter. The following quarter was flat."
    assert _timeml(text, autumn)[1] == ("The following quarter", "2026-Q3")
    assert _timeml("Sales beat the prior quarter.", autumn) == [("the prior quarter", "2026-Q3")]


def test_halves_of_relative_years_and_the_year_end() -> None:
    autumn = date(2026, 10, 26)
    assert _timeml("The first half of next year will be weak.", autumn) == [
        ("The first half of next year", "2027-H1")
    ]
    year_end = _one("The sale should close by year-end.", published=autumn)
    assert (year_end.text, year_end.timeml, year_end.mod) == ("year-end", "2026", "END")
    assert _one("Staff will be cut by year's end.", published=autumn).timeml == "2026"
    # As a modifier it names no time of its own.
    assert _timeml("Year-end bonuses were cut.", autumn) == []


def test_unit_long_modifiers_and_a_couple_of() -> None:
    assert _one("Workers staged a day-long strike.").timeml == "P1D"
    feud = _one("The towns ended their decades-long feud.")
    assert (feud.text, feud.type, feud.timeml) == ("decades-long", "DURATION", "PXY")
    assert _one("Rates will rise over the next couple of years.").timeml == "P2Y"
    # Ages are not time expressions.
    assert _timeml("The 6-year-old boy smiled.") == []


def test_a_quarter_closed_by_its_end_date_stays_the_anchor() -> None:
    autumn = date(2026, 10, 26)
    text = "Net rose in the third quarter ended Sept. 30, up from $3 million a year earlier."
    assert _timeml(text, autumn) == [
        ("the third quarter", "2026-Q3"),
        ("Sept. 30", "2026-09-30"),
        ("a year earlier", "2025-Q3"),
    ]


def test_prior_years_are_a_stretch_and_the_prior_year_a_year() -> None:
    autumn = date(2026, 10, 26)
    assert _timeml("In prior years the mill lost money.", autumn) == [("prior years", "PXY")]
    assert _timeml("Profit rose from the prior year.", autumn) == [("the prior year", "2025")]


def test_a_plan_hung_on_a_noun_takes_the_tense_of_its_clause() -> None:
    spring = date(2026, 3, 12)
    # The participle alone is no past tense: the clause around the noun decides.
    found = _parsed("The summit, scheduled for April, will be in Oslo.", spring)
    assert found["April"] == "2026-04"
    found = _parsed("The dispute is expected to dominate a summit set for Geneva in April.", spring)
    assert found["April"] == "2026-04"
    assert _parsed("The rally planned for February was cancelled.", spring)["February"] == (
        "2026-02"
    )
    # "set" without a plan ("a record set on ...") stays a past event.
    found = _parsed("Shares stayed near the record high set on Aug. 6.", spring)
    assert found["Aug. 6"] == "2025-08-06"


def test_the_same_period_a_year_back_keeps_what_was_just_named() -> None:
    spring = date(2026, 3, 12)
    assert _timeml(
        "Sales fell 35% in February, compared to the same month a year ago.", spring
    ) == [
        ("February", "2026-02"),
        ("the same month a year ago", "2025-02"),
    ]
    # A "period" after a month is that month; after a quarter, that quarter.
    assert _timeml("Sales rose in February compared to the same period last year.", spring)[1] == (
        "the same period last year",
        "2025-02",
    )
    assert _timeml("Profit rose in the third quarter from the same period a year earlier.", spring)[
        1
    ] == ("the same period a year earlier", "2024-Q3")
    # With nothing named, the publication date's week a year before.
    assert _timeml("Traffic was up 4% on the same week last year.", spring) == [
        ("the same week last year", "2025-W11")
    ]


def test_halves_of_the_year_and_of_a_decade() -> None:
    summer = date(2026, 6, 3)
    assert _timeml("The first half of the year was weak.", summer) == [
        ("The first half of the year", "2026-H1")
    ]
    assert _timeml("Sales will rise in the second half of this year.", summer) == [
        ("the second half of this year", "2026-H2")
    ]
    # Half a decade is no half-year: the decade, with the half as its modifier.
    (timex,) = find_timexes("Sales rose in the last half of the '80s.", "en", summer)
    assert (timex.text, timex.timeml, timex.mod) == ("the last half of the '80s", "198", "END")


def test_the_next_year_in_a_past_story_follows_the_year_just_told() -> None:
    summer = date(2026, 6, 3)
    assert _timeml("The war ended in 2015. The next year, elections were held.", summer) == [
        ("2015", "2015"),
        ("The next year", "2016"),
    ]
    # Over the next year, and the next year ahead of a future date, is a stretch of time.
    assert _timeml("The war ended in 2015. Over the next year, elections were held.", summer)[
        1
    ] == ("the next year", "P1Y")
    assert _timeml("Sales will rise in 2027. The next year will be harder.", summer)[1] == (
        "The next year",
        "P1Y",
    )


def test_a_quarter_of_a_fiscal_year() -> None:
    assert _timeml("Profit fell in the first quarter of fiscal 2027.", date(2026, 6, 3)) == [
        ("the first quarter of fiscal 2027", "2027-Q1")
    ]


def test_a_second_before_a_noun_is_the_ordinal() -> None:
    assert _timeml("Markets fell for a second consecutive day.") == []
    assert _timeml("A second group of directors sued.") == []
    assert _timeml("It took a second to load.") == [("a second", "PT1S")]
    assert _timeml("The blast lasted one second.") == [("one second", "PT1S")]


def test_a_numbered_week_of_a_month_is_a_calendar_week() -> None:
    spring = date(2026, 4, 8)
    # March 2026 ends on a Tuesday: its last week is the one holding the 28th.
    assert _timeml("Sales rebounded in the last week of March.", spring) == [
        ("the last week of March", "2026-W13")
    ]
    # May 1, 2026 is a Friday: the first week is the one holding the 4th, as in ISO.
    assert _timeml("The vote is set for the first week of May.", spring) == [
        ("the first week of May", "2026-W19")
    ]
    assert _timeml("It happened in the second week of January 2025.", spring) == [
        ("the second week of January 2025", "2025-W02")
    ]


def test_days_and_hours_in_words_as_transcripts_say_them() -> None:
    winter = date(2026, 1, 21)
    assert _timeml("The deal was signed on January fifteenth.", winter) == [
        ("January fifteenth", "2026-01-15")
    ]
    assert _timeml("He arrived on the twenty-first of December.", winter) == [
        ("the twenty-first of December", "2025-12-21")
    ]
    assert _timeml("This is the news at seven o'clock.", winter) == [
        ("seven o'clock", "2026-01-21T07:00")
    ]
    assert _timeml("They met at eight o'clock in the evening.", winter) == [
        ("eight o'clock in the evening", "2026-01-21T20:00")
    ]


def test_later_with_nothing_to_count_from_is_a_stretch() -> None:
    # Counted from publication, "a decade later" would lie ahead of a story of the past.
    assert _timeml("A decade later, the firm was broke.") == [("A decade later", "P10Y")]
    assert _timeml("Hours later, the fire was out.") == [("Hours later", "PTXH")]
    assert _timeml("Years ago, the town was rich.") == [("Years ago", "PAST_REF")]
    # With a year just told, it counts from that year.
    assert _timeml("He was elected in 2010. Two years later he resigned.") == [
        ("2010", "2010"),
        ("Two years later", "2012"),
    ]


def test_the_latest_period_is_the_quarter_just_reported() -> None:
    autumn = date(2026, 10, 26)
    text = "Profit rose in the third quarter. Sales in the latest period were $2 billion."
    assert _timeml(text, autumn) == [
        ("the third quarter", "2026-Q3"),
        ("the latest period", "2026-Q3"),
    ]


def test_a_date_without_a_year_shares_the_year_written_in_its_sentence() -> None:
    winter = date(2026, 2, 10)
    assert _timeml("He was arrested on Oct. 23, 2019, and freed Oct. 30.", winter) == [
        ("Oct. 23, 2019", "2019-10-23"),
        ("Oct. 30", "2019-10-30"),
    ]
    # A year the system only guessed lends nothing: each date stays near publication.
    assert _timeml("The dividend is payable Jan. 2 to stock of record Dec. 15.", winter) == [
        ("Jan. 2", "2026-01-02"),
        ("Dec. 15", "2025-12-15"),
    ]


def test_a_part_of_the_day_before_its_day_and_hours_in_the_morning() -> None:
    winter = date(2026, 2, 10)
    assert _timeml("In London at mid-afternoon yesterday, shares rose.", winter) == [
        ("mid-afternoon yesterday", "2026-02-09TAF")
    ]
    assert _timeml("He will leave at 4 in the morning.", winter) == [
        ("4 in the morning", "2026-02-10T04:00")
    ]
    assert _timeml("They met at eight in the evening.", winter) == [
        ("eight in the evening", "2026-02-10T20:00")
    ]
    assert _timeml("He was one in a million.", winter) == []


def test_weekdays_listed_before_a_plural_recur_with_it() -> None:
    assert _timeml("Two flights will leave on Monday and Tuesday nights.") == [
        ("Monday", "XXXX-WXX-1TNI"),
        ("Tuesday nights", "XXXX-WXX-2TNI"),
    ]
    assert _timeml("Flights leave Monday, Wednesday and Fridays.") == [
        ("Monday", "XXXX-WXX-1"),
        ("Wednesday", "XXXX-WXX-3"),
        ("Fridays", "XXXX-WXX-5"),
    ]
    # Two single days stay dates.
    assert [v for _, v in _timeml("He came on Monday and left on Tuesday.")] == [
        "2026-03-02",
        "2026-03-03",
    ]


def test_the_trading_day_a_market_report_ends() -> None:
    spring = date(2026, 4, 4)
    assert _timeml(
        "April 3, 2026. The index gained 39 points, ending the day at 8,017.", spring
    ) == [
        ("April 3, 2026", "2026-04-03"),
        ("the day", "2026-04-03"),
    ]
    assert _timeml("The index rose 2% to end the day at 9,000.", spring) == [
        ("the day", "2026-04-04")
    ]
    assert _timeml("For the day, the index closed down.", spring) == [("the day", "2026-04-04")]
    assert _timeml("He worked for the day after.", spring) == []


def test_a_month_of_next_year_and_a_vague_count_of_minutes() -> None:
    spring = date(2026, 5, 15)
    assert _timeml("Franchises won't be renewed after October of next year.", spring) == [
        ("October of next year", "2027-10")
    ]
    assert _timeml("The index fell 100 points in minutes.", spring) == [("minutes", "PTXM")]


def test_a_clock_time_takes_the_day_of_a_time_beside_it() -> None:
    found = _timeml("He will leave at 4 in the morning (4 a.m. EDT Thursday).", WED)
    assert found == [
        ("4 in the morning", "2026-03-05T04:00"),
        ("4 a.m. EDT Thursday", "2026-03-05T04:00"),
    ]


def test_the_entire_year_is_the_year_of_the_period_just_reported() -> None:
    winter = date(2026, 1, 27)
    text = "It lost $4 billion in the fourth quarter of 2025 and $8 billion for the entire year."
    assert _timeml(text, winter) == [
        ("the fourth quarter of 2025", "2025-Q4"),
        ("the entire year", "2025"),
    ]
    # A year named in passing is no reporting period: the full year stays this one.
    text = "The plant opened in 2019. The company forecast an increase for the full year."
    assert _timeml(text, winter)[1] == ("the full year", "2026")


def test_decades_without_an_apostrophe_and_this_past_week() -> None:
    assert _timeml("It rid the city of the boxy cars of the 70s and 80s.") == [
        ("the 70s", "197"),
        ("80s", "198"),
    ]
    # Alone, "the 70s" may be a temperature or a price: only a pair of them is decades.
    assert _timeml("Temperatures were in the 70s.") == []
    assert _timeml("The talks stalled this past weekend.", FRI) == [
        ("this past weekend", "2026-W09-WE")
    ]


def test_the_day_before_yesterday_and_after_tomorrow() -> None:
    assert _timeml("The talks began the day before yesterday.") == [
        ("the day before yesterday", "2026-03-02")
    ]
    assert _timeml("They will vote the day after tomorrow.") == [
        ("the day after tomorrow", "2026-03-06")
    ]


def test_an_age_is_no_duration() -> None:
    # TimeBank leaves ages unmarked, written "52 years old" as much as "52-year-old".
    assert _timeml("Ms. Berg, 61 years old, will retire; the 9-year-old plan stays.") == []
    assert _timeml("The plan is open to staff 55 years old or older.") == []
    assert _timeml("The war lasted eight years.") == [("eight years", "P8Y")]


def test_may_in_lower_case_is_a_verb_inside_a_longer_match() -> None:
    assert _timeml("Analysts think this may lift sales, and next may be worse.") == []
    assert _timeml("Sales rose this May.", date(2026, 6, 10)) == [("this May", "2026-05")]


def test_digits_of_a_decimal_number_hold_no_year() -> None:
    assert _timeml("The bid values the stake at $3.1875 a share.") == []
    assert _timeml("The index closed at 1418.25, its lowest since 2003.") == [("2003", "2003")]


def test_the_year_ago_quarter_may_name_its_quarter() -> None:
    autumn = date(2026, 10, 26)
    text = "Profit rose in the third quarter. In the year-earlier third quarter, it lost $2."
    assert _timeml(text, autumn) == [
        ("the third quarter", "2026-Q3"),
        ("the year-earlier third quarter", "2025-Q3"),
    ]
    # With no quarter named, the latest such quarter, a year back.
    assert _timeml("In the year-ago fourth quarter it earned $5.", date(2026, 5, 4)) == [
        ("the year-ago fourth quarter", "2024-Q4")
    ]


def test_the_day_closing_the_quarter_keeps_the_quarter_as_anchor() -> None:
    autumn = date(2026, 10, 26)
    text = (
        "Acme earned $5 million in the fiscal first quarter. For the quarter ended Sept. 30,"
        " sales rose from $50 million a year earlier. The latest period included a gain."
    )
    assert _timeml(text, autumn) == [
        ("the fiscal first quarter", "2026-Q1"),
        ("the quarter", "2026-Q1"),
        ("Sept. 30", "2026-09-30"),
        ("a year earlier", "2025-Q1"),
        ("The latest period", "2026-Q1"),
    ]


def test_that_same_day_and_the_fiscal_year() -> None:
    autumn = date(2026, 10, 26)
    assert _timeml("He was held on Oct. 3 and freed that same day.", autumn) == [
        ("Oct. 3", "2026-10-03"),
        ("that same day", "2026-10-03"),
    ]
    # After a month, the day is some day of that month, not the month's first.
    assert _timeml("The plant shut in August. Its owner left that same day.", autumn) == [
        ("August", "2026-08"),
        ("that same day", "2026-08-XX"),
    ]
    assert _timeml("Earnings will be lower for the fiscal year.", autumn) == [
        ("the fiscal year", "2026")
    ]


def test_rules_skipped_by_their_first_character_change_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        "On Monday, March 9, 2026, at 9:30 a.m. EST, the board met; in Q3 2025 and FY26 "
        "sales fell 4.5% from a year earlier. Three weeks ago, in the '80s and 1990s, "
        "'82 and mid-2011 came up, as did the fiscal first quarter and next Tuesday night. "
        "Sju dagar senare, le 3 mars, am 5. März, i mars förra året."
    )
    for lang in ("en", "sv", "de", "fr"):
        g = grammar(lang)
        assert g is not None and len(g.firsts) == len(g.rules)
        fast = [(t.start, t.end, t.timeml) for t in find_timexes(text, lang, WED)]
        monkeypatch.setattr(g, "firsts", [None] * len(g.rules))
        slow = [(t.start, t.end, t.timeml) for t in find_timexes(text, lang, WED)]
        monkeypatch.undo()
        assert fast == slow


def test_a_dateline_dates_an_article_without_a_publication_date() -> None:
    text = "Ferry service halted\nMarch 02 , 2026\nThe ferry stopped running today."
    assert _timeml(text, None) == [("March 02 , 2026", "2026-03-02"), ("today", "2026-03-02")]
    # A date inside a sentence is no dateline: the rest stays unresolved.
    found = find_timexes("The ferry, launched on March 2, 2026, stopped today.", "en", None)
    assert [(t.text, t.resolved) for t in found] == [("March 2, 2026", True), ("today", False)]


def test_a_single_day_is_one_day() -> None:
    assert _timeml("It was the worst single-day fall on record.") == [("single-day", "P1D")]
    assert _timeml("He is single and lives alone.") == []


def test_a_second_day_after_a_date_is_a_day_of_the_same_month() -> None:
    assert _timeml("The talks are set for May 11 and 12 in Oslo.") == [
        ("May 11", "2026-05-11"),
        ("12", "2026-05-12"),
    ]
    # A count, a year that the first date would lack, or an impossible day: no date.
    assert _timeml("On May 11 and 12 people were hurt.") == [("May 11", "2026-05-11")]
    assert _timeml("It met on Feb. 27 and 30.") == [("Feb. 27", "2026-02-27")]


def test_first_characters_of_a_pattern() -> None:
    import re

    from triangulate.regex_starts import first_chars

    assert first_chars(r"(?<!\w)(?:last|next) (?:week|May)", re.I) == frozenset("ln")
    assert first_chars(r"(?:the )?\d+ days", re.I) == frozenset("t0123456789")
    # Unknown to the reading, or possibly empty: any character.
    assert first_chars(r"\w+ ago") is None
    assert first_chars(r"(?:the )?") is None


def test_or_so_belongs_to_the_expression() -> None:
    found = find_timexes("The mills will close over the next two years or so.", "en", WED)
    assert [(t.text, t.timeml, t.mod) for t in found] == [
        ("the next two years or so", "P2Y", "APPROX")
    ]


def test_fiscal_belongs_to_the_quarter_it_names() -> None:
    autumn = date(2026, 10, 26)
    assert _timeml("Net rose for the fiscal-first quarter.", autumn) == [
        ("the fiscal-first quarter", "2026-Q1")
    ]
    assert _timeml("It posted fiscal second-quarter net of $8 million.", autumn) == [
        ("fiscal second-quarter", "2026-Q2")
    ]


def test_the_latest_and_the_year_earlier_nine_months_are_one_stretch() -> None:
    autumn = date(2026, 10, 26)
    assert _timeml("Net for the year-earlier nine months included a gain.", autumn) == [
        ("the year-earlier nine months", "P9M")
    ]
    assert _timeml("Sales rose 9% in the latest nine months.", autumn) == [
        ("the latest nine months", "P9M")
    ]


def test_a_clock_time_on_today_or_yesterday_is_one_expression() -> None:
    assert _timeml("The plane landed at 9 a.m. yesterday.") == [
        ("9 a.m. yesterday", "2026-03-03T09:00")
    ]
    assert _timeml("He spoke at 16:00 UTC today.") == [("16:00 UTC today", "2026-03-04T16:00Z")]
    # A capital "Today" after the time opens the next sentence.
    assert _timeml("Shares rose at 9 a.m. Today they fell.") == [
        ("9 a.m.", "2026-03-04T09:00"),
        ("Today", "2026-03-04"),
    ]


def test_each_record_says_what_its_relative_dates_count_from() -> None:
    from triangulate.analysis import analyze_article

    cases = [
        ("Talks stall\nSeptember 18, 2008\nThe ministers met on Monday.", None, "dateline"),
        ("The ministers met on Monday.", date(2026, 3, 4), "published"),
        ("The ministers met on Monday.", None, None),
    ]
    for text, published, source in cases:
        result = analyze_article(Article(text=text, source="t", language="en", published=published))
        monday = next(t for t in result["timexes"] if t["text"] == "Monday")
        assert monday["reference"] == source
        assert monday["resolved"] is (source is not None)
