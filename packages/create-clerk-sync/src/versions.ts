/**
 * Every version the new repo pins, in one map: its pnpm catalog is written from this, and every
 * package.json in it refers to the catalog. Nothing is looked up in a registry while generating,
 * so the same scaffold version always writes the same repo. Kept equal to this kit's own catalog
 * where both use a package (a test checks), so a new repo runs what the kit was tested with.
 */
export const VERSIONS = {
  "@biomejs/biome": "2.6.8",
  "@clerk/backend": "3.25.0",
  "@clerk/nextjs": "7.9.17",
  "@prisma/adapter-better-sqlite3": "7.10.0",
  "@prisma/adapter-pg": "7.10.1",
  "@prisma/client": "7.10.0",
  // create-next-app's Tailwind setup: the Turbopack loader pins its own tailwindcss exactly.
  "@tailwindcss/turbopack": "4.3.3",
  "@turbo/gen": "2.11.9",
  "@types/better-sqlite3": "7.6.13",
  "@types/node": "20.19.43",
  "@types/pg": "8.23.1",
  "@types/react": "19.3.0",
  "@types/react-dom": "19.3.0",
  "better-sqlite3": "12.11.1",
  bullmq: "6.7.0",
  // Geist, create-next-app's font, from the package instead of Google Fonts (offline builds).
  geist: "1.9.2",
  handlebars: "4.7.10",
  ioredis: "5.9.3",
  jiti: "2.7.0",
  next: "16.4.6",
  "path-to-regexp": "6.3.0",
  pg: "8.23.1",
  plop: "4.0.5",
  prisma: "7.10.1",
  react: "19.3.1",
  "react-dom": "19.3.1",
  svix: "1.99.1",
  tailwindcss: "4.3.3",
  "ts-morph": "28.0.0",
  tsx: "4.23.15",
  turbo: "2.11.9",
  typescript: "5.9.3",
  vitest: "4.1.12",
} as const satisfies Record<string, string>;

export type PinnedPackage = keyof typeof VERSIONS;

/**
 * The Node.js major the new repo's .nvmrc names (and so its CI runs): an LTS line every pinned
 * package supports (better-sqlite3 ships prebuilt binaries for it; engines stays >=20.19).
 */
export const NODE_VERSION = "22";

/** The package manager the new repo pins through `packageManager`. */
export const PNPM_VERSION = "12.4.2";

/** Entries that differ from the kit's own catalog on purpose (see the comments above). */
export const DIFFERS_FROM_KIT_CATALOG: readonly PinnedPackage[] = ["tailwindcss"];

export function isPinned(name: string): name is PinnedPackage {
  return Object.hasOwn(VERSIONS, name);
}
