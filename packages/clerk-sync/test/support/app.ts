import fs from "node:fs";
import path from "node:path";
import { TEST_ROOT, TMP_DIR } from "./providers.js";

const PACKAGE_ROOT = path.dirname(TEST_ROOT);

/** The path from a file of the app (in `from`) to one of this package. */
export type ToPackage = (file: string, from?: string) => string;

/**
 * An app laid out the way the generators write one: its package.json, a tsconfig whose `paths`
 * map `@/*` to src and the kit to this package's source (so the CLI and the app run the code
 * under test), and src/lib/db.ts exporting `prisma` (TEST_PROVIDER, DATABASE_URL) and `Tx`. The
 * rest of its files come from `files`.
 */
export function writeApp(
  name: string,
  files: (toPackage: ToPackage) => Record<string, string>,
): string {
  const dir = path.join(TMP_DIR, name);
  fs.rmSync(dir, { recursive: true, force: true });
  const toPackage: ToPackage = (file, from = ".") =>
    path.relative(path.join(dir, from), path.join(PACKAGE_ROOT, file));
  const all: Record<string, string> = {
    "package.json": JSON.stringify({ name, private: true, type: "module" }),
    "tsconfig.json": JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          module: "esnext",
          moduleResolution: "bundler",
          paths: {
            "@/*": ["./src/*"],
            "@acme/clerk-sync": [toPackage("src/index.ts")],
            "@acme/clerk-sync/prisma": [toPackage("src/prisma/index.ts")],
            "@acme/clerk-sync/queue": [toPackage("src/queue/index.ts")],
          },
        },
      },
      null,
      2,
    ),
    "src/lib/db.ts": `import { createPrisma, type Provider } from "${toPackage("test/support/providers.js", "src/lib")}";

export const prisma = createPrisma(
  (process.env.TEST_PROVIDER ?? "sqlite") as Provider,
  process.env.DATABASE_URL ?? "file:${path.join(dir, "dev.db")}",
);
export type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];
`,
    ...files(toPackage),
  };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
