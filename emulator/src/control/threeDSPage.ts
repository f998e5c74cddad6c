function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/**
 * The emulator's stand-in for the issuer's 3-D Secure challenge: two buttons, no scripts from elsewhere.
 * Serves PaymentIntents (a payment of an amount) and SetupIntents (saving a card).
 */
export function threeDSPage(o: {
  kind: "payment_intent" | "setup_intent";
  intent: string;
  clientSecret: string;
  /** Null for a SetupIntent: nothing is paid. */
  amount: number | null;
  currency: string | null;
  returnUrl: string | null;
}): string {
  const what =
    o.amount !== null && o.currency
      ? `a payment of <strong>${escapeHtml(
          new Intl.NumberFormat("en-US", { style: "currency", currency: o.currency.toUpperCase() }).format(
            o.amount / 100,
          ),
        )}</strong>`
      : "saving your card for future payments";
  const data = JSON.stringify({
    id: o.intent,
    kind: o.kind,
    secret: o.clientSecret,
    returnUrl: o.returnUrl,
  }).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>3D Secure authentication (Stripe emulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
button{font:inherit;padding:.6rem 1.2rem;margin:.3rem;border-radius:6px;border:1px solid #555;cursor:pointer}
#ok{background:#1f7a1f;color:#fff;border-color:#1f7a1f}#fail{background:#fff}</style></head>
<body><main><h1>${o.kind === "setup_intent" ? "Authenticate your card" : "Authenticate your payment"}</h1>
<p>Test issuer challenge for ${what}.</p>
<div role="group" aria-label="Authentication"><button id="ok" type="button">Complete authentication</button>
<button id="fail" type="button">Fail authentication</button></div><p id="status" role="status" aria-live="polite"></p></main>
<script>
const d = ${data};
async function go(success) {
  const res = await fetch('/_emulator/' + d.kind + 's/' + encodeURIComponent(d.id) + '/authenticate', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_secret: d.secret, success }) });
  const body = await res.json();
  document.getElementById('status').textContent = success ? 'Authentication complete.' : 'Authentication failed.';
  if (d.returnUrl) {
    const u = new URL(d.returnUrl);
    u.searchParams.set(d.kind, d.id);
    u.searchParams.set(d.kind + '_client_secret', d.secret);
    u.searchParams.set('redirect_status', body.status === 'succeeded' ? 'succeeded' : 'failed');
    location.href = u.toString();
  }
}
document.getElementById('ok').addEventListener('click', () => go(true));
document.getElementById('fail').addEventListener('click', () => go(false));
</script></body></html>`;
}
