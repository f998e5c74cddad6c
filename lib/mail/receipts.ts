import "server-only";
import { receiptOf, type Receipt } from "@/lib/checkout/receipt";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { escapeHtml, mailLayout } from "@/lib/mail/html";
import { sendMail, type Mail } from "@/lib/mail/transport";

export function receiptSubject(receipt: Receipt): string {
  return `Your receipt from ${receipt.brand.name}, order ${receipt.number}`;
}

/** The receipt mail: the same receipt as the order page, and a link to it. */
export function receiptEmail(to: string, receipt: Receipt, appUrl: string): Mail {
  const link = new URL(`/orders/${receipt.orderId}`, appUrl).toString();
  const subject = receiptSubject(receipt);
  const text = [
    `Thank you for your order at ${receipt.brand.name}.`,
    "",
    `Order ${receipt.number}`,
    `Paid ${receipt.paidAt}${receipt.card ? ` with ${receipt.card}` : ""}`,
    "",
    ...receipt.lines.map((line) => `${line.name} × ${line.quantity}  ${line.amount}`),
    "",
    `Total  ${receipt.total}`,
    "",
    `Your receipt, any time: ${link}`,
  ].join("\n");
  const rows = receipt.lines
    .map(
      (line) =>
        `<tr><td style="padding:4px 0">${escapeHtml(line.name)} × ${line.quantity}</td><td style="padding:4px 0;text-align:right">${escapeHtml(line.amount)}</td></tr>`,
    )
    .join("\n");
  const html = mailLayout(
    subject,
    `<p style="display:inline-block;background:${escapeHtml(receipt.brand.color)};color:#fff;padding:2px 10px;border-radius:999px;font-size:13px">${escapeHtml(receipt.brand.name)}</p>
<h1 style="font-size:20px">Thank you for your order</h1>
<p>Order <strong>${escapeHtml(receipt.number)}</strong><br>Paid ${escapeHtml(receipt.paidAt)}${receipt.card ? ` with ${escapeHtml(receipt.card)}` : ""}</p>
<table style="width:100%;border-collapse:collapse">
${rows}
<tr><td style="padding-top:8px;border-top:1px solid #e2e8f0;font-weight:bold">Total</td><td style="padding-top:8px;border-top:1px solid #e2e8f0;text-align:right;font-weight:bold">${escapeHtml(receipt.total)}</td></tr>
</table>
<p><a href="${escapeHtml(link)}">See your receipt online</a></p>`,
  );
  return { to, subject, text, html };
}

/**
 * Sends the receipt of the order of a checkout, once. Both the return page and the webhook
 * call this when they record the order, webhooks are retried, and several app instances
 * run: the claim is a conditional update of `receiptSentAt`, so exactly one caller sends.
 * A failed send gives the claim back, and the next caller (a retried webhook, a reload of
 * the return page) tries again. Never throws: a receipt never fails a payment's recording.
 */
export async function sendReceiptForCheckout(checkoutId: string): Promise<void> {
  try {
    const claimed = await prisma.order.updateMany({
      where: { checkoutId, receiptSentAt: null },
      data: { receiptSentAt: new Date() },
    });
    if (claimed.count === 0) return;
    const order = await prisma.order.findUniqueOrThrow({
      where: { checkoutId },
      include: { user: { select: { email: true } } },
    });
    try {
      await sendMail(receiptEmail(order.user.email, receiptOf(order), env().APP_URL));
    } catch (error) {
      await prisma.order.updateMany({ where: { checkoutId }, data: { receiptSentAt: null } });
      throw error;
    }
  } catch (error) {
    logger.error({ err: error, checkoutId }, "could not send the receipt email");
  }
}
