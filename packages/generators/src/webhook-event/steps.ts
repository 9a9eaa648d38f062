import fs from "node:fs";
import path from "node:path";
import { EVENT_GROUP_NAMES, EVENT_GROUPS, type EventGroup } from "@acme/clerk-sync/catalog";
import { isTracked } from "../app/git";
import { readCatalog } from "../app/inspect";
import { envKeys, mergeEnv, withoutPassword } from "../edits/env";
import { ensureInstrumentationHook, ensureSweeperStarted } from "../edits/instrumentation";
import { allowBuilds } from "../edits/pnpm-workspace";
import { ensureWebhookRoutePublic } from "../edits/proxy";
import { hooksName, registerGroups } from "../edits/registry";
import { exportsName, parseSource } from "../edits/source";
import { GeneratorError } from "../errors";
import {
  blockKey,
  insertBlocks,
  missingBlocks,
  modelNames,
  parseSchemaBlocks,
} from "../prisma/blocks";
import { prismaModels, prismaModelsFor, renderPrismaSchema } from "../prisma/schema";
import { joinWithAnd } from "../render/layout";
import { renderTemplate } from "../render/template";
import { type PinnedDependency, pinnedVersion } from "../versions";
import { clientOutputForNewSchema, type PlanContext, SQLITE_DEFAULT_URL } from "./context";
import type { PlannedChange } from "./types";

function create(ctx: PlanContext, file: string, content: string, reason: string): PlannedChange {
  return { kind: "create", path: ctx.rel(file), content, reason, warnings: [] };
}

function skip(ctx: PlanContext, file: string, reason: string, warnings: string[] = []) {
  return { kind: "skip", path: ctx.rel(file), reason, warnings } satisfies PlannedChange;
}

function importsModule(text: string, fileName: string, specifier: string): boolean {
  return parseSource(fileName, text)
    .getImportDeclarations()
    .some((d) => d.getModuleSpecifierValue() === specifier);
}

/**
 * The webhook route (`<src>/app/api/webhooks/route.ts`): created when missing, left alone when it
 * already uses the kit. A route of the app's own that receives Clerk's webhooks is replaced only
 * when asked (`existingRoute: "replace"`), else kept beside the kit's with a warning.
 */
export function planRoute(ctx: PlanContext): PlannedChange {
  const file = ctx.files.route;
  const content = renderTemplate("next/route.ts.hbs", {
    imports: { clerkSync: ctx.importFrom(file, "lib/clerk-sync") },
  });
  const own = ctx.existingRoutes.find((r) => r.file === file);
  const text = ctx.read(file);
  if (text !== null && !own) {
    if (importsModule(text, path.basename(file), "@acme/clerk-sync/next")) {
      return skip(ctx, file, "already uses the kit's route");
    }
    throw new GeneratorError(
      "ROUTE_PATH_TAKEN",
      `${ctx.rel(file)} exists, and it is not the kit's route.`,
      {
        suggestion:
          "Choose another path for the kit's route with --webhookPath (and point the Clerk Dashboard endpoint at it), or move that route first.",
        flags: ["webhookPath"],
      },
    );
  }
  if (own) {
    return {
      kind: "update",
      path: ctx.rel(file),
      content,
      reason: `replaced your Clerk webhook route (${own.verifier}) with the kit's, at ${ctx.webhookPath}`,
      warnings: [
        `Move what the old handler did into the generated hooks (${ctx.rel(ctx.files.webhooksDir)}/<group>.ts); the kit reads CLERK_WEBHOOK_SIGNING_SECRET.`,
      ],
    };
  }
  const kept = ctx.existingRoutes.map(
    (r) =>
      `${ctx.rel(r.file)} (${r.verifier}) still receives Clerk's webhooks at ${r.urlPath}: point the Clerk Dashboard endpoint at ${ctx.webhookPath} instead, or both will handle every event.`,
  );
  return { ...create(ctx, file, content, "the webhook route"), warnings: kept };
}

/** `proxy.ts`/`middleware.ts`: created when missing, else edited so the route is public. */
export function planProxy(ctx: PlanContext): PlannedChange {
  const file = ctx.files.proxy;
  const text = ctx.read(file);
  if (text === null) {
    const content = renderTemplate("next/proxy.ts.hbs", {
      webhookPath: ctx.webhookPath,
      clerk5: ctx.clerkMajor < 6,
    });
    return create(ctx, file, content, `clerkMiddleware, with ${ctx.webhookPath} and below public`);
  }
  const edit = ensureWebhookRoutePublic(text, path.basename(file), { path: ctx.webhookPath });
  return editChange(ctx, file, edit);
}

/**
 * `instrumentation.ts`: starts the kit's sweeper when the server boots (Node.js runtime only),
 * so deliveries left pending or due are processed with no request needed. Created, or an
 * existing one (Sentry's, OpenTelemetry's) edited through its syntax tree.
 */
export function planInstrumentation(ctx: PlanContext): PlannedChange {
  const file = ctx.files.instrumentation;
  const text = ctx.read(file);
  const configModule = ctx.importFrom(file, "lib/clerk-sync");
  if (text === null) {
    const content = renderTemplate("next/instrumentation.ts.hbs", {
      imports: { clerkSync: configModule },
    });
    return create(ctx, file, content, "starts the kit's sweeper when the server boots");
  }
  return editChange(ctx, file, ensureSweeperStarted(text, path.basename(file), configModule));
}

/**
 * next.config on Next.js 14: `experimental.instrumentationHook: true`, without which Next.js 14
 * never runs instrumentation.ts. Later versions run it always (and warn about the flag).
 */
export function planNextConfig(ctx: PlanContext): PlannedChange | undefined {
  if (ctx.app.nextMajor >= 15) return undefined;
  const file = ctx.files.nextConfig ?? path.join(ctx.app.dir, "next.config.mjs");
  const text = ctx.read(file);
  if (text === null) {
    return create(
      ctx,
      file,
      "/** @type {import('next').NextConfig} */\nconst nextConfig = {\n  // Next.js 14 runs instrumentation.ts (the kit's sweeper) only with this.\n  experimental: { instrumentationHook: true },\n};\n\nexport default nextConfig;\n",
      "experimental.instrumentationHook, for instrumentation.ts on Next.js 14",
    );
  }
  return editChange(ctx, file, ensureInstrumentationHook(text, path.basename(file)));
}

function editChange(
  ctx: PlanContext,
  file: string,
  edit: { changed: boolean; content: string; notes: string[]; warnings: string[] },
): PlannedChange {
  return {
    kind: edit.changed ? "update" : "skip",
    path: ctx.rel(file),
    ...(edit.changed ? { content: edit.content } : {}),
    reason: edit.notes.join(" ") || "nothing to change",
    warnings: edit.warnings,
  };
}

/** The kit's models (ledger + chosen groups) in the schema, each model once. */
export function planSchema(ctx: PlanContext): PlannedChange {
  const target = ctx.files.schema;
  const fragments = prismaModelsFor(ctx.groups);
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    // A multi-file schema: the kit's models go into a file of their own in that folder.
    const existing = fs
      .readdirSync(target)
      .filter((f) => f.endsWith(".prisma"))
      .map((f) => fs.readFileSync(path.join(target, f), "utf8"))
      .join("\n");
    const own = path.join(target, "clerk-sync.prisma");
    return appendModels(ctx, own, existing, ctx.read(own) ?? "", fragments);
  }
  const text = ctx.read(target);
  if (text === null) {
    const content = renderPrismaSchema({
      provider: ctx.provider,
      groups: ctx.groups,
      output: clientOutputForNewSchema(ctx),
    });
    return create(ctx, target, content, `the ledger and ${describeModels(ctx.groups)}`);
  }
  return appendModels(ctx, target, text, text, fragments);
}

function appendModels(
  ctx: PlanContext,
  file: string,
  allSchemaText: string,
  fileText: string,
  fragments: string[],
): PlannedChange {
  const missing = missingBlocks(allSchemaText, fragments);
  if (missing.length === 0) return skip(ctx, file, "the kit's models are already there");
  const ranks = kitBlockRanks();
  const content = insertBlocks(fileText, missing, (key) => ranks.get(key));
  const names = missing.map((b) => b.name);
  const reason = `added ${names.length === 1 ? "model" : "models"} ${joinWithAnd(names)}`;
  return {
    kind: fileText ? "update" : "create",
    path: ctx.rel(file),
    content,
    reason,
    warnings: [],
  };
}

/** Every block of the kit's models, ranked in catalog order (the ledger first). */
function kitBlockRanks(): Map<string, number> {
  return new Map(
    prismaModelsFor(EVENT_GROUP_NAMES).flatMap((fragment, rank) =>
      parseSchemaBlocks(fragment).map((block) => [blockKey(block), rank] as const),
    ),
  );
}

function describeModels(groups: readonly EventGroup[]): string {
  const names = groups.flatMap((g) => modelNames(prismaModels(g)));
  return `${names.length === 1 ? "model" : "models"} ${joinWithAnd(names)}`;
}

/** `prisma.config.ts`: created when the app has no Prisma config. */
export function planPrismaConfig(ctx: PlanContext): PlannedChange {
  const file = ctx.files.prismaConfig;
  if (fs.existsSync(file)) return skip(ctx, file, "the app's own Prisma config");
  const schemaPath = ctx.rel(ctx.files.schema);
  const content = renderTemplate("prisma/prisma.config.ts.hbs", {
    schemaPath,
    migrationsPath: path.posix.join(path.posix.dirname(schemaPath), "migrations"),
    sqlite: ctx.provider === "sqlite",
    sqliteDefaultUrl: SQLITE_DEFAULT_URL,
  });
  return create(ctx, file, content, "where the Prisma CLI finds the schema and the database");
}

/** `<src>/lib/db.ts`: the Prisma client and the `Tx` type the hooks use. */
export function planDb(ctx: PlanContext): PlannedChange {
  const file = ctx.files.db;
  const text = ctx.read(file);
  if (text !== null) {
    const source = parseSource("db.ts", text);
    if (exportsName(source, "prisma") && exportsName(source, "Tx")) {
      return skip(ctx, file, "already exports prisma and Tx");
    }
    return skip(ctx, file, "exists and is yours", [
      `${ctx.rel(file)} must export \`prisma\` (your PrismaClient) and \`type Tx = Prisma.TransactionClient\`: lib/clerk-sync.ts imports both.`,
    ]);
  }
  const content = renderTemplate("lib/db.ts.hbs", {
    sqlite: ctx.provider === "sqlite",
    sqliteDefaultUrl: SQLITE_DEFAULT_URL,
    imports: { prismaClient: ctx.prismaClientImport },
  });
  return create(ctx, file, content, `the Prisma client (${ctx.provider})`);
}

/** `<src>/lib/clerk-sync.ts`: the kit configured with the registry's groups and hooks. */
export function planClerkSync(ctx: PlanContext): PlannedChange {
  const file = ctx.files.clerkSync;
  const text = ctx.read(file);
  if (text !== null) {
    if (text.includes("createClerkSync")) return skip(ctx, file, "already configures the kit");
    return skip(ctx, file, "exists and is yours", [
      `${ctx.rel(file)} does not call createClerkSync: the route imports \`clerkSync\` from it.`,
    ]);
  }
  const content = renderTemplate("lib/clerk-sync.ts.hbs", {
    bullmq: ctx.queue === "bullmq",
    configPath: ctx.configPath,
    imports: { webhooks: ctx.importFrom(file, "webhooks") },
  });
  return create(ctx, file, content, `the kit, configured (${ctx.queue} queue)`);
}

/** One handler file per chosen group: created once, then the app's. */
export function planGroupFiles(ctx: PlanContext): PlannedChange[] {
  return ctx.groups.map((group) => {
    const file = path.join(ctx.files.webhooksDir, `${group}.ts`);
    if (fs.existsSync(file)) return skip(ctx, file, "the app's hooks");
    return create(ctx, file, renderGroupFile(ctx, group), `hooks for ${group} events`);
  });
}

/** Examples in the handler files' comments; other groups get a generic one. */
const HOOK_EXAMPLES: Partial<Record<EventGroup, string>> = {
  user: "await sendWelcomeEmail(data.email_addresses[0]?.email_address, { idempotencyKey: eventId });",
};

export function renderGroupFile(ctx: PlanContext, group: EventGroup): string {
  const file = path.join(ctx.files.webhooksDir, `${group}.ts`);
  const events = EVENT_GROUPS[group].events;
  const models = joinWithAnd(modelNames(prismaModels(group)));
  return renderTemplate("webhooks/group.ts.hbs", {
    imports: { db: ctx.importFrom(file, "lib/db") },
    hooksName: hooksName(group),
    description: `Your side effects for ${group} events (${events.join(", ")}). The kit has already synced the event into ${models}; these run after it, in the same transaction, once per event. \`eventId\` is the delivery's svix-id: pass it as the idempotency key to anything outside the database.`,
    exampleEvent: events[0],
    exampleLine: HOOK_EXAMPLES[group] ?? "await yourSideEffect(data, { idempotencyKey: eventId });",
  });
}

/** `<src>/webhooks/index.ts`: created with the chosen groups, or edited to register them. */
export function planRegistry(ctx: PlanContext): PlannedChange {
  const file = ctx.files.registry;
  const text = ctx.read(file);
  if (text === null) {
    return create(ctx, file, renderRegistry(ctx.groups), `registers ${ctx.groups.join(", ")}`);
  }
  const edit = registerGroups(text, path.basename(file), ctx.groups);
  return {
    kind: edit.changed ? "update" : "skip",
    path: ctx.rel(file),
    ...(edit.changed ? { content: edit.content } : {}),
    reason: edit.notes.join(" "),
    warnings: edit.warnings,
  };
}

export function renderRegistry(groups: readonly EventGroup[]): string {
  const ordered = EVENT_GROUP_NAMES.filter((g) => groups.includes(g));
  return renderTemplate("webhooks/index.ts.hbs", {
    imports: [...ordered]
      .sort((a, b) => (a < b ? -1 : 1))
      .map((g) => ({ name: hooksName(g), from: `./${g}` })),
    groupLiterals: ordered.map((g) => JSON.stringify(g)),
    hookNames: ordered.map(hooksName),
  });
}

/** Env files Next.js loads in development, besides `.env.local`: a key set there is set. */
const OTHER_ENV_FILES = [".env", ".env.development", ".env.development.local"];

/**
 * `.env.example` (every key, no secret: a database URL loses its password) and `.env.local` (the values: Next.js's file for secrets,
 * which its `.gitignore` covers), each key only when missing. A key another env file of the app
 * already sets is not added again; an app whose example already lists every key keeps its own way
 * of providing values (the host's environment…). A warning when git tracks the values file.
 */
export function planEnv(ctx: PlanContext): PlannedChange[] {
  const render = (databaseUrl: string) =>
    renderTemplate("env/env.hbs", {
      sqlite: ctx.provider === "sqlite",
      bullmq: ctx.queue === "bullmq",
      databaseUrl,
      configPath: ctx.configPath,
      webhookPath: ctx.webhookPath,
    });
  const template = render(ctx.databaseUrl);
  // The example is committed: it gets the database URL without its password.
  const example = ctx.read(ctx.files.envExample);
  const exampleMerge = mergeEnv(example, render(withoutPassword(ctx.databaseUrl)));
  const changes = [envChange(ctx, ctx.files.envExample, example, exampleMerge)];

  const file = ctx.files.envLocal;
  const local = ctx.read(file);
  const elsewhere = new Set(
    OTHER_ENV_FILES.flatMap((name) => [...envKeys(ctx.read(path.join(ctx.app.dir, name)) ?? "")]),
  );
  const values =
    local === null && exampleMerge.added.length === 0
      ? skip(ctx, file, "the app's .env.example lists every key already")
      : envChange(ctx, file, local, mergeEnv(local, template, elsewhere));
  const prismaConfig = ctx.read(ctx.files.prismaConfig);
  if (
    values.reason.includes("DATABASE_URL") &&
    prismaConfig !== null &&
    !prismaConfig.includes(".env.local")
  ) {
    values.warnings.push(
      `${ctx.rel(ctx.files.prismaConfig)} does not load .env.local: set DATABASE_URL where the Prisma CLI reads it (your shell, or the file your config loads) before \`prisma migrate\`.`,
    );
  }
  if ((local !== null || values.kind !== "skip") && isTracked(file)) {
    values.warnings.push(
      `git tracks ${ctx.rel(file)}: its secrets would be committed. Untrack it (git rm --cached ${ctx.rel(file)}) and keep it ignored.`,
    );
  }
  changes.push(values);
  return changes;
}

/**
 * `.gitignore`: lines for what must never be committed and the app does not ignore yet — the
 * env file with the secrets, the generated Prisma client, the SQLite database and its journals.
 * Each is checked against the app's ignore rules (every `.gitignore` up to the repository root),
 * so a monorepo that ignores them at its root gets nothing.
 */
export function planGitignore(ctx: PlanContext, changes: readonly PlannedChange[]): PlannedChange {
  const file = ctx.files.gitignore;
  const needed: [line: string, path: string, dir: boolean][] = [
    [".env*.local", ".env.local", false],
  ];
  const client = generatedClientDir(ctx, changes);
  if (client) needed.push([`/${client}/`, client, true]);
  const sqlite = sqliteFile(ctx);
  if (sqlite) needed.push([`/${sqlite}*`, sqlite, false]);
  const missing = needed.filter(([, target, dir]) => !ctx.ignores.ignores(target, dir));
  if (missing.length === 0)
    return skip(ctx, file, "already ignores the secrets, the client and the database");
  const text = ctx.read(file);
  const block = [
    "# clerk-sync: secrets, the generated Prisma client and the SQLite database stay out of git",
    ...missing.map(([line]) => line),
  ].join("\n");
  const base = text === null || text.trim() === "" ? "" : `${text.replace(/\n*$/, "")}\n\n`;
  return {
    kind: text === null ? "create" : "update",
    path: ctx.rel(file),
    content: `${base}${block}\n`,
    reason: `ignores ${joinWithAnd(missing.map(([line]) => line))}`,
    warnings: [],
  };
}

/** The generated Prisma client's folder inside the app (relative), when the schema writes one there. */
function generatedClientDir(
  ctx: PlanContext,
  changes: readonly PlannedChange[],
): string | undefined {
  if (ctx.prismaClientImport === "@prisma/client") return undefined;
  const schema =
    changes.find((c) => c.path === ctx.rel(ctx.files.schema))?.content ??
    ctx.read(ctx.files.schema);
  const generator = schema
    ? parseSchemaBlocks(schema).find(
        (b) => b.kind === "generator" && b.settings.provider === "prisma-client",
      )
    : undefined;
  const output = generator?.settings.output
    ? path.resolve(path.dirname(ctx.files.schema), generator.settings.output)
    : path.join(ctx.app.srcDir, "generated", "prisma");
  const relative = ctx.rel(output);
  return relative.startsWith("..") ? undefined : relative;
}

/** The SQLite database file inside the app (relative), from DATABASE_URL as the kit writes it. */
function sqliteFile(ctx: PlanContext): string | undefined {
  if (ctx.provider !== "sqlite") return undefined;
  const url = /^file:(.+)$/.exec(ctx.databaseUrl)?.[1];
  if (!url) return undefined;
  const relative = ctx.rel(path.resolve(ctx.app.dir, url));
  return relative.startsWith("..") ? undefined : relative;
}

function envChange(
  ctx: PlanContext,
  file: string,
  before: string | null,
  merged: { content: string; added: string[] },
): PlannedChange {
  if (merged.added.length === 0) return skip(ctx, file, "has every key");
  return {
    kind: before === null ? "create" : "update",
    path: ctx.rel(file),
    content: merged.content,
    reason: `added ${joinWithAnd(merged.added)}`,
    warnings: [],
  };
}

/** The app's dependencies for its choices, as [name, devDependency?]. */
export function requiredDependencies(ctx: PlanContext): [PinnedDependency, boolean][] {
  const sqlite = ctx.provider === "sqlite";
  const deps: [PinnedDependency, boolean][] = [
    ["@acme/clerk-sync", false],
    // Only for an app the caller sets Clerk up in (the create scaffold); any other has Clerk.
    ...(ctx.app.clerk ? [] : [["@clerk/nextjs", false] as [PinnedDependency, boolean]]),
    ["@prisma/client", false],
    [sqlite ? "@prisma/adapter-better-sqlite3" : "@prisma/adapter-pg", false],
    [sqlite ? "better-sqlite3" : "pg", false],
    ["prisma", true],
    [sqlite ? "@types/better-sqlite3" : "@types/pg", true],
  ];
  if (ctx.queue === "bullmq") deps.push(["bullmq", false], ["ioredis", false]);
  return deps;
}

/**
 * pnpm-workspace.yaml (the app's, or its workspace's): allow or deny the build scripts of the
 * dependencies the generator adds, since pnpm refuses to install while one is undecided.
 */
export function planPnpmWorkspace(ctx: PlanContext): PlannedChange | undefined {
  if (ctx.app.packageManager !== "pnpm") return undefined;
  // A single pnpm project keeps these settings in a pnpm-workspace.yaml of its own.
  const file = path.join(ctx.app.workspaceRoot ?? ctx.app.dir, "pnpm-workspace.yaml");
  const wanted: Record<string, boolean> = { prisma: false, "@prisma/engines": false };
  // The SQLite driver is native: without its build there is no database.
  if (ctx.provider === "sqlite") wanted["better-sqlite3"] = true;
  if (ctx.queue === "bullmq") wanted["msgpackr-extract"] = false;
  const { content, added } = allowBuilds(ctx.read(file) ?? "", wanted);
  if (added.length === 0) return skip(ctx, file, "decides every build script already");
  return {
    kind: fs.existsSync(file) ? "update" : "create",
    path: ctx.rel(file),
    content,
    reason: `allowBuilds: ${added.map((name) => `${name}: ${wanted[name]}`).join(", ")}`,
    warnings: [],
  };
}

/** package.json: the dependencies the wiring imports, added when missing. Installs nothing. */
export function planPackageJson(ctx: PlanContext): PlannedChange {
  const file = ctx.files.packageJson;
  const text = ctx.read(file) ?? "{}";
  const json = structuredClone(ctx.app.packageJson) as Record<string, unknown>;
  const has = (name: string) =>
    ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].some((field) =>
      Object.hasOwn((json[field] as Record<string, string> | undefined) ?? {}, name),
    );
  const missing = requiredDependencies(ctx).filter(([name]) => !has(name));
  if (missing.length === 0) return skip(ctx, file, "has every dependency");

  for (const [name, dev] of missing) {
    const field = dev ? "devDependencies" : "dependencies";
    const current = (json[field] as Record<string, string> | undefined) ?? {};
    const sorted = isSorted(Object.keys(current));
    const next = { ...current, [name]: versionFor(ctx, name) };
    json[field] = sorted ? Object.fromEntries(Object.entries(next).sort(byKey)) : next;
  }
  const indent = /^\{\n([ \t]+)/.exec(text)?.[1] ?? "  ";
  const content = `${JSON.stringify(json, null, indent)}\n`;
  return {
    kind: "update",
    path: ctx.rel(file),
    content,
    reason: `added ${joinWithAnd(missing.map(([name]) => name))} (not installed)`,
    warnings: [],
  };
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

function isSorted(keys: string[]): boolean {
  return keys.every((k, i) => i === 0 || (keys[i - 1] as string) <= k);
}

/** The options' version, else `workspace:*`/`catalog:` inside a pnpm workspace that has it, else the pin. */
function versionFor(ctx: PlanContext, name: PinnedDependency): string {
  const given = ctx.versions[name];
  if (given) return given;
  const root = ctx.app.workspaceRoot;
  if (root) {
    if (workspacePackageNames(root).has(name)) return "workspace:*";
    if (readCatalog(root).has(name)) return "catalog:";
  }
  return pinnedVersion(name);
}

/** Package names of a pnpm workspace, for the `dir/*` and `dir` patterns it lists. */
function workspacePackageNames(root: string): Set<string> {
  const names = new Set<string>();
  const text = fs.readFileSync(path.join(root, "pnpm-workspace.yaml"), "utf8");
  const section = /^packages:\s*\n((?:\s+-.*\n?)+)/m.exec(text)?.[1] ?? "";
  for (const match of section.matchAll(/-\s*["']?([^"'\n]+?)["']?\s*$/gm)) {
    const pattern = (match[1] as string).trim();
    if (pattern.startsWith("!")) continue;
    const dirs = pattern.endsWith("/*")
      ? listDirs(path.join(root, pattern.slice(0, -2)))
      : [path.join(root, pattern)];
    for (const dir of dirs) {
      const pkg = path.join(dir, "package.json");
      if (!fs.existsSync(pkg)) continue;
      const { name } = JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string };
      if (name) names.add(name);
    }
  }
  return names;
}

function listDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(dir, e.name));
}
