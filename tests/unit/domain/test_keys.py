from __future__ import annotations

import contextlib
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain import keys
from compute.domain.errors import ValidationError

from .strategies import PROPERTY, handles, ids

HASH = "a" * 64


def test_builders_follow_the_design_table() -> None:
    assert keys.artist_key("art_1") == {"PK": "ARTIST#art_1", "SK": "METADATA"}
    assert keys.studio_key("stu_1") == {"PK": "STUDIO#stu_1", "SK": "METADATA"}
    assert keys.studio_artist_key("stu_1", "art_1") == {"PK": "STUDIO#stu_1", "SK": "ARTIST#art_1"}
    assert keys.denylist_key(HASH) == {"PK": f"DENYLIST#{HASH}", "SK": "METADATA"}
    assert keys.removal_request_key("rem_1") == {"PK": "REMOVAL#rem_1", "SK": "METADATA"}
    assert keys.circuit_key("studio.example:8080") == {
        "PK": "CIRCUIT#studio.example:8080",
        "SK": "STATE",
    }
    assert keys.lock_key("rotate-egress-ip") == {"PK": "LOCK#rotate-egress-ip", "SK": "LOCK"}
    assert keys.scrape_candidate_key("run-1", "ig:jane") == {
        "PK": "RUN#run-1",
        "SK": "CANDIDATE#ig:jane",
    }
    assert keys.run_key("run-1") == {"PK": "RUN#run-1", "SK": "SUMMARY"}
    assert keys.studio_artists_prefix("stu_1") == ("STUDIO#stu_1", "ARTIST#")
    assert keys.run_candidates_prefix("run-1") == ("RUN#run-1", "CANDIDATE#")


@pytest.mark.parametrize(
    "build",
    [
        lambda: keys.artist_key("a#b"),
        lambda: keys.artist_key(""),
        lambda: keys.artist_key("x" * 65),
        lambda: keys.artist_key("art 1"),
        lambda: keys.studio_artist_key("stu_1", "art/1"),
        lambda: keys.denylist_key("A" * 64),
        lambda: keys.denylist_key("abc"),
        lambda: keys.circuit_key("Studio.Example"),
        lambda: keys.circuit_key("a#b"),
        lambda: keys.robots_key("ftp", "studio.example"),
        lambda: keys.robots_key("https", "Studio.Example"),
        lambda: keys.lock_key("lock#1"),
        lambda: keys.scrape_candidate_key("run-1", "ig:a#b"),
        lambda: keys.scrape_candidate_key("run-1", "bad\nkey"),
        lambda: keys.scrape_candidate_key("run-1", ""),
        lambda: keys.scrape_candidate_key("run-1", "é" * 501),
        lambda: keys.run_key("run#1"),
    ],
)
def test_builders_reject_ids_that_could_break_a_key(build: object) -> None:
    with pytest.raises(ValidationError):
        build()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("pk", "sk", "expected"),
    [
        ("ARTIST#art_1", "METADATA", keys.ArtistKey("art_1")),
        ("STUDIO#stu_1", "METADATA", keys.StudioKey("stu_1")),
        ("STUDIO#stu_1", "ARTIST#art_1", keys.StudioArtistKey("stu_1", "art_1")),
        (f"DENYLIST#{HASH}", "METADATA", keys.DenylistKey(HASH)),
        ("REMOVAL#rem_1", "METADATA", keys.RemovalRequestKey("rem_1")),
        ("CIRCUIT#[::1]:8080", "STATE", keys.CircuitKey("[::1]:8080")),
        ("LOCK#egress", "LOCK", keys.LockKey("egress")),
        ("ROBOTS#studio.example:8080", "HTTP", keys.RobotsKey("studio.example:8080", "http")),
        ("ROBOTS#studio.example", "HTTPS", keys.RobotsKey("studio.example", "https")),
        (
            "RUN#r1",
            "CANDIDATE#web:https://x.example/a?b=1",
            keys.ScrapeCandidateKey("r1", "web:https://x.example/a?b=1"),
        ),
        ("RUN#r1", "SUMMARY", keys.RunKey("r1")),
    ],
)
def test_parse_key_names_the_type_and_ids(pk: str, sk: str, expected: keys.ItemKey) -> None:
    parsed = keys.parse_key(pk, sk)
    assert parsed == expected
    assert parsed.key() == {"PK": pk, "SK": sk}
    assert parsed.type in keys.ITEM_TYPES


@pytest.mark.parametrize(
    ("pk", "sk"),
    [
        ("ARTIST#art_1", "SUMMARY"),
        ("ARTIST", "METADATA"),
        ("ARTIST#", "METADATA"),
        ("ARTIST#a#b", "METADATA"),
        ("PERSON#1", "METADATA"),
        ("STUDIO#stu_1", "ARTIST#"),
        ("DENYLIST#notahash", "METADATA"),
        ("RUN#r1", "CANDIDATE#"),
        ("LOCK#x", "STATE"),
        ("ROBOTS#studio.example", "FTP"),
        ("", ""),
    ],
)
def test_parse_key_rejects_anything_unknown(pk: str, sk: str) -> None:
    with pytest.raises(ValidationError):
        keys.parse_key(pk, sk)


def test_parse_key_rejects_non_strings() -> None:
    with pytest.raises(ValidationError):
        keys.parse_key(None, "METADATA")  # type: ignore[arg-type]


identity_keys = st.text(
    alphabet=st.characters(blacklist_characters="#", blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=80,
)
hosts = st.from_regex(r"[a-z0-9][a-z0-9.-]{0,30}(:[0-9]{1,5})?", fullmatch=True)
lock_names = st.from_regex(r"[A-Za-z0-9_.:-]{1,40}", fullmatch=True)
typed_keys = st.one_of(
    st.builds(keys.ArtistKey, ids),
    st.builds(keys.StudioKey, ids),
    st.builds(keys.StudioArtistKey, ids, ids),
    st.builds(keys.DenylistKey, st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
    st.builds(keys.RemovalRequestKey, ids),
    st.builds(keys.CircuitKey, hosts),
    st.builds(keys.LockKey, lock_names),
    st.builds(keys.RobotsKey, hosts, st.sampled_from(["http", "https"])),
    st.builds(keys.ScrapeCandidateKey, ids, identity_keys),
    st.builds(keys.RunKey, ids),
    st.builds(keys.RateLimitKey, lock_names, st.integers(0, 10**12 - 1)),
)


@PROPERTY
@given(typed_keys)
def test_every_key_round_trips_through_parse(key: keys.ItemKey) -> None:
    built = key.key()
    assert keys.parse_key(built["PK"], built["SK"]) == key


@PROPERTY
@given(ids, ids)
def test_builders_and_parser_agree(artist_id: str, studio_id: str) -> None:
    link = keys.studio_artist_key(studio_id, artist_id)
    assert keys.parse_key(link["PK"], link["SK"]) == keys.StudioArtistKey(studio_id, artist_id)
    artist = keys.artist_key(artist_id)
    assert keys.parse_key(artist["PK"], artist["SK"]) == keys.ArtistKey(artist_id)


@PROPERTY
@given(st.text(max_size=40), st.text(max_size=40))
def test_parse_key_only_raises_validation_error(pk: str, sk: str) -> None:
    with contextlib.suppress(ValidationError):
        keys.parse_key(pk, sk)


@dataclass
class _Indexed:
    artist_id: str
    name_key: str
    styles: tuple[str, ...]
    geohash: str | None
    instagram_handle: str | None


def test_gsi_keys_of_a_located_artist_with_a_handle() -> None:
    artist = _Indexed("art_1", "jane doe", ("blackwork", "dotwork"), "gcpvj0duq", "jane.ink")
    gsi = keys.artist_gsi_keys(artist)
    shard = keys.style_shard("art_1")
    assert gsi == {
        "GSI1PK": f"STYLE#blackwork#SHARD#{shard}",
        "GSI1SK": "GEO#gcpvj0duq#ARTIST#art_1",
        "GSI2PK": "NAME#jane doe",
        "GSI2SK": "ARTIST#art_1",
        "GSI3PK": "HANDLE#jane.ink",
        "GSI3SK": "ARTIST#art_1",
    }


def test_gsi_keys_are_sparse_for_missing_values() -> None:
    gsi = keys.artist_gsi_keys(_Indexed("art_1", "jane", (), None, None))
    assert gsi == {"GSI2PK": "NAME#jane", "GSI2SK": "ARTIST#art_1"}
    unlocated = keys.artist_gsi_keys(_Indexed("art_1", "jane", ("realism",), None, None))
    assert unlocated["GSI1SK"] == "GEO#-#ARTIST#art_1"
    assert keys.artist_gsi_keys(_Indexed("art_1", "", (), None, None)) == {}
    assert keys.name_partition("jane") == "NAME#jane"
    assert keys.handle_partition("jane.ink") == "HANDLE#jane.ink"
    assert keys.style_partition("realism", 2) == "STYLE#realism#SHARD#2"


@PROPERTY
@given(ids)
def test_shard_is_stable_and_in_range(artist_id: str) -> None:
    shard = keys.style_shard(artist_id)
    assert 0 <= shard < keys.GSI_SHARDS
    assert keys.style_shard(artist_id) == shard


def test_shards_spread_artists() -> None:
    assert {keys.style_shard(f"art_{n}") for n in range(50)} == set(range(keys.GSI_SHARDS))


@PROPERTY
@given(handles)
def test_handles_make_valid_gsi3_keys(handle: str) -> None:
    gsi = keys.artist_gsi_keys(_Indexed("art_1", "x", (), None, handle))
    assert gsi["GSI3PK"] == f"HANDLE#{handle}"
