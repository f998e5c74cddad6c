import { RESET_LINK_MINUTES } from "@/lib/auth/password-reset-token";
import { escapeHtml, mailLayout } from "@/lib/mail/html";
import type { Mail } from "@/lib/mail/transport";

export const PASSWORD_RESET_SUBJECT = "Reset your Rocket Checkout password";

/** The forgotten-password mail: the link, how long it works, and what to do if it was not you. */
export function passwordResetEmail(to: { email: string; name: string | null }, link: string): Mail {
  const greeting = to.name ? `Hello ${to.name},` : "Hello,";
  const text = [
    greeting,
    "",
    "Someone (we hope you) asked to reset the password of your Rocket Checkout account.",
    `Choose a new one here (the link works once, for ${RESET_LINK_MINUTES} minutes):`,
    "",
    link,
    "",
    "If you did not ask, ignore this message: your password stays as it is.",
  ].join("\n");
  const html = mailLayout(
    PASSWORD_RESET_SUBJECT,
    `<h1 style="font-size:20px">Reset your password</h1>
<p>${escapeHtml(greeting)}</p>
<p>Someone (we hope you) asked to reset the password of your Rocket Checkout account.
The link works once, for ${RESET_LINK_MINUTES} minutes.</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#0f172a;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Choose a new password</a></p>
<p style="font-size:13px;color:#475569">Or paste this address into your browser: ${escapeHtml(link)}</p>
<p>If you did not ask, ignore this message: your password stays as it is.</p>`,
  );
  return { to: to.email, subject: PASSWORD_RESET_SUBJECT, text, html };
}
