"""The execution graph: what a history says about each state, and where each state is drawn."""

from __future__ import annotations

from typing import Any

from emulation.console import graph

DEFINITION: dict[str, Any] = {
    "StartAt": "Discover",
    "States": {
        "Discover": {
            "Type": "Task",
            "Next": "EachItem",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "DiscoverFailed"}],
        },
        "DiscoverFailed": {"Type": "Pass", "Next": "RunFailed"},
        "EachItem": {
            "Type": "Map",
            "ItemProcessor": {
                "StartAt": "Work",
                "States": {"Work": {"Type": "Task", "End": True}},
            },
            "Next": "Summarize",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "RunFailed"}],
        },
        "Summarize": {"Type": "Task", "End": True},
        "RunFailed": {"Type": "Fail"},
    },
}


class History:
    """Builds GetExecutionHistory events, each linked to the one before it."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def add(self, kind: str, previous: int | None = None, at: float = 0.0, **details: Any) -> int:
        event_id = len(self.events) + 1
        event: dict[str, Any] = {
            "id": event_id,
            "previousEventId": event_id - 1 if previous is None else previous,
            "type": kind,
            "timestamp": at,
        }
        event.update(details)
        self.events.append(event)
        return event_id

    def enter(self, kind: str, name: str, at: float, previous: int | None = None) -> int:
        return self.add(
            f"{kind}StateEntered", previous, at, stateEnteredEventDetails={"name": name}
        )

    def exit(self, kind: str, name: str, at: float, previous: int | None = None) -> int:
        return self.add(f"{kind}StateExited", previous, at, stateExitedEventDetails={"name": name})


def a_run_whose_map_iterations_interleave() -> History:
    history = History()
    history.add("ExecutionStarted", 0)
    history.enter("Task", "Discover", 1.0)
    history.add("TaskFailed", at=1.5)  # retried ...
    history.add("TaskSucceeded", at=2.0)  # ... and then succeeded
    history.exit("Task", "Discover", 3.0)
    history.enter("Map", "EachItem", 3.0)
    started = history.add("MapStateStarted", at=3.0, mapStateStartedEventDetails={"length": 2})
    first = history.add("MapIterationStarted", started, 3.0, mapIterationStartedEventDetails={})
    second = history.add("MapIterationStarted", started, 3.0, mapIterationStartedEventDetails={})
    for event in history.events[-2:]:
        event["mapIterationStartedEventDetails"] = {"name": "EachItem"}
    work_1 = history.enter("Task", "Work", 3.0, previous=first)
    work_2 = history.enter("Task", "Work", 4.0, previous=second)
    done_2 = history.exit("Task", "Work", 5.0, previous=work_2)  # took 1 s
    done_1 = history.exit("Task", "Work", 9.0, previous=work_1)  # took 6 s
    for done in (done_1, done_2):
        history.add(
            "MapIterationSucceeded",
            done,
            9.0,
            mapIterationSucceededEventDetails={"name": "EachItem"},
        )
    history.add("MapStateSucceeded", at=9.0)
    history.exit("Map", "EachItem", 9.0)
    history.enter("Task", "Summarize", 9.0)
    return history


def test_each_state_gets_the_status_its_events_say() -> None:
    history = a_run_whose_map_iterations_interleave()
    runs = graph.state_runs(DEFINITION, history.events, execution_running=True)
    assert runs["Discover"].status == graph.SUCCEEDED  # a retried error is not a caught one
    assert runs["Discover"].failures == 1
    assert runs["EachItem"].status == graph.SUCCEEDED
    assert runs["EachItem"].items == {"total": 2, "succeeded": 2, "running": 0}
    assert runs["Summarize"].status == graph.RUNNING
    assert runs["DiscoverFailed"].status == graph.NOT_RUN
    assert runs["RunFailed"].status == graph.NOT_RUN


def test_interleaved_map_iterations_are_timed_each_from_its_own_entry() -> None:
    runs = graph.state_runs(DEFINITION, a_run_whose_map_iterations_interleave().events)
    assert runs["Work"].entered == 2
    assert sorted(runs["Work"].durations_s) == [1.0, 6.0]


def test_a_caught_error_and_the_fail_state_it_leads_to() -> None:
    history = History()
    history.add("ExecutionStarted", 0)
    history.enter("Task", "Discover", 1.0)
    history.add("TaskFailed", at=2.0)
    history.exit("Task", "Discover", 2.0)
    history.enter("Pass", "DiscoverFailed", 2.0)
    history.exit("Pass", "DiscoverFailed", 2.0)
    history.enter("Fail", "RunFailed", 2.0)
    history.add("ExecutionFailed", at=2.0)
    runs = graph.state_runs(DEFINITION, history.events)
    assert runs["Discover"].status == graph.CAUGHT
    assert runs["DiscoverFailed"].status == graph.SUCCEEDED
    assert runs["RunFailed"].status == graph.FAILED
    assert runs["EachItem"].status == graph.NOT_RUN


def test_a_distributed_map_shows_its_map_run_counts_and_leaves_its_states_uncoloured() -> None:
    definition = {**DEFINITION, "States": dict(DEFINITION["States"])}
    each = dict(definition["States"]["EachItem"])
    each["ItemProcessor"] = {**each["ItemProcessor"], "ProcessorConfig": {"Mode": "DISTRIBUTED"}}
    definition["States"]["EachItem"] = each
    counts = {"total": 30, "succeeded": 28, "failed": 2, "running": 0, "pending": 0}
    runs = graph.state_runs(definition, [], {"EachItem": counts})
    assert runs["EachItem"].items == counts
    assert runs["EachItem"].distributed
    assert runs["Work"].status == graph.ELSEWHERE


def test_the_success_path_is_a_straight_spine_with_handlers_to_its_right() -> None:
    drawn = graph.layout(DEFINITION)
    boxes = drawn.boxes
    spine = [boxes[n] for n in ("Discover", "EachItem", "Summarize")]
    centres = {round(b.x + b.w / 2, 3) for b in spine}
    assert len(centres) == 1, "the success path is not one straight column"
    assert [b.y for b in spine] == sorted(b.y for b in spine)
    assert boxes["DiscoverFailed"].x > boxes["Discover"].x + boxes["Discover"].w
    assert boxes["DiscoverFailed"].row == boxes["EachItem"].row  # beside what it follows
    inner = boxes["EachItem"].inner
    assert inner is not None and "Work" in inner.boxes
    assert boxes["EachItem"].h > inner.h  # the Map's box holds its inner graph


def test_the_svg_names_every_state_with_its_status() -> None:
    runs = graph.state_runs(DEFINITION, a_run_whose_map_iterations_interleave().events)
    svg = graph.draw(DEFINITION, runs)
    for name in ("Discover", "DiscoverFailed", "EachItem", "Work", "Summarize", "RunFailed"):
        assert f'data-state="{name}"' in svg
    assert 'data-state="Discover" data-status="succeeded"' in svg
    assert "<script" not in svg


def test_a_loop_back_to_an_earlier_state_does_not_hang_the_layout() -> None:
    looping = {
        "StartAt": "Poll",
        "States": {
            "Poll": {"Type": "Task", "Next": "Done?"},
            "Done?": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.done", "BooleanEquals": False, "Next": "Poll"}],
                "Default": "Finish",
            },
            "Finish": {"Type": "Succeed"},
        },
    }
    drawn = graph.layout(looping)
    assert [drawn.boxes[n].row for n in ("Poll", "Done?", "Finish")] == [0, 1, 2]
