import { SharedProfileForm } from "@/components/profile/shared-profile-form";
import { Panel } from "@/components/ui/panel";
import { COUNTRIES } from "@/lib/countries";
import type { SharedProfile } from "@/lib/customers/strategy";

/** The shared profile an admin edits for every brand at once, and what stays per brand. */
export function ProfileSection({
  customerId,
  profile,
  fromOurCopy,
}: {
  customerId: string;
  profile: SharedProfile;
  /** Stripe could not be read: the form shows the copy we hold. */
  fromOurCopy: boolean;
}) {
  return (
    <Panel title="Shared profile" titleId="profile-heading" className="space-y-3">
      <div className="grid gap-3 text-sm sm:grid-cols-2">
        <p className="rounded-md bg-emerald-50 p-3 text-emerald-900 ring-1 ring-emerald-200">
          <strong>Shared with every brand:</strong> name, email, phone and address. One save updates the
          customer in every brand account (Stripe sends <code>customer.updated</code> to each), and the next
          checkout at any brand shows the new details.
        </p>
        <p className="rounded-md bg-slate-50 p-3 text-slate-800 ring-1 ring-slate-200">
          <strong>Kept per brand account:</strong> each brand&apos;s payments and refunds, the default payment
          method, invoice settings and balance. They are not edited here.
        </p>
      </div>
      {fromOurCopy && (
        <p role="alert" className="text-sm text-amber-900">
          Stripe could not be read just now: the form shows the copy we hold.
        </p>
      )}
      <SharedProfileForm
        profile={profile}
        countries={COUNTRIES}
        endpoint={`/api/org/customers/${customerId}/profile`}
        label="Customer profile"
        submitLabel="Save shared profile"
        emailHint="Also the shopper's sign-in email."
        autofill={false}
      />
    </Panel>
  );
}
