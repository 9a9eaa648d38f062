import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { PINNED_DEPENDENCIES } from "@acme/generators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateWorkflow } from "../../test/support/actions.js";
import { fileSystemError, isCreateError } from "../errors.js";
import { type Kit, loadKit } from "../kit.js";
import { assembleKit } from "../kit-manifest.js";
import type { CreateOptions } from "../options/resolve.js";
import { NODE_VERSION, VERSIONS } from "../versions.js";
import type { PackageJson } from "./files.js";
import { type Reporter, scaffold } from "./index.js";
import { allowBuildsOf } from "./repo.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const silent: Reporter = { step: (_title, task) => task(), warn: () => {} };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "create-scaffold-"));
let kit: Kit;

beforeAll(async () => {
  assembleKit(repoRoot, path.join(tmp, "kit"));
  kit = await loadKit(path.join(tmp, "kit"));
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function options(name: string, overrides: Partial<CreateOptions> = {}): CreateOptions {
  return {
    directory: path.join(tmp, name),
    name,
    groups: ["user", "organization", "organizationMembership"],
    database: "sqlite",
    databaseUrl: "file:./prisma/dev.db",
    queue: "inline",
    redisUrl: undefined,
    license: "MIT",
    install: false,
    git: false,
    ...overrides,
  };
}

function files(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full, base) : [path.relative(base, full)];
  });
}

const read = (...parts: string[]) => fs.readFileSync(path.join(...parts), "utf8");

describe.each([
  ["defaults", options("defaults")],
  [
    "PostgreSQL, BullMQ, every group",
    options("everything", {
      groups: [],
      database: "postgresql",
      databaseUrl: "postgresql://postgres@localhost:5432/everything",
      queue: "bullmq",
      redisUrl: "redis://localhost:6379/3",
    }),
  ],
] as const)("a new repo (%s), written without installing", (_label, given) => {
  let root: string;
  let chosen: CreateOptions;

  beforeAll(async () => {
    chosen = {
      ...given,
      groups: given.groups.length ? given.groups : [...kit.catalog.EVENT_GROUP_NAMES],
    };
    const result = await scaffold(chosen, kit, silent);
    expect(result).toMatchObject({ installed: false, git: "skipped" });
    root = chosen.directory;
  }, 120_000);

  it("is a Turborepo with the app, the library, the generators and their templates", () => {
    for (const file of [
      "package.json",
      "pnpm-workspace.yaml",
      "turbo.json",
      "tsconfig.base.json",
      "biome.json",
      ".gitignore",
      "README.md",
      "plopfile.ts",
      "turbo/generators/config.ts",
      "packages/clerk-sync/src/index.ts",
      "packages/clerk-sync/tsconfig.build.json",
      "packages/generators/src/index.ts",
      "apps/web/src/app/api/webhooks/route.ts",
      "apps/web/src/lib/clerk-sync.ts",
      "apps/web/src/lib/db.ts",
      "apps/web/src/webhooks/index.ts",
      "apps/web/prisma/schema.prisma",
      "apps/web/test/webhooks.test.ts",
      "apps/web/vitest.config.ts",
      "apps/web/src/app/page.tsx",
      "apps/web/README.md",
      ".github/workflows/ci.yml",
      ".nvmrc",
      "LICENSE",
      ".env.example",
      "scripts/dev.mjs",
    ]) {
      expect(fs.existsSync(path.join(root, file)), file).toBe(true);
    }
    // One workspace file and one Biome config, at the root.
    expect(fs.existsSync(path.join(root, "apps/web/pnpm-workspace.yaml"))).toBe(false);
    expect(fs.existsSync(path.join(root, "apps/web/biome.json"))).toBe(false);
    // The kit's own lint rules for its reference app stay out of the new repo's config.
    expect(JSON.parse(read(root, "biome.json"))).not.toHaveProperty("overrides");
    // The generators run as in the kit's repo.
    const scripts = (JSON.parse(read(root, "package.json")) as PackageJson).scripts ?? {};
    const kitScripts = (JSON.parse(read(repoRoot, "package.json")) as PackageJson).scripts ?? {};
    expect(scripts.plop).toBe(kitScripts.plop);
    expect(scripts.gen).toBe(kitScripts.gen);
  });

  it("carries the templates as the generators' input, identical to the kit's", () => {
    const kitTemplates = path.join(repoRoot, "templates");
    const copied = path.join(root, "templates");
    expect(files(copied).sort()).toEqual(files(kitTemplates).sort());
    for (const file of files(kitTemplates))
      expect(read(copied, file)).toBe(read(kitTemplates, file));
  });

  it("leaves the library's tests and generated files behind", () => {
    const library = files(path.join(root, "packages"));
    expect(library.filter((file) => /\.test\.ts$|(^|\/)test\/|generated\//.test(file))).toEqual([]);
    const pkg = JSON.parse(read(root, "packages/clerk-sync/package.json")) as PackageJson;
    expect(pkg.private).toBe(true);
    // prepare builds the library on install: the generators need it right after `pnpm install`.
    expect(Object.keys(pkg.scripts ?? {}).sort()).toEqual([
      "build",
      "dev",
      "lint",
      "prepare",
      "typecheck",
    ]);
    const generators = JSON.parse(read(root, "packages/generators/package.json")) as PackageJson;
    expect(Object.keys(generators.scripts ?? {}).sort()).toEqual(["lint", "typecheck"]);
    expect(Object.keys(pkg.devDependencies ?? {})).not.toContain("vitest");
  });

  it("pins every dependency through its catalog, written from the one version map", () => {
    const yaml = read(root, "pnpm-workspace.yaml");
    const catalog = Object.fromEntries(
      [
        ...(/^catalog:\n((?:[ \t]+.*\n)*)/m.exec(yaml)?.[1] ?? "").matchAll(
          /^[ \t]+"?([^":]+)"?: (\S+)$/gm,
        ),
      ].map((match) => [match[1], match[2]]),
    );
    const manifests = [
      "package.json",
      "apps/web/package.json",
      "packages/clerk-sync/package.json",
      "packages/generators/package.json",
    ];
    for (const manifest of manifests) {
      const pkg = JSON.parse(read(root, manifest)) as PackageJson;
      for (const [name, spec] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
        if (spec.startsWith("workspace:")) continue;
        expect(`${manifest}: ${name}@${spec}`).toBe(`${manifest}: ${name}@catalog:`);
        expect(catalog[name], name).toBe(VERSIONS[name as keyof typeof VERSIONS]);
      }
    }
    // Whatever the generators may add later (another database or queue) is in the catalog too.
    for (const name of PINNED_DEPENDENCIES.filter((dep) => dep !== "@acme/clerk-sync")) {
      expect(catalog[name], name).toBe(VERSIONS[name]);
    }
    expect(allowBuildsOf(yaml)["better-sqlite3"]).toBe(true);
  });

  it("configures the app for the chosen database, queue and groups", () => {
    const env = parseEnv(read(root, "apps/web/.env.local"));
    expect(env.CLERK_WEBHOOK_SIGNING_SECRET).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(env.DATABASE_URL).toBe(chosen.databaseUrl);
    expect(env.REDIS_URL).toBe(chosen.redisUrl);
    expect(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY).toMatch(/^pk_live_/);
    const app = JSON.parse(read(root, "apps/web/package.json")) as PackageJson;
    expect(app.dependencies?.["@acme/clerk-sync"]).toBe("workspace:*");
    const driver = chosen.database === "sqlite" ? "better-sqlite3" : "pg";
    expect(app.dependencies?.[driver]).toBe("catalog:");
    expect(app.scripts?.worker === undefined).toBe(chosen.queue === "inline");
    expect(read(root, "apps/web/prisma/schema.prisma")).toContain(
      `provider = "${chosen.database}"`,
    );
    const registry = read(root, "apps/web/src/webhooks/index.ts");
    for (const group of chosen.groups) expect(registry).toContain(`"${group}"`);
    expect(read(root, "README.md")).toContain(kit.catalog.eventsOfGroups(chosen.groups).at(-1));
  });

  it("lets PORT and the test database and Redis through turbo to dev, start and test", () => {
    const turbo = JSON.parse(read(root, "turbo.json")) as {
      globalPassThroughEnv: string[];
      tasks: Record<string, { env?: string[] }>;
    };
    for (const name of [
      "PORT",
      "DATABASE_URL",
      "REDIS_URL",
      "TEST_DATABASE_URL",
      "TEST_REDIS_URL",
    ]) {
      expect(turbo.globalPassThroughEnv).toContain(name);
    }
    expect(turbo.tasks.build?.env).toContain("NEXT_PUBLIC_*");
    // `pnpm dev --port N` goes through a script that hands the port to next dev only.
    const scripts = (JSON.parse(read(root, "package.json")) as PackageJson).scripts ?? {};
    expect(scripts.dev).toBe("node scripts/dev.mjs");
    expect(read(root, "scripts/dev.mjs")).toContain('["run", "dev"]');
  });

  it("has a public home page that tells what it syncs and what to do next", () => {
    const proxy = read(root, "apps/web/src/proxy.ts");
    expect(proxy).toContain('if (pathname === "/") return true;');
    const page = read(root, "apps/web/src/app/page.tsx");
    expect(page).toContain("clerk-sync send user.created");
    expect(page).toContain("clerkWebhookEvent.groupBy");
    const layout = read(root, "apps/web/src/app/layout.tsx");
    expect(layout).toContain(`title: "${chosen.name}"`);
    expect(layout).not.toContain("Create Next App");
    // create-next-app's images went with its page.
    expect(fs.existsSync(path.join(root, "apps/web/public/next.svg"))).toBe(false);
  });

  it("documents itself for this repo, with pnpm, and only what it contains", () => {
    const appReadme = read(root, "apps/web/README.md");
    expect(appReadme).toContain("pnpm --filter web dev");
    expect(appReadme).toContain("src/app/page.tsx");
    expect(appReadme).not.toMatch(/npm run|yarn|bun dev|create-next-app/);
    const rootReadme = read(root, "README.md");
    expect(rootReadme).toContain("pnpm dev --port 3001");
    expect(rootReadme).toContain("pnpm --filter web exec clerk-sync send user.created");
    // The generators' README lost its section on tests that stayed in the kit.
    const generatorsReadme = read(root, "packages/generators/README.md");
    expect(generatorsReadme).not.toContain("## Tests");
    expect(generatorsReadme).not.toContain("test/fixtures");
    expect(generatorsReadme).toContain("## Programmatic use");
    for (const pkg of ["clerk-sync", "generators"]) {
      const manifest = JSON.parse(read(root, `packages/${pkg}/package.json`)) as PackageJson;
      expect(Object.keys(manifest.devDependencies ?? {}), pkg).not.toContain("vitest");
      const tsconfig = JSON.parse(read(root, `packages/${pkg}/tsconfig.json`)) as {
        include: string[];
      };
      for (const entry of tsconfig.include) {
        expect(fs.existsSync(path.join(root, "packages", pkg, entry)), entry).toBe(true);
      }
    }
    // .env.example lists every variable the repo reads, and no URL given to the scaffold.
    const example = read(root, ".env.example");
    for (const name of [
      "CLERK_WEBHOOK_SIGNING_SECRET",
      "DATABASE_URL",
      "PORT",
      "TEST_DATABASE_URL",
    ]) {
      expect(example).toContain(`${name}=`);
    }
    expect(example.includes("REDIS_URL=redis://")).toBe(chosen.queue === "bullmq");
    expect(example).not.toContain("/3");
  });

  it("has CI on GitHub Actions with the services it uses, Node from .nvmrc, and MIT", async () => {
    const workflow = read(root, ".github/workflows/ci.yml");
    expect(workflow.includes("image: postgres:")).toBe(chosen.database === "postgresql");
    expect(workflow.includes("image: redis:")).toBe(chosen.queue === "bullmq");
    for (const check of ["pnpm lint", "pnpm typecheck", "pnpm build", "pnpm test"]) {
      expect(workflow).toContain(`- run: ${check}\n`);
    }
    expect(workflow).toContain("node-version-file: .nvmrc");
    expect(read(root, ".nvmrc")).toBe(`${NODE_VERSION}\n`);
    expect((await validateWorkflow(path.join(root, ".github/workflows/ci.yml"))).code).toBe(0);
    expect(read(root, "LICENSE")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} \S/);
    expect((JSON.parse(read(root, "package.json")) as PackageJson).license).toBe("MIT");
  });

  it("builds offline: Geist comes from its package, not Google Fonts", () => {
    const layout = read(root, "apps/web/src/app/layout.tsx");
    expect(layout).not.toContain("next/font/google");
    expect(layout).toContain('import { GeistSans } from "geist/font/sans";');
  });
});

describe("licenses", () => {
  it("--license ISC writes the ISC text; none writes no LICENSE", async () => {
    const isc = options("isc", { license: "ISC" });
    await scaffold(isc, kit, silent);
    expect(read(isc.directory, "LICENSE")).toMatch(/^ISC License\n/);
    expect((JSON.parse(read(isc.directory, "package.json")) as PackageJson).license).toBe("ISC");
    const none = options("unlicensed", { license: "none" });
    await scaffold(none, kit, silent);
    expect(fs.existsSync(path.join(none.directory, "LICENSE"))).toBe(false);
    expect((JSON.parse(read(none.directory, "package.json")) as PackageJson).license).toBe(
      undefined,
    );
    expect(read(none.directory, "README.md")).not.toContain("## License");
  }, 120_000);
});

describe("a scaffold that fails", () => {
  it("removes everything it wrote, staging folder included, and says why", async () => {
    const broken = path.join(tmp, "broken-kit");
    fs.cpSync(kit.dir, broken, { recursive: true });
    fs.writeFileSync(path.join(broken, "packages/generators/src/index.ts"), "export {};\n");
    const target = options("never");
    const error = await scaffold(target, await loadKit(broken), silent).catch((e: unknown) => e);
    expect(isCreateError(error) && error.code).toBe("KIT_INCOMPLETE");
    expect(fs.existsSync(target.directory)).toBe(false);
    expect(fs.readdirSync(tmp).filter((entry) => entry.startsWith(".never."))).toEqual([]);
  }, 120_000);

  it("writes nothing where the target would be until the repo is complete", async () => {
    const target = options("watched");
    const seen: boolean[] = [];
    const watching: Reporter = {
      step: async (_title, task) => {
        seen.push(fs.existsSync(target.directory));
        return task();
      },
      warn: () => {},
    };
    await scaffold(target, kit, watching);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((exists) => !exists)).toBe(true);
    expect(fs.existsSync(path.join(target.directory, "README.md"))).toBe(true);
    expect(fs.readdirSync(tmp).filter((entry) => entry.startsWith(".watched."))).toEqual([]);
  }, 120_000);

  it("moves the finished repo into an existing directory, keeping its .git", async () => {
    const target = options("has-git");
    fs.mkdirSync(path.join(target.directory, ".git"), { recursive: true });
    fs.writeFileSync(path.join(target.directory, ".git", "HEAD"), "ref: refs/heads/main\n");
    await scaffold(target, kit, silent);
    expect(read(target.directory, ".git", "HEAD")).toBe("ref: refs/heads/main\n");
    expect(fs.existsSync(path.join(target.directory, "apps/web/src/app/page.tsx"))).toBe(true);
    expect(fs.readdirSync(tmp).filter((entry) => entry.startsWith(".has-git."))).toEqual([]);
  }, 120_000);

  it("maps a file-system failure to a coded message naming the repo's path", () => {
    const error = fileSystemError(
      Object.assign(new Error("ENOSPC: no space left on device, write"), {
        code: "ENOSPC",
        path: "/disk/.app.creating-1-abc/apps/web/package.json",
      }),
      "/disk/app",
      (file) => file.replace("/.app.creating-1-abc", "/app"),
    );
    expect(error?.code).toBe("NO_SPACE");
    expect(error?.message).toBe(
      "Could not write /disk/app/apps/web/package.json: no space left on the device (ENOSPC).",
    );
    expect(error?.suggestion).toContain("df -h /disk/app");
    expect(fileSystemError(new Error("other"), "/x")).toBeUndefined();
  });

  it("keeps what was in an existing directory", async () => {
    const target = options("existing");
    fs.mkdirSync(path.join(target.directory, ".git"), { recursive: true });
    const broken = path.join(tmp, "broken-kit");
    const error = await scaffold(target, await loadKit(broken), silent).catch((e: unknown) => e);
    expect(isCreateError(error)).toBe(true);
    expect(fs.readdirSync(target.directory)).toEqual([".git"]);
  }, 120_000);
});
