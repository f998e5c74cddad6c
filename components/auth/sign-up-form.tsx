"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { sendJson } from "@/lib/client/send-json";
import { z } from "zod";
import { signUpSchema } from "@/lib/auth/validation";

type Field = "name" | "email" | "password";
type FieldErrors = Partial<Record<Field, string>>;

function firstErrors(fields: Record<string, string | string[] | undefined>): FieldErrors {
  const errors: FieldErrors = {};
  for (const key of ["name", "email", "password"] as const) {
    const value = fields[key];
    const message = Array.isArray(value) ? value[0] : value;
    if (message) errors[key] = message;
  }
  return errors;
}

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = { name: data.get("name"), email: data.get("email"), password: data.get("password") };
    const parsed = signUpSchema.safeParse(input);
    if (!parsed.success) {
      setFieldErrors(firstErrors(z.flattenError(parsed.error).fieldErrors));
      setFormError(null);
      return;
    }
    setPending(true);
    setFieldErrors({});
    setFormError(null);
    const created = await sendJson<{ user: { id: string } }>(
      "/api/auth/signup",
      "POST",
      parsed.data,
      "We couldn't create your account. Please try again.",
    );
    if (!created.ok) {
      setFieldErrors(firstErrors(created.fields));
      setFormError(created.message);
      setPending(false);
      return;
    }
    const result = await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirect: false,
      callbackUrl,
    });
    if (!result || result.error) {
      router.replace(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Create account">
        <FormAlert message={formError} />
        <TextField name="name" label="Name" autoComplete="name" required error={fieldErrors.name} />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          error={fieldErrors.email}
        />
        <NewPasswordField label="Password" error={fieldErrors.password} />
        <SubmitButton pending={pending}>{pending ? "Creating your account…" : "Create account"}</SubmitButton>
      </form>
      <p className="text-sm text-slate-600">
        Already have an account?{" "}
        <Link
          href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="font-medium text-indigo-700 underline"
        >
          Sign in
        </Link>
      </p>
    </div>
  );
}
