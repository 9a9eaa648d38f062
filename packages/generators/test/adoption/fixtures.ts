import path from "node:path";
import { FIXTURES_DIR } from "../support/paths";

/**
 * Apps shaped like the Next.js + Clerk apps people already have, each with its own lockfile
 * (`test/fixtures/adoption/<name>`), and how each is wired and checked.
 */
export interface AdoptionFixture {
  name: string;
  /** What the app is, as the report's table names it. */
  label: string;
  /** Answers beyond --appDir. */
  flags: string[];
  /** A route the app protected before the generator ran. */
  protectedPath: string;
  /** Where a protected route sends a browser without a session. */
  signInPath: string;
  provider: "sqlite" | "postgresql";
}

export const ADOPTION_DIR = path.join(FIXTURES_DIR, "adoption");

export const ADOPTION_FIXTURES: AdoptionFixture[] = [
  {
    name: "a-next14-clerk5-protected-list",
    label: "(a) Next 14.2 + Clerk 5, root middleware.ts, protected list, auth().protect()",
    flags: ["--groups", "user,organization"],
    protectedPath: "/dashboard",
    signInPath: "sign-in",
    provider: "sqlite",
  },
  {
    name: "b-next15-clerk6-src-public-list",
    label: "(b) Next 15 + Clerk 6, src/, public list",
    flags: ["--groups", "user"],
    protectedPath: "/dashboard",
    signInPath: "sign-in",
    provider: "sqlite",
  },
  {
    name: "c-next15-clerk6-inverted-matcher",
    label: '(c) Next 15 + Clerk 6, a "public" list that is protected',
    flags: ["--groups", "user"],
    protectedPath: "/dashboard",
    signInPath: "sign-in",
    provider: "sqlite",
  },
  {
    name: "d-next14-clerk6-edge-middleware",
    label: "(d) Next 14.2 + Clerk 6, a middleware without Clerk",
    flags: ["--groups", "user"],
    protectedPath: "/dashboard",
    signInPath: "/login",
    provider: "sqlite",
  },
  {
    name: "e-next15-clerk7-own-webhook-route",
    label: "(e) Next 15 + Clerk 7, its own svix webhook route",
    flags: ["--groups", "user", "--existingRoute", "keep"],
    protectedPath: "/dashboard",
    signInPath: "sign-in",
    provider: "sqlite",
  },
  {
    name: "f-next16-clerk6-prisma-postgresql",
    label: "(f) Next 16 + Clerk 6, its own Prisma schema on PostgreSQL with a User model",
    flags: ["--groups", "user,organization,organizationMembership"],
    protectedPath: "/dashboard",
    signInPath: "sign-in",
    provider: "postgresql",
  },
  {
    name: "g-next16-clerk7-proxy",
    label: "(g) Next 16 + Clerk 7, proxy.ts",
    flags: ["--groups", "user"],
    protectedPath: "/dashboard",
    signInPath: "sign-in",
    provider: "sqlite",
  },
];

export function adoptionFixture(name: string): AdoptionFixture {
  const found = ADOPTION_FIXTURES.find((f) => f.name === name || f.name.startsWith(`${name}-`));
  if (!found) throw new Error(`no adoption fixture ${name}`);
  return found;
}
