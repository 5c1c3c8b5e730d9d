"""The corpus scorer's arithmetic (load.extraction): pure, on hand-made answers and documents."""

from __future__ import annotations

from load.extraction import rejections, score_site, summarize

ANSWERS = {
    "family": "wordpress",
    "needs_browser": False,
    "artists": [
        {"name": "Mags Thornton", "handle": "magsthornton_tattoo"},
        {"name": "Callum Reid", "handle": "callumreid.tattoos"},
        {"name": "Beth Ainsworth", "handle": "bethainsworth.art"},
        {"name": "Zoë Lane", "handle": None},
    ],
    "not_artists": [
        {"handle": "worldfamousink", "reason": "supplier"},
        {"handle": "hollowpinetattoo", "reason": "studio"},
    ],
}


def candidate(name: str, handle: str | None = None) -> dict[str, object]:
    out: dict[str, object] = {"name": name, "sourceUrl": "http://x.studio.test/", "confidence": 0.9}
    if handle is not None:
        out["instagramHandle"] = handle
    return out


def test_handles_match_without_case_or_at_sign_and_each_artist_counts_once() -> None:
    document = {
        "candidates": [
            candidate("Mags Thornton", "@MagsThornton_Tattoo"),
            candidate("Mags", "magsthornton_tattoo"),
            candidate("World Famous", "worldfamousink"),
            candidate("Random", "someone_else"),
        ]
    }
    score = score_site("s", ANSWERS, document)
    assert score.true_positives == ["magsthornton_tattoo"]
    assert [fp["why"] for fp in score.false_positives] == ["duplicate", "supplier", "not_on_roster"]
    assert [m["expected_handle"] for m in score.misses] == [
        "callumreid.tattoos",
        "bethainsworth.art",
        "",
    ]


def test_a_name_without_handle_finds_only_an_artist_without_one() -> None:
    document = {
        "candidates": [candidate("ZOE LANE"), candidate("Callum Reid"), candidate("Book now")],
        "rejected": [{"instagramHandle": "bethainsworth.art", "reason": "former"}],
    }
    score = score_site("s", ANSWERS, document)
    assert score.true_positives == ["name:zoelane"]
    assert [fp["name"] for fp in score.false_positives] == ["Book now"]
    whys = {m["expected_handle"]: m["why"] for m in score.misses}
    assert whys == {
        "magsthornton_tattoo": "not_found",
        "callumreid.tattoos": "found_without_handle",
        "bethainsworth.art": "rejected: former",
    }


def test_a_right_handle_under_a_wrong_name_is_noted_not_counted_wrong() -> None:
    score = score_site("s", ANSWERS, {"candidates": [candidate("Reid", "callumreid.tattoos")]})
    assert score.true_positives == ["callumreid.tattoos"]
    assert score.false_positives == []
    assert score.wrong_names == [
        {
            "handle": "callumreid.tattoos",
            "name": "Reid",
            "expected_name": "Callum Reid",
            "expected_handle": "callumreid.tattoos",
        }
    ]


def test_a_failed_command_misses_every_artist() -> None:
    score = score_site("s", ANSWERS, None)
    assert len(score.misses) == 4
    assert {m["why"] for m in score.misses} == {"command_failed"}
    assert score.pages_fetched is None


def test_pages_and_renders_are_read_from_whichever_member_holds_them() -> None:
    assert score_site("s", ANSWERS, {"candidates": [], "pages": ["a", "b"]}).pages_fetched == 2
    stats = {"candidates": [], "stats": {"pagesFetched": 5, "pagesRendered": 1}}
    score = score_site("s", ANSWERS, stats)
    assert (score.pages_fetched, score.pages_rendered, score.rendered) == (5, 1, True)
    assert score_site("s", ANSWERS, {"candidates": [], "rendered": 0}).rendered is False


def test_rejections_read_a_list_or_a_mapping() -> None:
    assert rejections({"rejected": {"@Foo": "supplier"}}) == {"foo": "supplier"}
    listed = {"rejected": [{"handle": "bar", "reasons": ["former", "struck"]}, "junk"]}
    assert rejections(listed) == {"bar": "former,struck"}
    assert rejections({}) == {}


def test_the_summary_adds_sites_up_overall_and_per_family() -> None:
    perfect = score_site(
        "a",
        {"family": "jsonld", "needs_browser": True, "artists": [{"name": "A", "handle": "a"}]},
        {"candidates": [candidate("A", "a")], "stats": {"pagesFetched": 3, "pagesRendered": 1}},
    )
    wrong = score_site(
        "b",
        {
            "family": "paginated",
            "artists": [{"name": "B", "handle": "b"}, {"name": "C", "handle": "c"}],
        },
        {"candidates": [candidate("B", "b"), candidate("X", "x")], "pages": ["1"]},
    )
    summary = summarize([perfect, wrong])
    assert (summary["truePositives"], summary["falsePositives"], summary["misses"]) == (2, 1, 1)
    assert summary["precision"] == round(2 / 3, 4)
    assert summary["recall"] == round(2 / 3, 4)
    assert summary["families"]["jsonld"]["recall"] == 1.0
    assert summary["families"]["paginated"]["precision"] == 0.5
    assert summary["browser"] == {
        "needsBrowserShare": 0.5,
        "renderedShare": 0.5,
        "renderedWithoutNeed": [],
    }
    assert summary["pagesPerStudio"] == {"fetched": 2.0, "rendered": 1.0, "requests": None}
    assert summary["missesByWhy"] == {"not_found": 1}
    assert summary["falsePositivesByWhy"] == {"not_on_roster": 1}


def test_no_sites_and_no_candidates_score_one_not_a_division_error() -> None:
    summary = summarize([])
    assert (summary["precision"], summary["recall"]) == (1.0, 1.0)


def test_a_name_without_handle_matches_with_or_without_a_quoted_nickname() -> None:
    """The site writes 'Zoë „Zo” Lane' where the answers say 'Zoë Lane': the same person;
    a nickname alone is not her name."""
    with_nickname = score_site("s", ANSWERS, {"candidates": [candidate("Zoë \u201eZo\u201d Lane")]})
    assert with_nickname.true_positives == ["name:zoelane"]
    assert not with_nickname.false_positives
    nickname_only = score_site("s", ANSWERS, {"candidates": [candidate("\u201cZo\u201d")]})
    assert not nickname_only.true_positives
