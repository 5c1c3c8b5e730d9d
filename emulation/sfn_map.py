"""Distributed Map's failure tolerance, which moto 5.2.5 parses but does not apply.

moto counts a failed item and carries on with `null` as its result, whatever
ToleratedFailureCount / ToleratedFailurePercentage say: every Map run succeeds. AWS fails the
Map run with `States.ExceedToleratedFailureThreshold` as soon as the failed (or timed-out) items
exceed a threshold, and stops starting items. `install()` replaces the Map run's job pool with
one that applies `threshold_exceeded` each time an item ends.
"""

from __future__ import annotations

from typing import Any, cast

THRESHOLD_ERROR = "States.ExceedToleratedFailureThreshold"
THRESHOLD_CAUSE = "The specified tolerated failure threshold was exceeded"


def threshold_exceeded(failed: int, total: int, count: int, percentage: float) -> bool:
    """AWS's rule. With neither threshold set (both 0), any failure fails the run; with one or
    both set, the run fails when the failures exceed either (a 0 counts as not set, which is
    what moto hands over when the field is absent)."""
    if failed <= 0:
        return False
    if count <= 0 and percentage <= 0:
        return True
    over_count = count > 0 and failed > count
    over_percentage = percentage > 0 and total > 0 and failed * 100.0 / total > percentage
    return over_count or over_percentage


def install() -> None:
    """Patch moto's DistributedIterationComponent (idempotent)."""
    from moto.stepfunctions.parser.api import ExecutionFailedEventDetails, HistoryEventType
    from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
        FailureEvent,
        FailureEventException,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import (
        StatesErrorName,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name_type import (
        StatesErrorNameType,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration import (
        distributed_iteration_component as module,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration.job import (
        JobPool,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.max_concurrency import (
        DEFAULT_MAX_CONCURRENCY_VALUE,
    )
    from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails

    cls: Any = module.DistributedIterationComponent
    if getattr(cls, "_local_cloud_patched", False):
        return

    class TolerantJobPool(JobPool):
        """Ends the run (as a worker exception would) once the failures exceed a threshold."""

        def __init__(self, program: Any, inputs: list[Any], env: Any, record: Any) -> None:
            super().__init__(job_program=program, job_inputs=inputs)
            self._env = env
            self._record = record
            self._total = len(inputs)

        def close_job(self, job: Any) -> None:
            super().close_job(job)
            items = self._record.item_counter
            failed = items.failed.get() + items.timed_out.get()
            exceeded = threshold_exceeded(
                failed,
                self._total,
                int(self._record.tolerated_failure_count or 0),
                float(self._record.tolerated_failure_percentage or 0.0),
            )
            with self._mutex:
                if exceeded and self._worker_exception is None:
                    self._worker_exception = FailureEventException(
                        FailureEvent(
                            env=self._env,
                            error_name=StatesErrorName(
                                typ=StatesErrorNameType.StatesExceedToleratedFailureThreshold
                            ),
                            event_type=HistoryEventType.MapStateFailed,
                            event_details=cast(Any, EventDetails)(
                                executionFailedEventDetails=ExecutionFailedEventDetails(
                                    error=THRESHOLD_ERROR, cause=THRESHOLD_CAUSE
                                )
                            ),
                        )
                    )
                    self._termination_event.set()  # next_job() now hands out nothing

    def _map_run(self: Any, env: Any, eval_input: Any) -> None:
        # moto's own _map_run, with the tolerant pool in place of JobPool.
        input_items: list[Any] = env.stack.pop()
        record = eval_input.map_run_record
        job_pool = TolerantJobPool(self._get_iteration_program(), input_items, env, record)
        max_concurrency = record.max_concurrency
        workers = (
            len(input_items)
            if max_concurrency == DEFAULT_MAX_CONCURRENCY_VALUE
            else max_concurrency
        )
        for _ in range(workers):
            self._launch_worker(env=env, eval_input=eval_input, job_pool=job_pool)
        job_pool.await_jobs()
        worker_exception = job_pool.get_worker_exception()
        if worker_exception is not None:
            raise worker_exception
        env.stack.append([closed.job_output for closed in job_pool.get_closed_jobs()])

    cls._map_run = _map_run
    cls._local_cloud_patched = True
