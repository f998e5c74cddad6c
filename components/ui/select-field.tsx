import type { SelectHTMLAttributes } from "react";
import { Field } from "./field";

type SelectFieldProps = SelectHTMLAttributes<HTMLSelectElement> & {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  /** The first, empty choice (e.g. "No country"); none when the field is required. */
  placeholder?: string;
  error?: string | undefined;
  hint?: string | undefined;
};

/** A labelled picker whose error is tied to it for screen readers, like `TextField`. */
export function SelectField({ name, label, options, placeholder, error, hint, ...select }: SelectFieldProps) {
  return (
    <Field name={name} label={label} error={error} hint={hint}>
      {(control) => (
        <select {...control} {...select}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
