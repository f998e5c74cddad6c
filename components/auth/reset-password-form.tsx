"use client";

import { Link } from "@/components/ui/link";
import { useState, type FormEvent } from "react";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { FormAlert, FormStatus } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { newPasswordSchema } from "@/lib/auth/validation";
import { sendJson } from "@/lib/client/send-json";

/** Chooses a new password with the token of a forgotten-password link. */
export function ResetPasswordForm({ token }: { token: string }) {
  const [pending, setPending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | undefined>();
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = data.get("password");
    const parsed = newPasswordSchema.safeParse(password);
    if (!parsed.success) {
      setPasswordError(parsed.error.issues[0]?.message);
      setFormError(null);
      return;
    }
    if (data.get("confirmPassword") !== parsed.data) {
      setPasswordError("The two passwords are not the same.");
      setFormError(null);
      return;
    }
    setPasswordError(undefined);
    setFormError(null);
    setPending(true);
    const result = await sendJson<{ message: string }>(
      "/api/password-reset/confirm",
      "POST",
      { token, password: parsed.data },
      "We couldn't change your password. Please try again.",
    );
    setPending(false);
    if (!result.ok) {
      setPasswordError(result.fields.password);
      setFormError(result.message);
      return;
    }
    setDone(result.data.message);
  }

  if (done) {
    return (
      <div className="space-y-4">
        <FormStatus message={done} />
        <Link href="/signin" className="font-medium text-indigo-700 underline">
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Choose a new password">
      <FormAlert message={formError} />
      <NewPasswordField label="New password" error={passwordError} />
      <TextField
        name="confirmPassword"
        label="New password, again"
        type="password"
        autoComplete="new-password"
        required
      />
      <SubmitButton pending={pending}>{pending ? "Saving…" : "Save the new password"}</SubmitButton>
      {formError && (
        <p className="text-sm">
          <Link href="/forgot-password" className="font-medium text-indigo-700 underline">
            Ask for a new link
          </Link>
        </p>
      )}
    </form>
  );
}
