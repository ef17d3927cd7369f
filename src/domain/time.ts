/**
 * Timestamps for people: local time with its UTC offset ("2026-12-02 03:15:29 +09:00").
 * The offset is passed in (minutes east of UTC), so this stays pure and testable; the caller (pane or CLI) knows the clock.
 */

/** Minutes east of UTC that the host's clock uses at `iso` (e.g. 540 for JST). Uses only the JS Date object. */
export function hostUtcOffset(iso: string): number {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 0 : -d.getTimezoneOffset();
}

/** "+09:00", "-05:30", "+00:00". */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(Math.round(minutes));
  return `${sign}${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/**
 * An ISO instant ("2026-12-01T18:15:29.642Z") as local time with its offset ("2026-12-02 03:15:29 +09:00").
 * Text that is not an ISO instant (a time a user typed) is returned unchanged.
 */
export function localTimestamp(iso: string, offsetMinutes: number): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(iso)) return iso;
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + offsetMinutes * 60000);
  const p = (n: number) => String(n).padStart(2, "0");
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${formatOffset(offsetMinutes)}`
  );
}

/** Parse "2026-12-02 03:15:29 +09:00" (or an ISO instant) back to epoch ms; null when it is not a timestamp. */
export function parseTimestamp(text: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:\d{2})$/.exec(text.trim());
  if (!m) return null;
  const t = new Date(`${m[1]}T${m[2]}${m[3]}`).getTime();
  return Number.isNaN(t) ? null : t;
}
