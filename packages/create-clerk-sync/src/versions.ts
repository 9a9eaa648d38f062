import fs from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Every version the new repo pins, in one map: its pnpm catalog is written from this, and every
 * package.json in it refers to the catalog. The versions themselves come from the kit's own
 * catalog (its pnpm-workspace.yaml, the one place they are written), so a new repo runs what the
 * kit was tested with; only what the kit does not use is pinned here. Nothing is looked up in a
 * registry while generating, so the same scaffold version always writes the same repo.
 */
const FROM_KIT_CATALOG = [
  "@biomejs/biome",
  "@clerk/backend",
  "@clerk/nextjs",
  "@prisma/adapter-better-sqlite3",
  "@prisma/adapter-pg",
  "@prisma/client",
  "@turbo/gen",
  "@types/better-sqlite3",
  "@types/node",
  "@types/pg",
  "@types/react",
  "@types/react-dom",
  "better-sqlite3",
  "bullmq",
  "handlebars",
  "ioredis",
  "jiti",
  "next",
  "path-to-regexp",
  "pg",
  "plop",
  "prisma",
  "react",
  "react-dom",
  "svix",
  "ts-morph",
  "tsx",
  "turbo",
  "typescript",
  "vitest",
] as const;

/** What the new repo pins that the kit's catalog has not, or has at another version on purpose. */
const OWN_VERSIONS = {
  // create-next-app's Tailwind setup: the Turbopack loader pins its own tailwindcss exactly.
  "@tailwindcss/turbopack": "4.3.3",
  tailwindcss: "4.3.3",
  // Geist, create-next-app's font, from the package instead of Google Fonts (offline builds).
  geist: "1.9.2",
} as const;

export type PinnedPackage = (typeof FROM_KIT_CATALOG)[number] | keyof typeof OWN_VERSIONS;

/** Entries that differ from the kit's own catalog on purpose (see OWN_VERSIONS). */
export const DIFFERS_FROM_KIT_CATALOG: readonly PinnedPackage[] = ["tailwindcss"];

/**
 * The `catalog:` section of a pnpm-workspace.yaml (flat `name: version` lines, names quoted or
 * not).
 *
 * @example parseCatalog('catalog:\n  "@types/pg": 8.23.1\n  pg: 8.23.1\n') // { "@types/pg": "8.23.1", pg: "8.23.1" }
 */
export function parseCatalog(yaml: string): Record<string, string> {
  const section = /^catalog:\r?\n((?:[ \t]+.*\r?\n?)*)/m.exec(yaml)?.[1] ?? "";
  return Object.fromEntries(
    section
      .split(/\r?\n/)
      .map((line) => /^\s+["']?([^"':]+)["']?:\s*["']?([^"'\s#]+)/.exec(line))
      .flatMap((match) => (match?.[1] && match[2] ? [[match[1], match[2]] as const] : [])),
  );
}

/** The kit repo's workspace file, when this module runs inside the kit's repo (src/ or dist/). */
const REPO_WORKSPACE = fileURLToPath(new URL("../../../pnpm-workspace.yaml", import.meta.url));
/** The copy of the kit's catalog the build put into kit/root.json, in a packed package. */
const KIT_ROOT_JSON = fileURLToPath(new URL("../kit/root.json", import.meta.url));

/**
 * The kit's catalog: live from the kit's repo when this runs in it, else the copy this package
 * was built with; empty when neither is there (a package built without its kit, which `loadKit`
 * reports).
 */
export function kitCatalog(): Record<string, string> {
  if (fs.existsSync(REPO_WORKSPACE)) return parseCatalog(fs.readFileSync(REPO_WORKSPACE, "utf8"));
  if (fs.existsSync(KIT_ROOT_JSON)) {
    const root = JSON.parse(fs.readFileSync(KIT_ROOT_JSON, "utf8")) as {
      catalog?: Record<string, string>;
    };
    return root.catalog ?? {};
  }
  return {};
}

function pinnedVersions(catalog: Record<string, string>): Readonly<Record<PinnedPackage, string>> {
  const fromKit = FROM_KIT_CATALOG.flatMap((name) => {
    const version = catalog[name];
    return version ? [[name, version] as const] : [];
  });
  // A name the catalog lacks stays out: `isPinned` is false for it, and the scaffold reports it.
  return { ...Object.fromEntries(fromKit), ...OWN_VERSIONS } as Record<PinnedPackage, string>;
}

export const VERSIONS = pinnedVersions(kitCatalog());

/**
 * The Node.js major the new repo's .nvmrc names (and so its CI runs): an LTS line every pinned
 * package supports (better-sqlite3 ships prebuilt binaries for it; engines stays >=20.19).
 */
export const NODE_VERSION = "22";

/** The package manager the new repo pins through `packageManager`. */
export const PNPM_VERSION = "12.4.2";

export function isPinned(name: string): name is PinnedPackage {
  return Object.hasOwn(VERSIONS, name);
}
