import { expect } from "@playwright/test";
import { E2E_APP_PORT } from "./servers";

/**
 * The local mail catcher (maildev) the e2e suite sends its mail to (playwright.config.ts).
 * Ports follow the app's by default (app 3100 → SMTP 1125, web 1180), so two suites side
 * by side (scripts/test.sh) each have their own.
 */
const offset = E2E_APP_PORT >= 3000 && E2E_APP_PORT < 4000 ? E2E_APP_PORT - 3000 : 100;
export const E2E_MAIL_SMTP_PORT = Number(process.env.E2E_MAIL_SMTP_PORT ?? 1025 + offset);
export const E2E_MAIL_WEB_PORT = Number(process.env.E2E_MAIL_WEB_PORT ?? 1080 + offset);
export const E2E_MAIL_WEB_URL = `http://127.0.0.1:${E2E_MAIL_WEB_PORT}`;
export const E2E_MAIL_DIRECTORY = `.data/e2e-mail-${E2E_MAIL_SMTP_PORT}`;

export interface CaughtMail {
  id: string;
  subject: string;
  text: string;
  html?: string;
  to: { address: string }[];
}

/** Every message the catcher holds for `address`, oldest first (maildev's REST API). */
export async function mailTo(address: string): Promise<CaughtMail[]> {
  const response = await fetch(`${E2E_MAIL_WEB_URL}/api/email`);
  expect(response.ok, `mail catcher answered ${response.status}`).toBe(true);
  const all = (await response.json()) as CaughtMail[];
  return all.filter((mail) => mail.to.some((to) => to.address.toLowerCase() === address.toLowerCase()));
}

/** Waits until `address` has `count` messages whose subject matches, and returns them. */
export async function waitForMail(address: string, subject: RegExp, count = 1): Promise<CaughtMail[]> {
  let found: CaughtMail[] = [];
  await expect
    .poll(
      async () => {
        found = (await mailTo(address)).filter((mail) => subject.test(mail.subject));
        return found.length;
      },
      { message: `${count} message(s) to ${address} matching ${subject}`, timeout: 15_000 },
    )
    .toBeGreaterThanOrEqual(count);
  return found;
}

/** The first link into the app in a message's text. */
export function linkIn(mail: CaughtMail, pathPrefix: string): string {
  const link = mail.text
    .match(/https?:\/\/\S+/g)
    ?.find((url) => new URL(url).pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`no ${pathPrefix} link in "${mail.subject}"`);
  return link;
}
