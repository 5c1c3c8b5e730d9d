"""CPU time of this process's threads, by group: where the local cloud's own CPU goes (moto's
request threads, the gateway, pollers, log and metric shipping, the alarm evaluator).

Per-thread CPU from the kernel (/proc/self/task through psutil), named by Python's threads;
cheap enough to read at the start and end of a benchmark stage. A thread that ended between
two readings leaves its CPU unattributed (`ended threads` in `spent_between`).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

# Python names threads 'Thread-12 (process_request_thread)' or 'poller-sqs-3': the part in
# parentheses, else the name without its trailing number, groups them.
_THREAD_NUMBER = re.compile(r"[-_ ]?\d+$")
ENDED = "ended threads"


def thread_group(name: str) -> str:
    """A thread's group: `Thread-3 (serve_forever)` -> `serve_forever`, `poller-7` -> `poller`."""
    if "(" in name and name.endswith(")"):
        return name[name.index("(") + 1 : -1]
    return _THREAD_NUMBER.sub("", name) or name


def reading() -> dict[str, Any]:
    """{"process_s": CPU seconds of the process, "threads": {native id: [group, CPU seconds]}}
    (a JSON-ready snapshot: the control endpoint serves it)."""
    import psutil

    process = psutil.Process()
    names = {t.native_id: t.name for t in threading.enumerate() if t.native_id is not None}
    threads = {
        str(t.id): [thread_group(names.get(t.id, "unnamed (native)")), t.user_time + t.system_time]
        for t in process.threads()
    }
    times = process.cpu_times()
    return {"process_s": times.user + times.system, "threads": threads}


def spent_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, float]:
    """CPU seconds each thread group used between two `reading`s, busiest first; what threads
    that ended meanwhile used (the process's rise minus what live threads account for) is
    `ended threads`."""
    old, new = before["threads"], after["threads"]
    spent: defaultdict[str, float] = defaultdict(float)
    for tid, (group, used) in new.items():
        spent[str(group)] += float(used) - (float(old[tid][1]) if tid in old else 0.0)
    process_rise = float(after["process_s"]) - float(before["process_s"])
    spent[ENDED] += max(0.0, process_rise - sum(spent.values()))
    return dict(sorted(spent.items(), key=lambda item: -item[1]))
