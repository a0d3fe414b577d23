"""Real faults for a recording on the dev server (scripts/record-python.ts): an activity interceptor.

FAULT_REPLAY_FAIL_ACTIVITIES (comma-separated activity types): each attempt of those activities
raises a non-retryable ApplicationError of type InjectedFailure, "injected failure in <type>", the
failure `fault-replay check` writes for the fault activity-failed, so a recording and the tool's
rewrite of the happy history can be compared event by event.
"""

from __future__ import annotations

import os
from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError
from temporalio.worker import ActivityInboundInterceptor, ExecuteActivityInput, Interceptor

FAIL_ACTIVITIES = "FAULT_REPLAY_FAIL_ACTIVITIES"


class _Failing(ActivityInboundInterceptor):
    def __init__(self, next: ActivityInboundInterceptor, failing: set[str]) -> None:
        super().__init__(next)
        self.failing = failing

    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        activity_type = activity.info().activity_type
        if activity_type in self.failing:
            raise ApplicationError(f"injected failure in {activity_type}", type="InjectedFailure", non_retryable=True)
        return await super().execute_activity(input)


class RecordingFaults(Interceptor):
    def __init__(self, failing: set[str]) -> None:
        self.failing = failing

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _Failing(next, self.failing)


def recording_faults() -> list[Interceptor]:
    failing = {name for name in os.environ.get(FAIL_ACTIVITIES, "").split(",") if name}
    return [RecordingFaults(failing)] if failing else []
