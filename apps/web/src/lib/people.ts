/** The fields a person is shown by, from a synced user or a membership's public user data. */
export interface PersonLike {
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  primaryEmailAddress?: string | null;
  id?: string;
}

/** "Ada Lovelace", else the username, else the email, else the Clerk id. */
export function displayName(person: PersonLike): string {
  const name = [person.firstName, person.lastName].filter(Boolean).join(" ").trim();
  return name || person.username || person.primaryEmailAddress || person.id || "Unknown";
}

/** Up to two initials for an avatar placeholder. */
export function initials(person: PersonLike): string {
  const name = displayName(person);
  const parts = name.split(/[\s@._-]+/).filter(Boolean);
  return (parts[0]?.[0] ?? "?").toUpperCase() + (parts[1]?.[0] ?? "").toUpperCase();
}
