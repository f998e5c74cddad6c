import { createServer } from "node:net";
import { MailDev } from "maildev";

export interface CaughtMail {
  subject: string;
  text: string;
  to: string[];
}

export interface InProcessMailCatcher {
  smtpUrl: string;
  /** Every message received so far, oldest first. */
  messages(): Promise<CaughtMail[]>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** A maildev SMTP server in this process (no web page), for tests of the app's mail. */
export async function startMailCatcher(): Promise<InProcessMailCatcher> {
  const port = await freePort();
  const maildev = new MailDev({ smtp: port, ip: "127.0.0.1", disableWeb: true, silent: true });
  const { storage } = await maildev.start();
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    async messages() {
      const all = await storage.getAll();
      return all
        .map((mail) => ({
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          to: (mail.to ?? []).map((to) => to.address),
          time: new Date(mail.time).getTime(),
        }))
        .sort((a, b) => a.time - b.time)
        .map(({ time: _time, ...mail }) => mail);
    },
    close: () => maildev.stop(),
  };
}
