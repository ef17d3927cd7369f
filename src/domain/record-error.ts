/**
 * The error of a stored record that cannot be read (record.ts re-exports it). A module of its own: the task pane's
 * first-load code recognises it (describeError) without carrying the record's codec.
 */
import type { Localized } from "./types";

export class RecordError extends Error {
  constructor(
    readonly code: "not-a-record" | "tampered" | "malformed",
    readonly localized: Localized,
  ) {
    super(localized.en);
    this.name = "RecordError";
  }
}
