import { expect } from "@playwright/test";
import { E2E_MAIL_WEB_URL } from "./servers";

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
