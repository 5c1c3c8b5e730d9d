from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain import denylist, identity
from compute.domain.errors import ValidationError

from .strategies import PROPERTY, handles, ids


def test_handle_is_the_strongest_identity() -> None:
    key = identity.identity_key(
        instagram_handle="@Jane.Ink", website="https://jane.example", name="Jane", studio_id="stu_1"
    )
    assert key == "ig:jane.ink"


def test_website_comes_next_then_name_at_studio() -> None:
    assert (
        identity.identity_key(website="Jane.Example/", name="Jane") == "web:https://jane.example/"
    )
    assert identity.identity_key(name="  José  Doe ", studio_id="stu_1") == "name:jose doe@stu_1"
    assert (
        identity.identity_key(instagram_handle="  ", website="", name="Jane", studio_id="s")
        == "name:jane@s"
    )


def test_name_identity_escapes_separators() -> None:
    key = identity.identity_key(name="Jane #1 @ Ink 100%", studio_id="stu_1")
    assert key == "name:jane %231 %40 ink 100%25@stu_1"
    assert "#" not in key
    assert identity.identity_key(name="a\x01b", studio_id="s") == "name:a%01b@s"


def test_web_identity_ignores_scheme_and_www() -> None:
    expected = "web:https://ink.example/jane"
    for url in ["http://ink.example/jane/", "https://www.ink.example/jane", "WWW.Ink.Example/jane"]:
        assert identity.identity_key(website=url) == expected


def test_overlong_facts_are_hashed_to_fit_a_sort_key() -> None:
    url = "https://studio.example/" + "a" * 1200
    key = identity.identity_key(website=url)
    assert re.fullmatch(r"web:sha256:[0-9a-f]{64}", key)
    assert identity.identity_key(website=url + "/") == key


@pytest.mark.parametrize(
    ("facts", "fields"),
    [
        ({}, ["identity"]),
        ({"name": "Jane"}, ["identity"]),
        ({"studio_id": "stu_1"}, ["identity"]),
        ({"name": "   ", "studio_id": "stu_1"}, ["name"]),
        ({"name": "Jane", "studio_id": "bad id"}, ["studioId"]),
        ({"name": " ", "studio_id": "bad#id"}, ["name", "studioId"]),
        ({"instagram_handle": "p", "name": "Jane", "studio_id": "stu_1"}, ["instagramHandle"]),
        ({"website": "ftp://x.example"}, ["website"]),
    ],
)
def test_no_usable_or_a_malformed_fact_is_an_error(
    facts: dict[str, str], fields: list[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        identity.identity_key(**facts)
    assert caught.value.fields == fields


@PROPERTY
@given(
    handles,
    st.sampled_from(
        [
            "{h}",
            "@{H}",
            " {h} ",
            "https://www.instagram.com/{h}/",
            "instagram.com/{H}?hl=en",
            "instagr.am/{h}",
        ]
    ),
)
def test_identity_is_stable_under_handle_formatting(handle: str, form: str) -> None:
    text = form.format(h=handle, H=handle.upper())
    assert identity.identity_key(instagram_handle=text) == f"ig:{handle}"


@PROPERTY
@given(
    st.from_regex(r"[a-z0-9]{1,12}\.(com|co\.uk|example)", fullmatch=True),
    st.from_regex(r"(/[a-z0-9-]{1,8}){0,3}", fullmatch=True),
    st.sampled_from(
        [
            "{u}",
            "https://{U}",
            "https://{u}/",
            "{u}#about",
            "https://{u}?utm_source=ig",
            "//{u}",
            "https://{u}:443",
        ]
    ),
)
def test_identity_is_stable_under_url_formatting(host: str, path: str, form: str) -> None:
    bare = f"{host}{path}"
    expected = identity.identity_key(website=f"https://{bare}")
    variant = form.format(u=bare, U=host.upper() + path)
    if form.endswith(":443"):
        variant = f"https://{host}:443{path}"
    assert identity.identity_key(website=variant) == expected


@PROPERTY
@given(st.text(min_size=1, max_size=30), ids)
def test_name_identity_never_contains_a_key_separator(name: str, studio_id: str) -> None:
    try:
        key = identity.identity_key(name=name, studio_id=studio_id)
    except ValidationError:
        return
    assert "#" not in key and key.endswith(f"@{studio_id}")
    assert identity.identity_key(name=f"  {name}\t", studio_id=studio_id) == key


def test_artist_ids_are_stable_short_and_key_safe() -> None:
    artist_id = identity.artist_id_for("ig:jane.ink")
    assert artist_id == "art_" + hashlib.sha256(b"ig:jane.ink").hexdigest()[:16]
    assert identity.artist_id_for("ig:jane.ink") == artist_id
    assert identity.artist_id_for("ig:jane.inc") != artist_id
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", artist_id)
    with pytest.raises(ValidationError):
        identity.artist_id_for("")


def test_studio_and_job_ids() -> None:
    assert identity.studio_id_for(" ChIJN1t_tDeuEmsRUsoyG83frY4 ") == identity.studio_id_for(
        "ChIJN1t_tDeuEmsRUsoyG83frY4"
    )
    assert identity.studio_id_for("x").startswith("stu_")
    assert identity.job_id_for("run-1", "ig:a") == identity.job_id_for("run-1", "ig:a")
    assert identity.job_id_for("run-1", "ig:a") != identity.job_id_for("run-2", "ig:a")
    with pytest.raises(ValidationError):
        identity.studio_id_for(" ")
    with pytest.raises(ValidationError):
        identity.job_id_for("", "ig:a")


def test_handle_identity_key_hash_is_domain_separated_sha256_of_the_normalised_handle() -> None:
    digest = denylist.handle_identity_key_hash("@Jane.Ink")
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == denylist.handle_identity_key_hash("https://www.instagram.com/jane.ink/")
    assert digest != hashlib.sha256(b"jane.ink").hexdigest()  # not a plain, guessable hash
    assert digest == denylist.identity_key_hash("ig:jane.ink")
    with pytest.raises(ValidationError):
        denylist.identity_key_hash("")


def test_is_denied() -> None:
    denied = {denylist.handle_identity_key_hash("jane.ink")}
    assert denylist.is_denied("@JANE.INK", denied)
    assert denylist.is_denied("instagram.com/jane.ink", denied)
    assert not denylist.is_denied("jane.inks", denied)
    assert not denylist.is_denied("not a handle!", denied)
    assert not denylist.is_denied("jane.ink", set())


@PROPERTY
@given(handles)
def test_denylist_sees_every_spelling(handle: str) -> None:
    denied = frozenset({denylist.handle_identity_key_hash(handle)})
    assert denylist.is_denied(f"@{handle.upper()}", denied)
    assert denylist.is_denied(f"https://instagram.com/{handle}/", denied)
