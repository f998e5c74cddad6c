"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
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

/** The admin's editor of a customer's shared profile (validated with the shopper form's schema). */
export function CustomerProfileForm({ customerId, profile }: { customerId: string; profile: SharedProfile }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "");
    const parsed = profileInputSchema.safeParse({
      name: text("name"),
      email: text("email"),
      phone: text("phone"),
      address: Object.fromEntries(ADDRESS_FIELDS.map(([key]) => [key, text(`address.${key}`)])),
    });
    setSaved(false);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[issue.path.join(".")] ??= issue.message;
      setErrors(next);
      setFormError("Some fields need your attention.");
      return;
    }
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const response = await fetch(`/api/org/customers/${customerId}/profile`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(parsed.data),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as {
          error?: { message?: string; fields?: Record<string, string[]> };
        } | null;
        const fieldErrors: Errors = {};
        for (const [key, messages] of Object.entries(body?.error?.fields ?? {}))
          fieldErrors[key] = messages[0];
        setErrors(fieldErrors);
        setFormError(body?.error?.message ?? "We couldn't save the profile. Please try again.");
        return;
      }
      setSaved(true);
      router.refresh();
    } catch {
      setFormError("We couldn't reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} aria-label="Customer profile" className="space-y-4">
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
          autoComplete="off"
          defaultValue={profile.name ?? ""}
          error={errors.name}
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="off"
          defaultValue={profile.email ?? ""}
          error={errors.email}
          hint="Also the shopper's sign-in email."
        />
        <TextField
          name="phone"
          label="Phone"
          type="tel"
          autoComplete="off"
          defaultValue={profile.phone ?? ""}
          error={errors.phone}
        />
        {ADDRESS_FIELDS.map(([key, label]) => (
          <TextField
            key={key}
            name={`address.${key}`}
            label={label}
            autoComplete="off"
            defaultValue={profile.address?.[key] ?? ""}
            error={errors[`address.${key}`]}
          />
        ))}
      </div>
      <div className="sm:w-56">
        <SubmitButton pending={pending}>{pending ? "Saving…" : "Save shared profile"}</SubmitButton>
      </div>
    </form>
  );
}
