"""The saga's worker, as a team runs it; also the worker `fault-replay check --worker-command` starts.

    python worker.py [--path DIR]... [MODULE]

MODULE (default tenant_provisioning.workflows) exports WORKFLOWS, the workflow classes to register.
Under fault-replay (FAULT_REPLAY_ADDRESS set) it connects to the tool's frontend with
FAULT_REPLAY_NAMESPACE and FAULT_REPLAY_TASK_QUEUE and registers the workflows only: the tool answers
every activity itself. Otherwise it connects to TEMPORAL_ADDRESS (default localhost:7233) and runs
the activities too, with the recording faults of tenant_provisioning/recording_faults.py.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", action="append", default=[], help="a folder to import workflow modules from")
    parser.add_argument("module", nargs="?", default="tenant_provisioning.workflows")
    args = parser.parse_args()
    sys.path[:0] = [HERE, *map(os.path.abspath, args.path)]

    from temporalio.client import Client
    from temporalio.worker import Worker

    from tenant_provisioning.activities import ACTIVITIES
    from tenant_provisioning.recording_faults import recording_faults

    workflows = importlib.import_module(args.module).WORKFLOWS
    under_tool = "FAULT_REPLAY_ADDRESS" in os.environ
    if under_tool:
        address = os.environ["FAULT_REPLAY_ADDRESS"]
        namespace = os.environ["FAULT_REPLAY_NAMESPACE"]
        task_queue = os.environ["FAULT_REPLAY_TASK_QUEUE"]
    else:
        address = os.environ.get("TEMPORAL_ADDRESS", "localhost:7233")
        namespace = os.environ.get("TEMPORAL_NAMESPACE", "default")
        task_queue = os.environ.get("TEMPORAL_TASK_QUEUE", "python-tenant-provisioning")
    client = await Client.connect(address, namespace=namespace)
    worker = Worker(
        client,
        task_queue=task_queue,
        workflows=workflows,
        activities=[] if under_tool else ACTIVITIES,
        interceptors=[] if under_tool else recording_faults(),
    )
    await worker.run()


if __name__ == "__main__":
    asyncio.run(main())
