// The dashboard's behaviour: live updates (the pages poll a version and swap their live
// regions when it changes) and the action forms, which call the emulator's control API with
// JSON from this origin. Served as a file: the pages' Content-Security-Policy allows no inline script.

const POLL_MS = 1500;
const announcer = document.getElementById("announcer");
const toggle = document.getElementById("live-toggle");
let version = document.body.dataset.version ?? "";
let live = true;

function announce(message) {
  if (announcer) announcer.textContent = message;
}

/** Re-renders the page's live regions from a fresh copy of it, keeping open details and focus. */
async function refresh() {
  const res = await fetch(location.href, { headers: { accept: "text/html" } });
  if (!res.ok) return;
  const doc = new DOMParser().parseFromString(await res.text(), "text/html");
  version = doc.body.dataset.version ?? version;
  for (const region of document.querySelectorAll("[data-live]")) {
    // Never pull what someone is reading or using out from under them.
    if (region.contains(document.activeElement)) continue;
    const next = doc.getElementById(region.id);
    if (!next) continue;
    const open = [...region.querySelectorAll("details[open]")].map((d) => d.id).filter(Boolean);
    region.innerHTML = next.innerHTML;
    for (const id of open) document.getElementById(id)?.setAttribute("open", "");
  }
}

async function poll() {
  if (!live || document.hidden) return;
  try {
    const res = await fetch("/_emulator/dashboard/version", { headers: { accept: "application/json" } });
    if (!res.ok) return;
    const body = await res.json();
    if (body.version !== version) await refresh();
  } catch {
    // The emulator restarts or stops: try again on the next tick.
  }
}

setInterval(poll, POLL_MS);

toggle?.addEventListener("click", () => {
  live = !live;
  toggle.setAttribute("aria-pressed", String(live));
  announce(live ? "Live updates on." : "Live updates paused.");
  if (live) void poll();
});

async function call(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(answer?.error?.message ?? `The emulator answered ${res.status}.`);
  return answer;
}

function numberOf(form, name) {
  const value = form.elements.namedItem(name)?.value ?? "";
  return value === "" ? undefined : Number(value);
}

const actions = {
  async deliver() {
    const answer = await call("POST", "/_emulator/webhooks/deliver", {});
    return `Delivered ${answer.delivered}, failed ${answer.failed}.`;
  },
  async resend(form) {
    const answer = await call("POST", form.dataset.url, {});
    return answer.ok
      ? `Resent: the endpoint answered ${answer.status}.`
      : `Resent, but it failed: ${answer.error ?? `the endpoint answered ${answer.status}`}.`;
  },
  async "faults-add"(form) {
    const rule = { path: form.elements.namedItem("path").value, rate: numberOf(form, "rate") ?? 1 };
    const method = form.elements.namedItem("method").value;
    if (method) rule.method = method;
    const delayMs = numberOf(form, "delayMs");
    if (delayMs !== undefined) rule.delayMs = delayMs;
    const status = numberOf(form, "status");
    if (status !== undefined) rule.status = status;
    const count = numberOf(form, "count");
    if (count !== undefined) rule.count = count;
    if (rule.delayMs === undefined && rule.status === undefined) {
      throw new Error("Give the rule a latency, a failure, or both.");
    }
    const current = await call("GET", "/_emulator/faults");
    const rules = current.rules.map(({ applied: _applied, ...kept }) => kept);
    await call("POST", "/_emulator/faults", { rules: [...rules, rule] });
    return `Rule added for ${rule.path}.`;
  },
  async "faults-clear"() {
    await call("DELETE", "/_emulator/faults");
    return "Every fault rule is removed.";
  },
  async reset(form) {
    await call("POST", "/_emulator/reset", {});
    form.reset();
    return "The emulator is reset: the world is back, with no data.";
  },
};

document.addEventListener("submit", async (event) => {
  const form = event.target instanceof HTMLFormElement ? event.target : null;
  const action = form?.dataset.action;
  if (!form || !action || !(action in actions)) return;
  event.preventDefault();
  const status = form.querySelector("[data-status]");
  const button = form.querySelector("button[type=submit]");
  button?.setAttribute("disabled", "");
  if (status) {
    status.classList.remove("error");
    status.textContent = "Working…";
  }
  try {
    const message = await actions[action](form);
    if (status) status.textContent = message;
    await refresh();
  } catch (error) {
    if (status) {
      status.classList.add("error");
      status.textContent = error instanceof Error ? error.message : String(error);
    }
  } finally {
    button?.removeAttribute("disabled");
  }
});
