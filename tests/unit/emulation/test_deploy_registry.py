"""The deploy's registry of creators: one per resource type, none for a type it calls accepted."""

from __future__ import annotations

import pytest

from emulation.deploy import SERVICES, all_handled_types
from emulation.deploy.accepted import ACCEPTED_TYPES
from emulation.deploy.engine import CREATORS, creates


def test_no_created_type_is_also_listed_as_not_emulated() -> None:
    assert not set(all_handled_types()) & set(ACCEPTED_TYPES)


def test_every_creator_lives_in_a_registered_service_module() -> None:
    modules = {f"emulation.deploy.{service}" for service in SERVICES}
    assert {creator.__module__ for creator in CREATORS.values()} <= modules


def test_a_second_creator_for_a_type_is_refused() -> None:
    with pytest.raises(ValueError, match="AWS::SQS::Queue already has a creator"):
        creates("AWS::SQS::Queue")(CREATORS["AWS::SQS::Queue"])
