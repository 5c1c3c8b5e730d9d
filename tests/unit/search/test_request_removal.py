"""The removal use cases with fakes of our own ports (table, request store, mailer): a request
changes nothing until its link is followed and a moderator approves it; links are one-time,
signed and expiring; limits per client and per artist."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest

from compute.adapters.denylist import is_denied
from compute.adapters.dynamodb import ArtistNotFound, RemovalStateChanged
from compute.adapters.removals import RequestStateChanged
from compute.domain import confirmation
from compute.domain.denylist import handle_identity_key_hash
from compute.domain.errors import ValidationError
from compute.domain.removal import parse_removal_body
from compute.services import NotFound
from compute.services.request_removal import (
    RemovalConflict,
    RemovalDeps,
    RemovalLimited,
    RemovalRules,
    RemovalService,
)
from tests.unit.search.factories import artist

KEY = b"unit-signing-key"
LINK = re.compile(
    r"https://api\.example/v1/removal-requests/(rem_[0-9a-f]+)/confirmation\?token=(\S+)"
)


class FakeTable:
    def __init__(self, *artists: Any) -> None:
        self.items = {a.artist_id: a.to_item() for a in artists}
        self.denied: set[str] = set()
        self.written: list[tuple[dict[str, Any], list[dict[str, Any]], str | None]] = []
        self.vanish = False
        self.requests: dict[str, dict[str, Any]] = {}

    def get_artist(self, artist_id: str, *, consistent: bool = False) -> dict[str, Any] | None:
        return self.items.get(artist_id)

    def find_artist_by_handle(self, handle: str) -> dict[str, Any] | None:
        return next((i for i in self.items.values() if i.get("instagramHandle") == handle), None)

    def is_denied(self, hashed: str) -> bool:
        return hashed in self.denied

    def record_removal(
        self,
        removal_request: Mapping[str, Any],
        denylist_items: list[dict[str, Any]],
        artist_id: str | None,
        updated_at: str,
        *,
        expected_status: str | None = None,
    ) -> None:
        stored = self.requests.get(str(removal_request["requestId"]))
        if expected_status is not None and (stored or {}).get("status") != expected_status:
            raise RemovalStateChanged(str(removal_request["requestId"]))
        if artist_id is not None and self.vanish:
            raise ArtistNotFound(artist_id)
        self.written.append((dict(removal_request), denylist_items, artist_id))
        self.requests[str(removal_request["requestId"])] = dict(removal_request)
        self.denied.update(d["identityKeyHash"] for d in denylist_items)
        if artist_id is not None:
            item = self.items[artist_id]
            item.update(opted_out=True, version=item["version"] + 1)


class FakeStore:
    """The request store over the same dict the fake table writes approvals into."""

    def __init__(self, table: FakeTable) -> None:
        self.requests = table.requests
        self.windows: dict[tuple[str, int], int] = {}

    def create(self, item: Mapping[str, Any]) -> None:
        self.requests[str(item["requestId"])] = dict(item)

    def get(self, request_id: str) -> dict[str, Any] | None:
        found = self.requests.get(request_id)
        return dict(found) if found else None

    def _move(self, request_id: str, expected: str, **changes: Any) -> None:
        item = self.requests.get(request_id)
        if item is None or item["status"] != expected:
            raise RequestStateChanged(request_id)
        item.update(changes)

    def confirm(self, request_id: str, *, now: str, now_epoch: int) -> None:
        if self.requests[request_id].get("expiresAt", 0) <= now_epoch:
            raise RequestStateChanged(request_id)
        self._move(request_id, "pending", status="confirmed", confirmedAt=now, updatedAt=now)
        self.requests[request_id].pop("expiresAt", None)

    def reject(self, request_id: str, *, now: str, delete_at: int) -> None:
        self._move(request_id, "confirmed", status="rejected", decidedAt=now, expiresAt=delete_at)

    def count(self, name: str, *, window_start: int, window_end: int, limit: int) -> bool:
        used = self.windows.get((name, window_start), 0)
        if used >= limit:
            return False
        self.windows[(name, window_start)] = used + 1
        return True


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to: str, subject: str, text: str) -> str:
        self.sent.append((to, subject, text))
        return f"msg-{len(self.sent)}"


class Clock:
    def __init__(self) -> None:
        self.now = 1_795_000_000.0

    def __call__(self) -> float:
        return self.now


class World:
    def __init__(self, *artists: Any, rules: RemovalRules | None = None) -> None:
        self.table = FakeTable(*artists)
        self.store = FakeStore(self.table)
        self.mailer = FakeMailer()
        self.clock = Clock()
        self.service = RemovalService(
            RemovalDeps(
                table=self.table,
                store=self.store,
                mailer=self.mailer,
                signing_key=lambda: KEY,
                rules=rules or RemovalRules(),
                clock=self.clock,
            )
        )

    def ask(self, body: dict[str, Any], client: str = "198.51.100.7") -> dict[str, str]:
        return self.service.accept(
            parse_removal_body(body), as_sent=body, client=client, link_base="https://api.example"
        )

    def link(self, index: int = -1) -> tuple[str, str]:
        found = LINK.search(self.mailer.sent[index][2])
        assert found, self.mailer.sent[index][2]
        return found.group(1), found.group(2)


BODY = {"reason": "other", "contactEmail": "person@example.co.uk"}


def test_a_new_request_is_pending_changes_nothing_and_mails_the_link() -> None:
    a = artist(instagram_handle="rowan.ashby.ink")
    w = World(a)
    reply = w.ask({**BODY, "instagramHandle": "@Rowan.Ashby.Ink"})
    assert reply["status"] == "pending"
    assert w.table.written == [] and w.table.items[a.artist_id].get("opted_out") is not True
    assert not is_denied(w.table, handle="rowan.ashby.ink", artist_id=a.artist_id)
    stored = w.store.requests[reply["requestId"]]
    assert stored["status"] == "pending" and stored["artistId"] == a.artist_id
    assert stored["expiresAt"] == int(w.clock.now) + 24 * 3600
    assert "rowan.ashby.ink" not in repr(stored)
    ((to, _, _),) = w.mailer.sent
    assert to == "person@example.co.uk"
    assert w.link()[0] == reply["requestId"]


def test_only_a_confirmed_and_approved_request_opts_the_artist_out() -> None:
    a = artist(instagram_handle="rowan.ashby.ink")
    w = World(a)
    request_id = w.ask({**BODY, "instagramHandle": "@Rowan.Ashby.Ink"})["requestId"]
    with pytest.raises(RemovalConflict, match="pending"):
        w.service.decide(request_id, "approve")  # not confirmed yet
    assert w.service.confirm(*w.link()) == {"requestId": request_id, "status": "confirmed"}
    assert w.table.written == []
    assert w.service.decide(request_id, "approve") == {
        "requestId": request_id,
        "status": "completed",
    }
    ((stored, denylist, opted),) = w.table.written
    assert opted == a.artist_id and stored["status"] == "completed" and stored["completedAt"]
    assert [d["identityKeyHash"] for d in denylist] == [handle_identity_key_hash("rowan.ashby.ink")]
    assert is_denied(w.table, handle="ROWAN.ASHBY.INK") and is_denied(
        w.table, artist_id=a.artist_id
    )


def test_a_request_by_id_denies_the_artists_own_handle_on_approval() -> None:
    a = artist(instagram_handle="isla.penrose")
    w = World(a)
    request_id = w.ask({**BODY, "artistId": a.artist_id})["requestId"]
    w.service.confirm(*w.link())
    w.service.decide(request_id, "approve")
    ((_, denylist, opted),) = w.table.written
    assert opted == a.artist_id
    assert [d["identityKeyHash"] for d in denylist] == [handle_identity_key_hash("isla.penrose")]


def test_a_rejected_request_changes_nothing_and_is_kept_for_30_days() -> None:
    a = artist()
    w = World(a)
    request_id = w.ask({**BODY, "artistId": a.artist_id})["requestId"]
    w.service.confirm(*w.link())
    assert w.service.decide(request_id, "reject")["status"] == "rejected"
    assert w.table.written == [] and not is_denied(w.table, artist_id=a.artist_id)
    assert w.store.requests[request_id]["expiresAt"] == int(w.clock.now) + 30 * 24 * 3600
    with pytest.raises(RemovalConflict, match="rejected"):
        w.service.decide(request_id, "approve")


def test_a_link_works_once() -> None:
    w = World(artist())
    w.ask({**BODY, "artistId": "art_0000000000000001"})
    w.service.confirm(*w.link())
    with pytest.raises(RemovalConflict, match="already confirmed"):
        w.service.confirm(*w.link())


def test_a_tampered_link_is_invalid() -> None:
    w = World(artist())
    w.ask({**BODY, "artistId": "art_0000000000000001"})
    w.ask({**BODY, "artistId": "art_0000000000000002"}, client="198.51.100.8")
    first_id, first_token = w.link(0)
    second_id, second_token = w.link(1)
    expires, signature = first_token.split(".")[1:]
    for request_id, token in [
        (first_id, second_token),  # another request's token
        (second_id, first_token),
        (first_id, f"v1.{int(expires) + 3600}.{signature}"),  # a later expiry
        (first_id, first_token[:-1] + ("A" if first_token[-1] != "A" else "B")),  # one character
        (first_id, "v1.1.x"),
    ]:
        with pytest.raises(confirmation.LinkInvalid):
            w.service.confirm(request_id, token)
    assert {r["status"] for r in w.store.requests.values()} == {"pending"}


def test_an_expired_link_is_refused_even_if_ttl_has_not_deleted_the_request() -> None:
    w = World(artist())
    w.ask({**BODY, "artistId": "art_0000000000000001"})
    w.clock.now += 24 * 3600
    with pytest.raises(confirmation.LinkExpired):
        w.service.confirm(*w.link())
    request_id = w.link()[0]
    with pytest.raises(RemovalConflict, match="expired"):
        w.service.decide(request_id, "approve")


def test_an_unknown_request_is_not_found_and_a_bad_id_is_a_validation_error() -> None:
    w = World()
    token = confirmation.sign(KEY, "rem_missing", int(w.clock.now) + 60)
    with pytest.raises(NotFound):
        w.service.confirm("rem_missing", token)
    with pytest.raises(NotFound):
        w.service.decide("rem_missing", "approve")
    with pytest.raises(ValidationError):
        w.service.decide("rem#1", "approve")


def test_new_requests_are_limited_per_client_and_per_artist() -> None:
    rules = RemovalRules(client_limit=2, client_window_s=3600, artist_limit=3)
    w = World(rules=rules)
    for n in range(2):
        w.ask({**BODY, "artistId": f"art_000000000000000{n}"})
    with pytest.raises(RemovalLimited) as limited:
        w.ask({**BODY, "artistId": "art_0000000000000009"})
    assert 0 < limited.value.retry_after_s <= 3600
    for client in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        w.ask({**BODY, "artistId": "art_00000000000000aa"}, client=client)
    with pytest.raises(RemovalLimited, match="for this artist"):
        w.ask({**BODY, "artistId": "art_00000000000000aa"}, client="203.0.113.4")
    assert len(w.mailer.sent) == 5
    w.clock.now += 24 * 3600  # the next windows
    w.ask({**BODY, "artistId": "art_00000000000000aa"})


def test_no_limit_item_names_the_client_or_the_artist() -> None:
    w = World()
    w.ask({**BODY, "artistId": "art_00000000000000aa"}, client="203.0.113.77")
    names = " ".join(name for name, _ in w.store.windows)
    assert "203.0.113.77" not in names and "art_00000000000000aa" not in names


def test_an_artist_that_vanishes_before_approval_still_gets_the_request_recorded() -> None:
    a = artist(instagram_handle="gone.soon")
    w = World(a)
    request_id = w.ask({**BODY, "artistId": a.artist_id})["requestId"]
    w.service.confirm(*w.link())
    w.table.vanish = True
    w.service.decide(request_id, "approve")
    ((stored, denylist, opted),) = w.table.written
    assert opted is None and stored["status"] == "completed" and len(denylist) == 1


def test_invalid_bodies_report_every_problem_and_send_nothing() -> None:
    w = World()
    with pytest.raises(ValidationError) as error:
        w.ask({"reason": "boredom", "contactEmail": "nope"})
    assert {"artistId", "reason", "contactEmail"} <= set(error.value.fields)
    assert w.mailer.sent == [] and w.store.requests == {}
