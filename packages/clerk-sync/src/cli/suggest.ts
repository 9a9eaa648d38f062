/**
 * The candidates closest to what was typed: by edit distance, or containing it (`membership` →
 * `organizationMembership.created`). Best first, at most `limit`.
 *
 * @example closest("user.create", ["user.created", "user.updated"]) // ["user.created", "user.updated"]
 */
export function closest(typed: string, candidates: readonly string[], limit = 3): string[] {
  const needle = typed.toLowerCase();
  const scored = candidates.map((candidate) => {
    const lower = candidate.toLowerCase();
    const distance = editDistance(needle, lower);
    const contains = needle.length >= 3 && (lower.includes(needle) || needle.includes(lower));
    return { candidate, score: contains ? Math.min(distance, 1) : distance };
  });
  const threshold = Math.max(2, Math.ceil(needle.length / 3));
  return scored
    .filter((s) => s.score <= threshold)
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
