/** Escapes text for HTML mail: names and product names are what people typed. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The frame of every HTML mail: mail clients ignore style sheets, so styles are inline. */
export function mailLayout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:24px;background:#f1f5f9;font-family:system-ui,sans-serif;color:#0f172a">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:12px;padding:24px">
${body}
<p style="margin-top:32px;font-size:12px;color:#475569">Rocket Checkout, one account for every Rocket brand.</p>
</div></body></html>`;
}
