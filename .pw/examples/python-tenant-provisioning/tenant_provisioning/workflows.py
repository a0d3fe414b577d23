"""The reference saga as a worker registers it: workflow type provisionTenant."""

from __future__ import annotations

from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from .saga import SagaBugs, provision_tenant


@workflow.defn(name="provisionTenant")
class ProvisionTenant:
    @workflow.run
    async def run(self, input: dict[str, Any]) -> dict[str, Any]:
        return await provision_tenant(SagaBugs(), input)


WORKFLOWS = [ProvisionTenant]
