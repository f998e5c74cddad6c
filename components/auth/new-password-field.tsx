import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/validation";

/** The field that chooses a password (signing up, resetting it), with the rule it must meet. */
export function NewPasswordField({ label, error }: { label: string; error?: string | undefined }) {
  return (
    <TextField
      name="password"
      label={label}
      type="password"
      autoComplete="new-password"
      required
      hint={`At least ${PASSWORD_MIN_LENGTH} characters, mixing letters with numbers or symbols.`}
      error={error}
    />
  );
}
