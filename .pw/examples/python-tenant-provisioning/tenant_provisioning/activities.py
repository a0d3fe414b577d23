"""The saga's activities, in memory: what each step does to the tenant's world (one dict a process).

Results have the shapes of examples/tenant-provisioning/activities.ts. The recorder
(scripts/record-python.ts) runs them on the dev server; `fault-replay check` never runs an activity:
it answers each one itself from the recorded history.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from temporalio import activity
from temporalio.exceptions import ApplicationError

PLANS = ("free", "team", "enterprise")
WORLD: dict[str, Any] = {"tenants": {}, "schemas": set(), "tables": {}, "memberships": set(), "settings": {}, "outbox": {}}


def schema_name(tenant_id: str) -> str:
    return ("tenant_" + re.sub(r"[^a-z0-9_]", "_", tenant_id.lower()))[:63]


def validation_error(message: str) -> ApplicationError:
    return ApplicationError(message, type="ValidationError", non_retryable=True)


@activity.defn(name="createTenantRecord")
async def create_tenant_record(input: dict[str, Any]) -> dict[str, Any]:
    if not str(input.get("tenantId", "")).strip():
        raise validation_error("tenantId must not be empty")
    if input["plan"] not in PLANS:
        raise validation_error(f"unknown plan '{input['plan']}', expected one of {', '.join(PLANS)}")
    WORLD["tenants"][input["tenantId"]] = {"owner": input["ownerUserId"], "plan": input["plan"], "status": "provisioning"}
    return {"tenantId": input["tenantId"]}


@activity.defn(name="deleteTenantRecord")
async def delete_tenant_record(ref: dict[str, Any]) -> None:
    WORLD["tenants"].pop(ref["tenantId"], None)


@activity.defn(name="createTenantSchema")
async def create_tenant_schema(ref: dict[str, Any]) -> dict[str, Any]:
    WORLD["schemas"].add(schema_name(ref["tenantId"]))
    return {"schema": schema_name(ref["tenantId"])}


@activity.defn(name="dropTenantSchema")
async def drop_tenant_schema(ref: dict[str, Any]) -> None:
    WORLD["schemas"].discard(schema_name(ref["tenantId"]))
    WORLD["tables"].pop(ref["tenantId"], None)


@activity.defn(name="applyTenantMigrations")
async def apply_tenant_migrations(ref: dict[str, Any]) -> dict[str, Any]:
    WORLD["tables"][ref["tenantId"]] = ["projects", "audit_events"]
    return {"tables": ["projects", "audit_events"]}


@activity.defn(name="revertTenantMigrations")
async def revert_tenant_migrations(ref: dict[str, Any]) -> None:
    WORLD["tables"].pop(ref["tenantId"], None)


@activity.defn(name="createOwnerMembership")
async def create_owner_membership(ref: dict[str, Any]) -> dict[str, Any]:
    WORLD["memberships"].add((ref["tenantId"], ref["ownerUserId"]))
    return {"role": "owner"}


@activity.defn(name="removeOwnerMembership")
async def remove_owner_membership(ref: dict[str, Any]) -> None:
    WORLD["memberships"].discard((ref["tenantId"], ref["ownerUserId"]))


@activity.defn(name="seedDefaultSettings")
async def seed_default_settings(ref: dict[str, Any]) -> dict[str, Any]:
    WORLD["settings"][ref["tenantId"]] = {"max_projects": "50", "max_members": "100", "audit_retention_days": "90", "sso": "off"}
    return {"settings": 4}


@activity.defn(name="deleteDefaultSettings")
async def delete_default_settings(ref: dict[str, Any]) -> None:
    WORLD["settings"].pop(ref["tenantId"], None)


@activity.defn(name="sendWelcomeEmail")
async def send_welcome_email(ref: dict[str, Any]) -> dict[str, Any]:
    WORLD["outbox"][ref["tenantId"]] = "pending"
    return {"outboxId": 1}


@activity.defn(name="cancelWelcomeEmail")
async def cancel_welcome_email(ref: dict[str, Any]) -> None:
    if WORLD["outbox"].get(ref["tenantId"]) == "pending":
        WORLD["outbox"][ref["tenantId"]] = "cancelled"


@activity.defn(name="markTenantFailed")
async def mark_tenant_failed(input: dict[str, Any]) -> None:
    WORLD["tenants"].setdefault(input["tenantId"], {})["status"] = "failed"
    WORLD["tenants"][input["tenantId"]]["reason"] = input["reason"]


ACTIVITIES: list[Callable[..., Any]] = [
    create_tenant_record,
    delete_tenant_record,
    create_tenant_schema,
    drop_tenant_schema,
    apply_tenant_migrations,
    revert_tenant_migrations,
    create_owner_membership,
    remove_owner_membership,
    seed_default_settings,
    delete_default_settings,
    send_welcome_email,
    cancel_welcome_email,
    mark_tenant_failed,
]
