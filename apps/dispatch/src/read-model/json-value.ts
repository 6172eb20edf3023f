/** A value that came out of JSON.parse and goes back into a JSON column. */
export type JsonValue = null | boolean | number | string | object;

/** Event payload fields are typed `unknown`; they were parsed from JSON, so they are JsonValues. */
export function asJson(value: unknown): JsonValue {
  return (value ?? null) as JsonValue;
}
