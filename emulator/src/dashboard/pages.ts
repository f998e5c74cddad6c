import type { World, WorldAccount } from "../config/world.js";
import type { Obj } from "../store/db.js";
import { html, pretty, query, time, type Html, type SafeHtml } from "./html.js";
import {
  accountKind,
  OBJECT_TYPES,
  type CustomerAcross,
  type CustomerHit,
  type DeliveryView,
  type EndpointView,
  type ObjectsPage,
} from "./queries.js";
import type { RequestLogEntry } from "./requestLog.js";
import type { SignedRequest } from "./resend.js";

/**
 * The dashboard's pages, rendered on the server. Every value goes through `html`, which escapes
 * it; the only script is the served `dashboard.js` (live updates and the action forms), so the
 * pages run under a Content-Security-Policy with no inline script or style.
 */

export const BASE = "/_emulator/dashboard";

type Section = "world" | "accounts" | "customers" | "webhooks" | "requests" | "faults";

export interface Layout {
  title: string;
  section: Section;
  assetVersion: string;
  /** Changes whenever what the pages show may have changed (the live-update script compares it). */
  version: string;
}

const NAV: Array<[Section, string, string]> = [
  ["world", "World", BASE],
  ["customers", "Customers", `${BASE}/customers`],
  ["webhooks", "Webhook deliveries", `${BASE}/webhooks`],
  ["requests", "Request log", `${BASE}/requests`],
  ["faults", "Faults and reset", `${BASE}/faults`],
];

export function page(layout: Layout, body: Html): string {
  const nav = NAV.map(
    ([section, label, href]) =>
      html`<li>
        <a href="${href}" ${section === layout.section ? html` aria-current="page"` : ""}>${label}</a>
      </li>`,
  );
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${layout.title} · Stripe emulator</title>
        <link rel="stylesheet" href="${BASE}/assets/dashboard.css?v=${layout.assetVersion}" />
        <script type="module" src="${BASE}/assets/dashboard.js?v=${layout.assetVersion}"></script>
      </head>
      <body data-version="${layout.version}">
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <p class="brand"><a href="${BASE}">Stripe emulator</a></p>
          <nav aria-label="Dashboard">
            <ul>
              ${nav}
            </ul>
          </nav>
          <p class="live"><button type="button" id="live-toggle" aria-pressed="true">Live updates</button></p>
        </header>
        <main id="main" tabindex="-1">
          <h1>${layout.title}</h1>
          ${body}
        </main>
        <p id="announcer" class="visually-hidden" role="status" aria-live="polite"></p>
      </body>
    </html> `.html;
}

function details(id: string, summary: string, value: unknown): SafeHtml {
  return html`<details id="${id}">
    <summary>${summary}</summary>
    <pre tabindex="0">${pretty(value)}</pre>
  </details>`;
}

function money(amount: unknown, currency: unknown): string {
  if (typeof amount !== "number" || typeof currency !== "string") return "";
  try {
    const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amount / 10 ** digits);
  } catch {
    return `${amount} ${currency}`;
  }
}

function str(o: Obj, k: string): string {
  const v = o[k];
  return typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v);
}

function created(o: Obj): string {
  return typeof o["created"] === "number" ? time(o["created"] * 1000) : "";
}

function accountName(world: World, id: string): string {
  return world.accounts.get(id)?.name ?? world.raw.organizations.find((o) => o.id === id)?.name ?? id;
}

function accountLink(world: World, id: string): SafeHtml {
  if (!world.accounts.has(id)) return html`${id}`;
  return html`<a href="${BASE}/accounts/${id}">${accountName(world, id)}</a> <span class="id">${id}</span>`;
}

function customerLink(id: string): SafeHtml | string {
  return id.startsWith("cus_") ? html`<a href="${BASE}/customers/${id}">${id}</a>` : id;
}

function masked(value: string | undefined, show: boolean): Html {
  if (!value) return html`<span class="muted">—</span>`;
  return show ? html`<code>${value}</code>` : html`<code>${value.slice(0, 8)}…</code>`;
}

interface Table {
  caption: Html;
  columns: readonly Html[];
  rows: readonly Html[];
  /** What one full-width row says when there are no rows; without it, an empty table has an empty body. */
  empty?: Html;
  /** Makes the table a region the live-update script re-renders; the id must be unique on the page. */
  live?: string;
}

/** Every list of the dashboard: a captioned, scrollable table whose empty row spans all its columns. */
function table({ caption, columns, rows, empty, live }: Table): SafeHtml {
  const body =
    rows.length || empty === undefined
      ? rows
      : html`<tr>
          <td colspan="${columns.length}">${empty}</td>
        </tr>`;
  return html`<div class="scroll" ${live ? html`data-live id="${live}"` : ""}>
    <table>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${columns.map((c) => html`<th scope="col">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${body}
      </tbody>
    </table>
  </div>`;
}

// ---------------------------------------------------------------- world

export function worldPage(world: World, endpoints: EndpointView[], showKeys: boolean): Html {
  const orgs = world.raw.organizations.map(
    (o) =>
      html`<section aria-labelledby="org-${o.id}">
        <h2 id="org-${o.id}">Organization ${o.name}</h2>
        <dl class="facts">
          <div>
            <dt>Id</dt>
            <dd><code>${o.id}</code></dd>
          </div>
          <div>
            <dt>Organization key</dt>
            <dd>${masked(o.secret_key, showKeys)} (send <code>Stripe-Context: acct_…</code>)</dd>
          </div>
          <div>
            <dt>Accounts</dt>
            <dd>${o.accounts.map((a, i) => html`${i ? ", " : ""}${accountLink(world, a)}`)}</dd>
          </div>
          <div>
            <dt>Customer and card sharing</dt>
            <dd>
              ${
                o.sharing_group
                  ? html`${o.sharing_group.name}:
                    ${o.sharing_group.accounts.map((a, i) => html`${i ? ", " : ""}${accountName(world, a)}`)}`
                  : "none"
              }
            </dd>
          </div>
        </dl>
      </section>`,
  );
  const rows = world.raw.accounts.map(
    (a: WorldAccount) =>
      html`<tr>
        <th scope="row"><a href="${BASE}/accounts/${a.id}">${a.name}</a></th>
        <td><code>${a.id}</code></td>
        <td>${accountKind(world, a)}</td>
        <td>
          ${a.secret_key ? masked(a.secret_key, showKeys) : a.platform ? html`the platform's key with <code>Stripe-Account</code>` : "—"}
        </td>
        <td>${masked(a.publishable_key, showKeys)}</td>
      </tr>`,
  );
  const endpointRows = endpoints.map(
    (e) =>
      html`<tr>
        <th scope="row"><code>${e.id}</code></th>
        <td>
          ${accountName(world, e.owner)}${e.connect ? " (Connect: its connected accounts' events)" : ""}
        </td>
        <td><code>${e.url}</code></td>
        <td>${e.enabled_events.join(", ")}</td>
        <td>${masked(e.secret, showKeys)}</td>
        <td>${e.source === "world" ? "world config" : "created through the API"}</td>
      </tr>`,
  );
  return html`<p>
      The accounts, keys and webhook endpoints this emulator serves (test data).
      ${
        showKeys
          ? ""
          : html`<strong>Keys are shortened:</strong> this page was not opened from the emulator's own origin.`
      }
    </p>
    ${customerSearchForm("")} ${orgs}
    <section aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">Accounts</h2>
      ${table({
        caption: "Accounts of the world, with their test keys",
        columns: ["Account", "Id", "Kind", "Secret key", "Publishable key"],
        rows,
      })}
    </section>
    <section aria-labelledby="endpoints-heading">
      <h2 id="endpoints-heading">Webhook endpoints</h2>
      ${table({
        caption: "Webhook endpoints and what they receive",
        columns: ["Endpoint", "Of", "URL", "Events", "Signing secret", "From"],
        rows: endpointRows,
        live: "live-endpoints",
      })}
    </section>`;
}

// ---------------------------------------------------------------- objects of an account

function summary(o: Obj): Html {
  switch (o["object"]) {
    case "customer":
      return html`${str(o, "email")}${o["name"] ? html` · ${str(o, "name")}` : ""}${o["deleted"] === true ? " (deleted)" : ""}`;
    case "payment_method": {
      const card = o["card"] as Obj | undefined;
      const what = card ? `${str(card, "brand")} •••• ${str(card, "last4")}` : str(o, "type");
      return html`${what}${o["customer"] ? html` · ${customerLink(str(o, "customer"))}` : " · not attached"}`;
    }
    case "payment_intent":
    case "charge":
    case "refund":
      return html`${money(o["amount"], o["currency"])} ·
      ${str(o, "status")}${o["customer"] ? html` · ${customerLink(str(o, "customer"))}` : ""}`;
    case "checkout.session":
      return html`${str(o, "mode")} · ${str(o, "status")} ·
      ${str(o, "payment_status")}${
        o["amount_total"] !== null && o["amount_total"] !== undefined
          ? html` · ${money(o["amount_total"], o["currency"])}`
          : ""
      }${o["customer"] ? html` · ${customerLink(str(o, "customer"))}` : ""}`;
    case "setup_intent":
      return html`${str(o, "status")}${o["customer"] ? html` · ${customerLink(str(o, "customer"))}` : ""}`;
    case "event": {
      const request = o["request"] as Obj | undefined;
      return html`${str(o, "type")}${request && request["id"] ? html` · request ${str(request, "id")}` : ""}`;
    }
    default:
      return "";
  }
}

export function accountPage(world: World, account: WorldAccount, result: ObjectsPage): Html {
  const kind = OBJECT_TYPES[result.type];
  const tabs = Object.entries(OBJECT_TYPES).map(
    ([name, t]) =>
      html`<li>
        <a
          href="${BASE}/accounts/${account.id}${query({ type: name })}"
          ${name === result.type ? html` aria-current="page"` : ""}
          >${t.label}</a
        >
      </li>`,
  );
  const rows = result.data.map((o, i) => {
    const id = str(o, "id");
    return html`<tr>
      <th scope="row">${o["object"] === "customer" ? customerLink(id) : html`<code>${id}</code>`}</th>
      <td>${created(o)}</td>
      <td>${summary(o)}</td>
      <td>${details(`json-${i}-${id}`, "JSON", o)}</td>
    </tr>`;
  });
  const last = result.data.at(-1);
  const older =
    result.has_more && last
      ? html`<p>
          <a
            href="${BASE}/accounts/${account.id}${query({ type: result.type, q: result.q, before: str(last, "id") })}"
            >Older ${kind.label.toLowerCase()}</a
          >
        </p>`
      : "";
  const placeholder =
    result.type === "events"
      ? "evt_… or an event type"
      : result.type === "refunds"
        ? "re_…"
        : "an id, or a customer's email";
  return html`<p>${accountKind(world, account)} · <code>${account.id}</code></p>
    <nav aria-label="Object types">
      <ul class="tabs">
        ${tabs}
      </ul>
    </nav>
    <form method="get" action="${BASE}/accounts/${account.id}" class="search" role="search">
      <input type="hidden" name="type" value="${result.type}" />
      <label for="q">Search ${kind.label.toLowerCase()}</label>
      <input id="q" name="q" type="search" value="${result.q ?? ""}" placeholder="${placeholder}" />
      <button type="submit">Search</button>
    </form>
    ${table({
      caption: html`${kind.label} in ${account.name}${result.q ? html`, matching “${result.q}”` : ""}, newest
      first`,
      columns: ["Id", "Created", "Summary", "Object"],
      rows,
      empty: html`None${result.q ? " match" : " yet"}.`,
      live: "live-objects",
    })}
    ${older}`;
}

// ---------------------------------------------------------------- customers

function customerSearchForm(q: string): SafeHtml {
  return html`<form method="get" action="${BASE}/customers" class="search" role="search">
    <label for="customer-q">Find a customer by id or email</label>
    <input id="customer-q" name="q" type="search" value="${q}" placeholder="cus_… or jenny@example.com" />
    <button type="submit">Find</button>
  </form>`;
}

export function customersPage(world: World, q: string, hits: CustomerHit[]): Html {
  const rows = hits.map(
    (h) =>
      html`<tr>
        <th scope="row"><a href="${BASE}/customers/${h.id}">${h.id}</a></th>
        <td>${accountLink(world, h.account)}</td>
        <td>${h.email ?? ""}</td>
        <td>${h.name ?? ""}</td>
        <td>${h.created ? time(h.created * 1000) : ""}${h.deleted ? " (deleted)" : ""}</td>
      </tr>`,
  );
  return html`<p>
      Every account of the world is searched. In an organization that shares customers, one customer id lives
      in each account of the sharing group: open it to see the accounts side by side.
    </p>
    ${customerSearchForm(q)}
    ${
      q
        ? table({
            caption: html`Customers matching “${q}” in every account`,
            columns: ["Customer", "Account", "Email", "Name", "Created"],
            rows,
            empty: "No customer matches.",
            live: "live-customers",
          })
        : ""
    }`;
}

function cell(value: unknown): Html {
  if (value === null || value === undefined) return html`<span class="muted">null</span>`;
  if (typeof value === "string") return value === "" ? html`<span class="muted">""</span>` : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return html`<code class="json">${JSON.stringify(value)}</code>`;
}

export function acrossPage(world: World, across: CustomerAcross): Html {
  const inst = across.instances;
  if (inst.length === 0) {
    return html`<p>No account has a customer <code>${across.id}</code>.</p>
      ${customerSearchForm(across.id)}`;
  }
  const heads = inst.map((i) => html`${i.account_name} <span class="id">${i.account}</span>`);
  const fieldRows = (fields: readonly string[]) =>
    fields.map(
      (f) => html`<tr${across.differing_fields.includes(f) ? html` class="differs"` : ""}>
<th scope="row"><code>${f}</code>${across.differing_fields.includes(f) ? html` <span class="tag">differs</span>` : ""}</th>
${inst.map((i) => html`<td>${cell(i.customer[f])}</td>`)}
</tr>`,
    );
  const methods = inst.map(
    (i) =>
      html`<section aria-labelledby="pm-${i.account}">
        <h3 id="pm-${i.account}">${i.account_name} can charge</h3>
        ${
          i.payment_methods.length
            ? table({
                caption: html`Payment methods ${i.account_name} can charge this customer with`,
                columns: ["Payment method", "Type", "Details", "Stored in"],
                rows: i.payment_methods.map(
                  (m) =>
                    html`<tr>
                      <th scope="row"><code>${m.id}</code></th>
                      <td>${m.type}</td>
                      <td>${m.label}</td>
                      <td>
                        ${accountName(world, m.stored_in)}${m.shared ? " (shared by the sharing group)" : ""}
                      </td>
                    </tr>`,
                ),
              })
            : html`<p>Nothing: no payment method this account can charge.</p>`
        }
      </section>`,
  );
  return html`<p>
      Exists in ${inst.length} ${inst.length === 1 ? "account" : "accounts"}:
      ${inst.map(
        (i, n) =>
          html`${n ? ", " : ""}<a
              href="${BASE}/accounts/${i.account}${query({ type: "customers", q: across.id })}"
              >${i.account_name}</a
            >`,
      )}.
    </p>
    <div data-live id="live-across">
      <section aria-labelledby="shared-heading">
        <h2 id="shared-heading">Shared fields</h2>
        <p>A sharing group keeps these in step: an update in one account writes every account's copy.</p>
        ${table({
          caption: html`Shared fields of ${across.id}, per account`,
          columns: ["Field", ...heads],
          rows: fieldRows(across.shared_fields),
        })}
      </section>
      <section aria-labelledby="own-heading">
        <h2 id="own-heading">Per-account fields</h2>
        <p>Each account keeps its own value of these.</p>
        ${table({
          caption: html`Per-account fields of ${across.id}`,
          columns: ["Field", ...heads],
          rows: fieldRows(across.per_account_fields),
        })}
      </section>
      <section aria-labelledby="methods-heading">
        <h2 id="methods-heading">Cards each account can charge</h2>
        ${methods}
      </section>
      <section aria-labelledby="json-heading">
        <h2 id="json-heading">Objects</h2>
        ${inst.map((i) => details(`json-${i.account}`, `${i.account_name}: JSON`, i.customer))}
      </section>
    </div>`;
}

// ---------------------------------------------------------------- webhooks

function deliveryStatus(d: DeliveryView): string {
  switch (d.status) {
    case "succeeded":
      return "Succeeded";
    case "retrying":
      return "Failed, will retry";
    case "pending":
      return "Waiting for a retry";
    default:
      return "Failed, gave up";
  }
}

function statusForm(action: string, label: string, extra: Html = ""): SafeHtml {
  return html`<form class="action" data-action="${action}" ${extra}>
    <button type="submit">${label}</button>
    <output data-status></output>
  </form>`;
}

export function webhooksPage(world: World, list: DeliveryView[]): Html {
  const rows = list.map(
    (d) =>
      html`<tr>
        <th scope="row"><a href="${BASE}/webhooks/${d.id}">Delivery ${d.id}</a></th>
        <td>${d.event_type}<br /><code class="id">${d.event_id}</code></td>
        <td><code>${d.endpoint}</code></td>
        <td>${accountName(world, d.context)}</td>
        <td>${d.attempts.length}${d.resends.length ? html` + ${d.resends.length} resent` : ""}</td>
        <td>${deliveryStatus(d)}</td>
        <td>${d.last_status ?? "—"}</td>
        <td>${d.next_attempt_at ? time(d.next_attempt_at) : "—"}</td>
      </tr>`,
  );
  return html`<p>
      Every event goes to the endpoints that want it; a failed attempt is retried with back-off.
    </p>
    ${statusForm("deliver", "Deliver every waiting delivery now")}
    ${table({
      caption: "Webhook deliveries, newest first",
      columns: [
        "Delivery",
        "Event",
        "Endpoint",
        "Account",
        "Attempts",
        "Status",
        "Last HTTP status",
        "Next retry",
      ],
      rows,
      empty: "No delivery yet.",
      live: "live-deliveries",
    })}`;
}

export function deliveryPage(world: World, d: DeliveryView, signed: SignedRequest | null): Html {
  const attempts = d.attempts.map(
    (a) =>
      html`<tr>
        <th scope="row">${a.attempt}</th>
        <td>${time(a.at)}</td>
        <td>${a.status ?? "—"}</td>
        <td>${a.ok ? "delivered" : (a.error ?? "refused")}</td>
        <td>${a.next_attempt_at ? time(a.next_attempt_at) : "—"}</td>
      </tr>`,
  );
  const resends = d.resends.map(
    (r, i) =>
      html`<tr>
        <th scope="row">${i + 1}</th>
        <td>${time(r.at)}</td>
        <td>${r.status ?? "—"}</td>
        <td>${r.ok ? "delivered" : (r.error ?? "refused")}</td>
        <td><code>${r.signature}</code></td>
      </tr>`,
  );
  return html`<dl class="facts">
      <div>
        <dt>Event</dt>
        <dd>${d.event_type} <code>${d.event_id}</code></dd>
      </div>
      <div>
        <dt>Account</dt>
        <dd>${accountLink(world, d.context)}</dd>
      </div>
      <div>
        <dt>Endpoint</dt>
        <dd><code>${d.endpoint}</code> ${signed ? html`<code>${signed.url}</code>` : ""}</dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>${deliveryStatus(d)}${d.next_attempt_at ? html`, next retry ${time(d.next_attempt_at)}` : ""}</dd>
      </div>
    </dl>
    ${statusForm("resend", "Resend now", html` data-url="/_emulator/webhooks/deliveries/${d.id}/resend"`)}
    <div data-live id="live-delivery">
      <section aria-labelledby="attempts-heading">
        <h2 id="attempts-heading">Attempts</h2>
        ${table({
          caption: html`Attempts of delivery ${d.id}`,
          columns: ["Attempt", "At", "HTTP status", "Outcome", "Next retry"],
          rows: attempts,
          empty: "None in this run of the emulator.",
        })}
      </section>
      <section aria-labelledby="resends-heading">
        <h2 id="resends-heading">Resent</h2>
        ${table({
          caption: html`Resends of delivery ${d.id}`,
          columns: ["Resend", "At", "HTTP status", "Outcome", "Stripe-Signature"],
          rows: resends,
          empty: "Not resent.",
        })}
      </section>
    </div>
    <section aria-labelledby="signed-heading">
      <h2 id="signed-heading">Signed request${d.attempts.length ? " (latest attempt)" : ""}</h2>
      ${
        signed
          ? html`<dl class="facts headers">
                ${Object.entries(signed.headers).map(
                  ([k, v]) =>
                    html`<div>
                      <dt>${k}</dt>
                      <dd><code>${v}</code></dd>
                    </div>`,
                )}
              </dl>
              <h3>Body</h3>
              <pre tabindex="0" aria-label="Body of the delivery">${signed.body}</pre>`
          : html`<p>The endpoint or the event no longer exists.</p>`
      }
    </section>`;
}

// ---------------------------------------------------------------- request log

function accountOf(world: World, e: RequestLogEntry): Html {
  if (!e.account) return html`<span class="muted">—</span>`;
  const via =
    e.accountFrom === "key"
      ? "key"
      : e.accountFrom === "stripe-context"
        ? "Stripe-Context"
        : "Stripe-Account";
  return html`${accountName(world, e.account)} <span class="id">${via}</span>`;
}

export function requestsPage(world: World, entries: RequestLogEntry[], q: string, capacity: number): Html {
  const rows = entries.map(
    (e) =>
      html`<tr>
        <td class="nowrap">${time(e.at)}</td>
        <td class="nowrap">${e.method}</td>
        <th scope="row"><a href="${BASE}/requests/${e.n}">${e.url}</a></th>
        <td>${accountOf(world, e)}</td>
        <td>
          ${e.idempotencyKey ? html`<code>${e.idempotencyKey}</code>${e.replayed ? html` <span class="tag">replayed</span>` : ""}` : "—"}
        </td>
        <td class="nowrap ${e.status >= 400 ? "bad" : "good"}">${e.status}</td>
        <td class="num nowrap">${e.durationMs.toFixed(1)}</td>
        <td class="nowrap"><code class="id">${e.requestId ?? "—"}</code></td>
      </tr>`,
  );
  return html`<p>
      The API requests (<code>/v1</code>) the emulator answered, newest first: the last ${capacity} at most
      are kept, in memory and in a capped file beside its data. Keys are never kept.
    </p>
    <form method="get" action="${BASE}/requests" class="search" role="search">
      <label for="requests-q">Filter by path, account, request id, idempotency key or status</label>
      <input id="requests-q" name="q" type="search" value="${q}" />
      <button type="submit">Filter</button>
    </form>
    ${table({
      caption: html`API requests${q ? html` matching “${q}”` : ""}, newest first`,
      columns: [
        "Time",
        "Method",
        "Path",
        "Account",
        "Idempotency key",
        "Status",
        "Duration (ms)",
        "Request id",
      ],
      rows,
      empty: html`No request${q ? " matches" : " yet"}.`,
      live: "live-requests",
    })}`;
}

function body(text: string, label: string): SafeHtml {
  if (text === "") return html`<p class="muted">(empty)</p>`;
  let shown = text;
  if (text.startsWith("{")) {
    try {
      shown = pretty(JSON.parse(text));
    } catch {
      shown = text;
    }
  } else if (text.includes("=")) {
    // A form body: one parameter per line, decoded, as it was sent.
    shown = text
      .split("&")
      .map((pair) => {
        const [k = "", v = ""] = pair.split("=");
        const decode = (s: string) => {
          try {
            return decodeURIComponent(s.replace(/\+/g, " "));
          } catch {
            return s;
          }
        };
        return `${decode(k)} = ${decode(v)}`;
      })
      .join("\n");
  }
  return html`<pre tabindex="0" aria-label="${label}">${shown}</pre>`;
}

export function requestPage(world: World, e: RequestLogEntry): Html {
  return html`<dl class="facts">
      <div>
        <dt>Time</dt>
        <dd>${time(e.at)}</dd>
      </div>
      <div>
        <dt>Account</dt>
        <dd>${accountOf(world, e)}</dd>
      </div>
      <div>
        <dt>Idempotency key</dt>
        <dd>
          ${e.idempotencyKey ? html`<code>${e.idempotencyKey}</code>${e.replayed ? " (replayed)" : ""}` : "—"}
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>${e.status}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>${e.durationMs.toFixed(1)} ms</dd>
      </div>
      <div>
        <dt>Request id</dt>
        <dd><code>${e.requestId ?? "—"}</code></dd>
      </div>
    </dl>
    ${e.truncated ? html`<p><strong>A body was longer than the log keeps: it is cut.</strong></p>` : ""}
    <h2>Request body</h2>
    ${body(e.requestBody, "Request body")}
    <h2>Response body</h2>
    ${body(e.responseBody, "Response body")}
    <p><a href="${BASE}/requests">Back to the request log</a></p>`;
}

// ---------------------------------------------------------------- faults and reset

export function faultsPage(rules: unknown[]): Html {
  const rows = rules.map((r) => {
    const rule = r as Record<string, unknown>;
    const effect = [
      typeof rule["delayMs"] === "number" ? `${rule["delayMs"]} ms latency` : "",
      typeof rule["status"] === "number" ? `HTTP ${rule["status"]}` : "",
    ]
      .filter(Boolean)
      .join(", ");
    return html`<tr>
      <th scope="row"><code>${String(rule["path"])}</code></th>
      <td>${typeof rule["method"] === "string" ? rule["method"] : "any"}</td>
      <td>${effect}</td>
      <td>${String(rule["rate"])}</td>
      <td>
        ${typeof rule["count"] === "number" ? `${String(rule["applied"] ?? 0)} of ${rule["count"]}` : `${String(rule["applied"] ?? 0)} (no limit)`}
      </td>
    </tr>`;
  });
  return html`<section aria-labelledby="rules-heading">
      <h2 id="rules-heading">Fault rules</h2>
      <p>
        A share of the API requests that match a rule slow down or fail, to test how an integration copes.
      </p>
      ${table({
        caption: "Fault rules in force",
        columns: ["Path", "Method", "Effect", "Rate", "Applied"],
        rows,
        empty: "No rule: every request is answered normally.",
        live: "live-faults",
      })}
      <form class="action fault-form" data-action="faults-add">
        <fieldset>
          <legend>Add a rule</legend>
          <p>
            <label for="fault-path">Path</label>
            <input id="fault-path" name="path" required value="/v1/*" aria-describedby="fault-path-help" />
            <span id="fault-path-help" class="help"
              ><code>*</code> matches anything; <code>^…</code> is a regular expression.</span
            >
          </p>
          <p>
            <label for="fault-method">Method</label>
            <select id="fault-method" name="method">
              <option value="">Any</option>
              <option>GET</option>
              <option>POST</option>
              <option>DELETE</option>
            </select>
          </p>
          <p>
            <label for="fault-delay">Latency (ms)</label>
            <input
              id="fault-delay"
              name="delayMs"
              type="number"
              min="0"
              max="60000"
              step="1"
              inputmode="numeric"
            />
          </p>
          <p>
            <label for="fault-status">Failure</label>
            <select id="fault-status" name="status">
              <option value="">None</option>
              <option value="500">500 api_error</option>
              <option value="429">429 rate_limit</option>
            </select>
          </p>
          <p>
            <label for="fault-rate">Share of matching requests (0 to 1)</label>
            <input id="fault-rate" name="rate" type="number" min="0" max="1" step="0.05" value="1" required />
          </p>
          <p>
            <label for="fault-count">At most this many requests (empty: no limit)</label>
            <input id="fault-count" name="count" type="number" min="1" step="1" inputmode="numeric" />
          </p>
        </fieldset>
        <button type="submit">Add rule</button>
        <output data-status></output>
      </form>
      ${statusForm("faults-clear", "Remove every rule")}
    </section>
    <section aria-labelledby="reset-heading">
      <h2 id="reset-heading">Reset</h2>
      <p>
        Back to the configured world with no data: every customer, payment, event, delivery and logged request
        is deleted, and every fault rule removed. Apps holding ids from before will no longer find them.
      </p>
      <form class="action" data-action="reset">
        <p>
          <input type="checkbox" id="reset-confirm" name="confirm" required />
          <label for="reset-confirm">I understand that this deletes everything in the emulator</label>
        </p>
        <button type="submit" class="danger">Reset the emulator</button>
        <output data-status></output>
      </form>
    </section>`;
}

export function notFoundPage(message: string): Html {
  return html`<p>${message}</p>
    <p><a href="${BASE}">Back to the world</a></p>`;
}
