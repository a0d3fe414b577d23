export const PLANS = ['free', 'team', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export interface TenantInput {
  tenantId: string;
  ownerUserId: string;
  plan: string;
}

export interface TenantRef {
  tenantId: string;
}

export interface OwnerRef extends TenantRef {
  ownerUserId: string;
}

export interface PlanRef extends TenantRef {
  plan: string;
}

export interface FailureInput extends TenantRef {
  reason: string;
}

export interface TenantRecordResult {
  tenantId: string;
}

export interface SchemaResult {
  schema: string;
}

export interface MigrationsResult {
  tables: string[];
}

export interface MembershipResult {
  role: string;
}

export interface SettingsResult {
  settings: number;
}

export interface OutboxResult {
  outboxId: number;
}

/** The saga's forward steps, in order (the recorder script and the tests use this list). */
export const PROVISIONING_STEPS = [
  'createTenantRecord',
  'createTenantSchema',
  'applyTenantMigrations',
  'createOwnerMembership',
  'seedDefaultSettings',
  'sendWelcomeEmail',
] as const;
