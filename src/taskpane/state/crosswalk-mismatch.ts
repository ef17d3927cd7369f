/** The workbook was annotated with another crosswalk version than the active one (null when not). */
export function crosswalkMismatch(stored: string | null | undefined, active: string): { stored: string; active: string } | null {
  return stored && stored !== active ? { stored, active } : null;
}
