/** One line of `clerk-sync doctor`. */
export interface Check {
  /** Stable name, for `--json` and tests: "route", "middleware", "probe", … */
  id: string;
  title: string;
  /** ok ✓, fail ✗, or skip – (not applicable here, or could not be checked). */
  status: "ok" | "fail" | "skip";
  /** What was found. */
  detail: string;
  /** What to do about a failure. */
  fix?: string;
}

export function ok(id: string, title: string, detail: string): Check {
  return { id, title, status: "ok", detail };
}

export function fail(id: string, title: string, detail: string, fix: string): Check {
  return { id, title, status: "fail", detail, fix };
}

export function skip(id: string, title: string, detail: string): Check {
  return { id, title, status: "skip", detail };
}

/** "3 s", "12 min", "2 h 5 min": an age, readably. */
export function age(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}
