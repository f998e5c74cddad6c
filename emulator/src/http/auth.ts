import type { World } from "../config/world.js";
import { invalid, StripeError } from "../domain/errors.js";

export interface Auth {
  /** The account the request acts in. */
  account: string;
  /** The account owning the key (the platform when acting through `Stripe-Account`); null for organization keys. */
  keyAccount: string | null;
  publishable: boolean;
  /** The key was an organization key. */
  organization: string | null;
}

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** Stripe masks all but the prefix and the last four characters of a rejected key. */
export function maskKey(key: string): string {
  const m = /^([a-z]+_(?:org_)?(?:test_|live_)?)(.*)$/.exec(key);
  const prefix = m?.[1] ?? "";
  const rest = m?.[2] ?? key;
  if (rest.length <= 4) return prefix + rest;
  return prefix + "*".repeat(rest.length - 4) + rest.slice(-4);
}

function unauthorized(message: string): StripeError {
  return new StripeError(401, { type: "invalid_request_error", message });
}

export function extractKey(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, value] = authorization.split(" ", 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === "bearer") return value.trim();
  if (scheme?.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    return decoded.split(":")[0];
  }
  return undefined;
}

function noAccess(key: string, account: string): StripeError {
  return invalid(
    `The provided key '${maskKey(key)}' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
    { status: 403, code: "account_invalid" },
  );
}

/**
 * Stripe.js authenticates in the request itself: `key=pk_…` (and `_stripe_account=acct_…` for its
 * `stripeAccount` option) travel in the form body, or the query string of a GET. They are lifted
 * out of the parameters here, so no endpoint sees them as unknown; the headers, when sent, win.
 */
export function liftCredentials(params: Record<string, unknown>): { key?: string; account?: string } {
  const out: { key?: string; account?: string } = {};
  const key = params["key"];
  const account = params["_stripe_account"];
  if (typeof key === "string" && key !== "") out.key = key;
  if (typeof account === "string" && account !== "") out.account = account;
  delete params["key"];
  delete params["_stripe_account"];
  return out;
}

export function authenticate(
  world: World,
  headers: { authorization?: string; account?: string; context?: string; version?: string },
  allowPublishable: boolean,
): Auth {
  const key = extractKey(headers.authorization);
  if (!key) throw unauthorized(NO_KEY);
  const owner = world.keys.get(key);
  if (!owner) throw unauthorized(`Invalid API Key provided: ${maskKey(key)}`);
  if (headers.account && headers.context) {
    throw invalid(
      "You cannot specify both the Stripe-Account and Stripe-Context headers on the same request. Use Stripe-Context only.",
    );
  }
  if (owner.kind === "organization") {
    const org = owner.organization;
    if (!headers.context) {
      throw invalid(
        `Requests made with an organization API key must include the Stripe-Context header naming the account to act in (one of: ${org.accounts.join(", ")}).`,
      );
    }
    if (!headers.version) {
      throw invalid("Requests made with an organization API key must include the Stripe-Version header.");
    }
    const target = headers.context.split("/").pop() ?? "";
    if (!org.accounts.includes(target)) throw noAccess(key, target);
    return { account: target, keyAccount: null, publishable: false, organization: org.id };
  }
  if (owner.publishable && !allowPublishable) {
    // Stripe answers 401 with `code: secret_key_required` (the code is quoted in spreedly-gem#106).
    throw invalid(
      "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
      { status: 401, code: "secret_key_required" },
    );
  }
  const own = owner.account.id;
  const requested = headers.account ?? headers.context?.split("/").pop();
  if (!requested || requested === own) {
    return { account: own, keyAccount: own, publishable: owner.publishable, organization: null };
  }
  if (world.platformOf(requested) === own) {
    return { account: requested, keyAccount: own, publishable: owner.publishable, organization: null };
  }
  throw noAccess(key, requested);
}
