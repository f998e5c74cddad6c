import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { env } from "@/lib/env";

/** One message, as every mail the app sends is written: plain text, with an HTML twin. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * nodemailer's SMTP options for an `smtp://` or `smtps://` URL (lib/env.ts validated it).
 * `smtps://` is TLS from the first byte; `smtp://` to any host but this machine must upgrade
 * with STARTTLS or the message is not sent, so a reset link never crosses a network in clear
 * text. Short timeouts: a slow mail server delays a background send, never a page.
 */
export function smtpOptions(smtpUrl: string): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !LOOPBACK.test(url.hostname),
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
}

let transporter: Transporter<SMTPTransport.SentMessageInfo> | undefined;

/** Sends one message through the configured SMTP server; rejects when the server refuses it. */
export async function sendMail(mail: Mail): Promise<void> {
  const config = env();
  transporter ??= nodemailer.createTransport(smtpOptions(config.SMTP_URL));
  await transporter.sendMail({ from: config.MAIL_FROM, ...mail });
}
