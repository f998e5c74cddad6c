"use client";

import { Link } from "@/components/ui/link";
import { useState, type FormEvent } from "react";
import { FormAlert, FormStatus } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { emailSchema } from "@/lib/auth/validation";
import { sendJson } from "@/lib/client/send-json";

/** Asks for a link to choose a new password; the answer is the same for every address. */
export function ForgotPasswordForm() {
  const [pending, setPending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [emailError, setEmailError] = useState<string | undefined>();
  const [sent, setSent] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = emailSchema.safeParse(new FormData(event.currentTarget).get("email"));
    if (!parsed.success) {
      setEmailError(parsed.error.issues[0]?.message);
      setFormError(null);
      return;
    }
    setEmailError(undefined);
    setFormError(null);
    setPending(true);
    const result = await sendJson<{ message: string }>(
      "/api/password-reset",
      "POST",
      { email: parsed.data },
      "We couldn't send the link. Please try again.",
    );
    setPending(false);
    if (!result.ok) {
      setEmailError(result.fields.email);
      setFormError(result.message);
      return;
    }
    setSent(result.data.message);
  }

  return (
    <div className="space-y-6">
      <FormStatus message={sent} />
      <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Forgot password">
        <FormAlert message={formError} />
        <TextField name="email" label="Email" type="email" autoComplete="email" required error={emailError} />
        <SubmitButton pending={pending}>
          {pending ? "Sending…" : sent ? "Send another link" : "Send the link"}
        </SubmitButton>
      </form>
      <p className="text-sm text-slate-600">
        Remembered it?{" "}
        <Link href="/signin" className="font-medium text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
