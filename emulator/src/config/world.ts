import { readFileSync } from "node:fs";
import { z } from "zod";

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/);

const endpointSchema = z.object({
  id: z.string().regex(/^we_/),
  url: z.string().min(1),
  enabled_events: z.array(z.string()).min(1),
  secret: z.string().regex(/^whsec_/),
  description: z.string().optional(),
  connect: z.boolean().optional(),
});

const accountSchema = z.object({
  id: z.string().regex(/^acct_/),
  name: z.string().min(1),
  secret_key: z
    .string()
    .regex(/^sk_test_/)
    .optional(),
  publishable_key: z
    .string()
    .regex(/^pk_test_/)
    .optional(),
  /** Set on a Connect connected account: the platform that may act in it with `Stripe-Account`. */
  platform: z
    .string()
    .regex(/^acct_/)
    .optional(),
  country: z.string().length(2).default("US"),
  /**
   * Stripe refuses card numbers sent with a secret key unless the account has raw card data
   * access (a support-granted setting); tests and integrations use test tokens instead.
   */
  raw_card_data_access: z.boolean().default(false),
  default_currency: z.string().length(3).default("usd"),
  branding: z.object({ display_name: z.string(), primary_color: color, secondary_color: color }),
  webhook_endpoints: z.array(endpointSchema).default([]),
});

const organizationSchema = z.object({
  id: z.string().regex(/^org_/),
  name: z.string().min(1),
  secret_key: z.string().regex(/^sk_org_test_/),
  accounts: z.array(z.string()).min(1),
  sharing_group: z
    .object({
      name: z.string().default("default"),
      accounts: z.array(z.string()).min(2),
      consent_attested: z.literal(true),
    })
    .optional(),
  webhook_endpoints: z.array(endpointSchema).default([]),
});

const worldSchema = z.object({
  organizations: z.array(organizationSchema).default([]),
  accounts: z.array(accountSchema).min(1),
});

export type WorldAccount = z.infer<typeof accountSchema>;
export type WorldOrganization = z.infer<typeof organizationSchema>;
export type WorldEndpoint = z.infer<typeof endpointSchema>;

export type KeyOwner =
  | { kind: "account"; account: WorldAccount; publishable: boolean }
  | { kind: "organization"; organization: WorldOrganization };

/** The validated, indexed world the emulator serves. Immutable after load. */
export class World {
  readonly accounts = new Map<string, WorldAccount>();
  readonly keys = new Map<string, KeyOwner>();
  private readonly groupOf = new Map<string, string[]>();
  private readonly orgOf = new Map<string, WorldOrganization>();

  constructor(
    readonly raw: z.infer<typeof worldSchema>,
    readonly appUrl: string,
  ) {
    for (const a of raw.accounts) {
      if (this.accounts.has(a.id)) throw new Error(`world: duplicate account ${a.id}`);
      this.accounts.set(a.id, a);
      if (a.secret_key) this.addKey(a.secret_key, { kind: "account", account: a, publishable: false });
      if (a.publishable_key)
        this.addKey(a.publishable_key, { kind: "account", account: a, publishable: true });
    }
    for (const a of raw.accounts) {
      if (a.platform && !this.accounts.get(a.platform)) {
        throw new Error(`world: ${a.id} names unknown platform ${a.platform}`);
      }
      if (!a.platform && !a.secret_key) throw new Error(`world: account ${a.id} needs a secret_key`);
    }
    for (const o of raw.organizations) {
      this.addKey(o.secret_key, { kind: "organization", organization: o });
      for (const id of o.accounts) {
        const acct = this.accounts.get(id);
        if (!acct) throw new Error(`world: organization ${o.id} names unknown account ${id}`);
        this.orgOf.set(id, o);
      }
      const group = o.sharing_group;
      if (group) {
        for (const id of group.accounts) {
          if (!o.accounts.includes(id))
            throw new Error(`world: sharing group account ${id} is not in ${o.id}`);
          // Stripe: "You can't enable sharing between connected accounts under a platform."
          if (this.accounts.get(id)?.platform) {
            throw new Error(`world: connected account ${id} cannot be in a sharing group`);
          }
          if (this.groupOf.has(id)) throw new Error(`world: account ${id} is in two sharing groups`);
          this.groupOf.set(id, group.accounts);
        }
      }
    }
  }

  private addKey(key: string, owner: KeyOwner): void {
    if (this.keys.has(key)) throw new Error(`world: duplicate key ${key.slice(0, 12)}…`);
    this.keys.set(key, owner);
  }

  /** Accounts sharing customers and card payment methods with `account` (itself included). */
  sharingGroup(account: string): readonly string[] {
    return this.groupOf.get(account) ?? [account];
  }

  organizationOf(account: string): WorldOrganization | undefined {
    return this.orgOf.get(account);
  }

  /** Whether requests authenticated by `account`'s keys may send raw card numbers. */
  hasRawCardDataAccess(account: string): boolean {
    return this.accounts.get(account)?.raw_card_data_access === true;
  }

  platformOf(account: string): string | undefined {
    return this.accounts.get(account)?.platform;
  }

  /** The world as the control API shows it (secrets included: this is a local test tool). */
  describe(): unknown {
    return {
      app_url: this.appUrl,
      organizations: this.raw.organizations.map((o) => ({
        ...o,
        webhook_endpoints: o.webhook_endpoints.map((e) => this.resolveEndpoint(e)),
      })),
      accounts: this.raw.accounts.map((a) => ({
        ...a,
        webhook_endpoints: a.webhook_endpoints.map((e) => this.resolveEndpoint(e)),
      })),
    };
  }

  resolveEndpoint(e: WorldEndpoint): WorldEndpoint {
    return { ...e, url: e.url.replaceAll("{APP_URL}", this.appUrl) };
  }
}

export function parseWorld(json: unknown, appUrl: string): World {
  const parsed = worldSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`world config is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return new World(parsed.data, appUrl.replace(/\/+$/, ""));
}

export function loadWorld(file: string, appUrl: string): World {
  return parseWorld(JSON.parse(readFileSync(file, "utf8")) as unknown, appUrl);
}
