"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { ForgotPasswordLink } from "@/components/auth/forgot-password-link";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { passkeyAssertion } from "@/lib/auth/passkeys-client";
import { passkeySignInErrorMessage } from "@/lib/auth/passkeys-messages";
import { signInErrorMessage, signInSchema } from "@/lib/auth/validation";

type FieldErrors = Partial<Record<"email" | "password", string>>;

export function SignInForm({
  callbackUrl,
  initialError,
  oauthProviders,
}: {
  callbackUrl: string;
  initialError: string | null;
  oauthProviders: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [passkeyPending, setPasskeyPending] = useState(false);
  const [formError, setFormError] = useState<string | null>(initialError);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = signInSchema.safeParse({ email: data.get("email"), password: data.get("password") });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if ((key === "email" || key === "password") && !errors[key]) errors[key] = issue.message;
      }
      setFieldErrors(errors);
      setFormError(null);
      return;
    }
    setFieldErrors({});
    setFormError(null);
    setPending(true);
    const result = await signIn("credentials", { ...parsed.data, redirect: false, callbackUrl });
    if (!result || result.error) {
      setPending(false);
      setFormError(signInErrorMessage(result?.error ?? "Unknown"));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  async function signInWithPasskey() {
    if (passkeyPending) return;
    setFieldErrors({});
    setFormError(null);
    setPasskeyPending(true);
    const assertion = await passkeyAssertion();
    if (!assertion.ok) {
      setPasskeyPending(false);
      setFormError(assertion.message);
      return;
    }
    const result = await signIn("passkey", { response: assertion.value, redirect: false, callbackUrl });
    if (!result || result.error) {
      setPasskeyPending(false);
      const code = result?.error ?? "Unknown";
      setFormError(passkeySignInErrorMessage(code) ?? signInErrorMessage(code));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Sign in">
        <FormAlert message={formError} />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          error={fieldErrors.email}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          error={fieldErrors.password}
        />
        <SubmitButton pending={pending}>{pending ? "Signing in…" : "Sign in"}</SubmitButton>
      </form>
      <ForgotPasswordLink />
      <div className="space-y-2">
        <p className="text-center text-sm text-slate-600">or, with no password</p>
        <button
          type="button"
          onClick={() => void signInWithPasskey()}
          disabled={passkeyPending}
          aria-disabled={passkeyPending}
          className="w-full rounded-md border border-slate-300 px-4 py-2.5 font-medium hover:bg-slate-100 disabled:opacity-60"
        >
          {passkeyPending ? "Waiting for your passkey…" : "Sign in with a passkey"}
        </button>
      </div>
      {oauthProviders.length > 0 && (
        <div className="space-y-2">
          <p className="text-center text-sm text-slate-600">or</p>
          {oauthProviders.map((provider) => (
            <button
              key={provider.id}
              type="button"
              onClick={() => void signIn(provider.id, { callbackUrl })}
              className="w-full rounded-md border border-slate-300 px-4 py-2.5 font-medium hover:bg-slate-100"
            >
              Continue with {provider.name}
            </button>
          ))}
        </div>
      )}
      <p className="text-sm text-slate-600">
        New here?{" "}
        <Link
          href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="font-medium text-indigo-700 underline"
        >
          Create an account
        </Link>
      </p>
    </div>
  );
}
