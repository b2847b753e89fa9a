// Lengths of the strings clients give that are stored: each one is bounded, and a longer one is BAD_USER_INPUT
// naming the field, so that no client can fill a table (or a log) with one request.
import { badUserInput } from './errors';

export const INPUT_LIMITS = {
  /** A provider key's label (addApiKey, updateApiKey). */
  keyLabel: 100,
  /** Why an administrator disabled a key (disableApiKey). */
  reason: 500,
  /** A provider key's credentials: fields, characters per value, and the whole object as JSON. */
  credentialFields: 20,
  credentialValue: 4096,
  credentialsJson: 16 * 1024,
} as const;

/** Counts characters as people do (a Hangul syllable or an emoji is one), not UTF-16 units. */
export function checkLength(field: string, value: string | null | undefined, max: number): void {
  if (value == null) return;
  const length = [...value].length;
  if (length > max) throw badUserInput(`"${field}" must be at most ${max} characters, but got ${length}`, field);
}

/** A credentials object of a few short string fields, as every provider's is. */
export function checkCredentials(field: string, credentials: Record<string, unknown>): void {
  const entries = Object.entries(credentials);
  if (entries.length > INPUT_LIMITS.credentialFields) {
    throw badUserInput(`"${field}" may hold at most ${INPUT_LIMITS.credentialFields} fields, but got ${entries.length}`, field);
  }
  for (const [name, value] of entries) {
    if (typeof value === 'string') checkLength(`${field}.${name.slice(0, 40)}`, value, INPUT_LIMITS.credentialValue);
  }
  const bytes = Buffer.byteLength(JSON.stringify(credentials));
  if (bytes > INPUT_LIMITS.credentialsJson) {
    throw badUserInput(`"${field}" must be at most ${INPUT_LIMITS.credentialsJson} bytes as JSON, but got ${bytes}`, field);
  }
}
