package saga

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
)

// The saga's activities, in memory: what each step does to the tenant's world (one map a process).
// Results have the shapes of examples/tenant-provisioning/activities.ts. The recorder
// (scripts/record-go.ts) runs them on the dev server; `fault-replay check` never runs an activity:
// it answers each one itself from the recorded history.

var plans = []string{"free", "team", "enterprise"}

type world struct {
	sync.Mutex
	tenants     map[string]string
	schemas     map[string]bool
	memberships map[ownerRef]bool
	settings    map[string]int
	outbox      map[string]string
}

var tenantWorld = world{tenants: map[string]string{}, schemas: map[string]bool{}, memberships: map[ownerRef]bool{}, settings: map[string]int{}, outbox: map[string]string{}}

var unsafeSchemaChars = regexp.MustCompile(`[^a-z0-9_]`)

func schemaName(tenantID string) string {
	name := "tenant_" + unsafeSchemaChars.ReplaceAllString(strings.ToLower(tenantID), "_")
	if len(name) > 63 {
		name = name[:63]
	}
	return name
}

func validationError(message string) error {
	return temporal.NewNonRetryableApplicationError(message, "ValidationError", nil)
}

func createTenantRecord(_ context.Context, input TenantInput) (tenantRef, error) {
	if strings.TrimSpace(input.TenantID) == "" {
		return tenantRef{}, validationError("tenantId must not be empty")
	}
	known := false
	for _, plan := range plans {
		known = known || plan == input.Plan
	}
	if !known {
		return tenantRef{}, validationError(fmt.Sprintf("unknown plan '%s', expected one of %s", input.Plan, strings.Join(plans, ", ")))
	}
	tenantWorld.Lock()
	defer tenantWorld.Unlock()
	tenantWorld.tenants[input.TenantID] = "provisioning"
	return tenantRef{input.TenantID}, nil
}

func deleteTenantRecord(_ context.Context, ref tenantRef) error {
	tenantWorld.Lock()
	defer tenantWorld.Unlock()
	delete(tenantWorld.tenants, ref.TenantID)
	return nil
}

func createTenantSchema(_ context.Context, ref tenantRef) (schemaResult, error) {
	tenantWorld.Lock()
	defer tenantWorld.Unlock()
	tenantWorld.schemas[schemaName(ref.TenantID)] = true
	return schemaResult{schemaName(ref.TenantID)}, nil
}

func dropTenantSchema(_ context.Context, ref tenantRef) error {
	tenantWorld.Lock()
	defer tenantWorld.Unlock()
	delete(tenantWorld.schemas, schemaName(ref.TenantID))
	return nil
}

type migrationsResult struct {
	Tables []string `json:"tables"`
}

func applyTenantMigrations(_ context.Context, _ tenantRef) (migrationsResult, error) {
	return migrationsResult{[]string{"projects", "audit_events"}}, nil
}

func revertTenantMigrations(_ context.Context, _ tenantRef) error { return nil }

type membershipResult struct {
	Role string `json:"role"`
}

func createOwnerMembership(_ context.Context, ref ownerRef) (membershipResult, error) {
	tenantWorld.Lock()
	defer tenantWorld.Unlock()
	tenantWorld.memberships[ref] = true
	return membershipResult{"owner"}, nil
}

func removeOwnerMembership(_ context.Context, ref ownerRef) error {
	tenantWorld.Lock()
	defer tenantWorld.Unlock()
	delete(tenantWorld.memberships, ref)
	return nil
}

type settingsResult struct {
	Settings int `json:"settings"`
}

func seedDefaultSettings(_ context.Context, ref planRef) (settingsResult, error) {
	tenantWorld.Lock()
	defer tenantWorld.Unlock()
	tenantWorld.settings[ref.TenantID] = 4
	return settingsResult{4}, nil
}

func deleteDefaultSettings(_ context.Context, ref tenantRef) error {
	tenantWorld.Lock()
	defer tenantWorld.Unlock()
	delete(tenantWorld.settings, ref.TenantID)
	return nil
}

type outboxResult struct {
	OutboxID int `json:"outboxId"`
}

func sendWelcomeEmail(_ context.Context, ref ownerRef) (outboxResult, error) {
	tenantWorld.Lock()
	defer tenantWorld.Unlock()
	tenantWorld.outbox[ref.TenantID] = "pending"
	return outboxResult{1}, nil
}

func cancelWelcomeEmail(_ context.Context, ref tenantRef) error {
	tenantWorld.Lock()
	defer tenantWorld.Unlock()
	if tenantWorld.outbox[ref.TenantID] == "pending" {
		tenantWorld.outbox[ref.TenantID] = "cancelled"
	}
	return nil
}

func markTenantFailed(_ context.Context, input failureInput) error {
	tenantWorld.Lock()
	defer tenantWorld.Unlock()
	tenantWorld.tenants[input.TenantID] = "failed: " + input.Reason
	return nil
}

// RegisterActivities registers the saga's activities under the TypeScript saga's names.
func RegisterActivities(w worker.Worker) {
	for name, fn := range map[string]interface{}{
		"createTenantRecord": createTenantRecord, "deleteTenantRecord": deleteTenantRecord,
		"createTenantSchema": createTenantSchema, "dropTenantSchema": dropTenantSchema,
		"applyTenantMigrations": applyTenantMigrations, "revertTenantMigrations": revertTenantMigrations,
		"createOwnerMembership": createOwnerMembership, "removeOwnerMembership": removeOwnerMembership,
		"seedDefaultSettings": seedDefaultSettings, "deleteDefaultSettings": deleteDefaultSettings,
		"sendWelcomeEmail": sendWelcomeEmail, "cancelWelcomeEmail": cancelWelcomeEmail,
		"markTenantFailed": markTenantFailed,
	} {
		w.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name})
	}
}
