"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { sendJson } from "@/lib/client/send-json";
import { profileInputSchema } from "@/lib/customers/profile-input";
import type { SharedProfile } from "@/lib/customers/strategy";

type Errors = Record<string, string | undefined>;

const ADDRESS_FIELDS = [
  ["line1", "Address line 1", "address-line1"],
  ["line2", "Address line 2", "address-line2"],
  ["city", "City", "address-level2"],
  ["state", "State or region", "address-level1"],
  ["postal_code", "Postal code", "postal-code"],
  ["country", "Country code", "country"],
] as const;

export function ProfileForm({ profile }: { profile: SharedProfile }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "");
    const input = {
      name: text("name"),
      email: text("email"),
      phone: text("phone"),
      address: Object.fromEntries(ADDRESS_FIELDS.map(([key]) => [key, text(`address.${key}`)])),
    };
    const parsed = profileInputSchema.safeParse(input);
    setSaved(false);
    if (!parsed.success) {
      const flat = z.flattenError(parsed.error);
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[issue.path.join(".")] ??= issue.message;
      setErrors({ ...next, _: flat.formErrors[0] });
      setFormError("Some fields need your attention.");
      return;
    }
    setPending(true);
    setErrors({});
    setFormError(null);
    const result = await sendJson(
      "/api/account/profile",
      "PATCH",
      parsed.data,
      "We couldn't save your profile. Please try again.",
    );
    setPending(false);
    if (!result.ok) {
      setErrors(result.fields);
      setFormError(result.message);
      return;
    }
    setSaved(true);
    router.refresh();
  }

  return (
    <form noValidate onSubmit={onSubmit} aria-label="Shared profile" className="space-y-4">
      <FormAlert message={formError} />
      <div role="status" aria-live="polite">
        {saved && (
          <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-200">
            Saved. Every Rocket brand now sees these details.
          </p>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          name="name"
          label="Name"
          autoComplete="name"
          defaultValue={profile.name ?? ""}
          error={errors.name}
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          defaultValue={profile.email ?? ""}
          error={errors.email}
          hint="Also your sign-in email."
        />
        <TextField
          name="phone"
          label="Phone"
          type="tel"
          autoComplete="tel"
          defaultValue={profile.phone ?? ""}
          error={errors.phone}
        />
        {ADDRESS_FIELDS.map(([key, label, autoComplete]) => (
          <TextField
            key={key}
            name={`address.${key}`}
            label={label}
            autoComplete={autoComplete}
            defaultValue={profile.address?.[key] ?? ""}
            error={errors[`address.${key}`]}
          />
        ))}
      </div>
      <div className="sm:w-48">
        <SubmitButton pending={pending}>{pending ? "Saving…" : "Save profile"}</SubmitButton>
      </div>
    </form>
  );
}
