"""The local cloud's CPU by thread group (emulation.thread_cpu): real threads, kernel times."""

from __future__ import annotations

import threading
import time

from emulation.thread_cpu import ENDED, reading, spent_between, thread_group


def spin(seconds: float, done: threading.Event | None = None) -> None:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass
    if done is not None:
        done.wait(10)  # alive until read


def test_threads_group_by_their_target_or_their_name_without_its_number() -> None:
    assert thread_group("Thread-12 (process_request_thread)") == "process_request_thread"
    assert thread_group("poller-sqs-3") == "poller-sqs"
    assert thread_group("MainThread") == "MainThread"


def test_a_live_threads_cpu_is_its_groups_and_an_ended_ones_is_not_lost() -> None:
    release = threading.Event()
    before = reading()
    alive = threading.Thread(target=spin, args=(0.3, release), name="Thread-7 (alive)")
    gone = threading.Thread(target=spin, args=(0.3,), name="Thread-8 (gone)")
    alive.start()
    gone.start()
    gone.join()
    deadline = time.monotonic() + 10
    after = reading()
    # join() returns before the kernel drops the thread's task (until then it reads as an
    # unnamed native thread): wait for both to show.
    while time.monotonic() < deadline:
        spent = spent_between(before, after)
        if spent.get("alive", 0.0) >= 0.25 and spent.get(ENDED, 0.0) >= 0.2:
            break
        time.sleep(0.05)
        after = reading()
    release.set()
    alive.join()
    spent = spent_between(before, after)
    assert spent["alive"] >= 0.25
    assert "gone" not in spent  # it ended before the second reading ...
    assert spent[ENDED] >= 0.2  # ... so its CPU is counted as an ended thread's
    assert list(spent.values()) == sorted(spent.values(), reverse=True)
