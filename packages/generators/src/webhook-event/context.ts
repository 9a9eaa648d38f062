import fs from "node:fs";
import path from "node:path";
import type { EventGroup } from "@acme/clerk-sync/catalog";
import { IgnoreRules } from "../app/git";
import { type AppInfo, appRelative, importPath, inspectApp } from "../app/inspect";
import {
  type ClerkWebhookRoute,
  findClerkWebhookRoutes,
  isValidWebhookPath,
} from "../app/webhook-routes";
import { WEBHOOK_PATH } from "../edits/path-patterns";
import { parseSource } from "../edits/source";
import { GeneratorError } from "../errors";
import { Node } from "../load/lazy";
import { parseSchemaBlocks } from "../prisma/blocks";
import type { DatabaseProvider } from "../prisma/schema";
import {
  checkExistingRoute,
  checkProvider,
  checkQueue,
  type ExistingRouteChoice,
  type QueueKind,
  resolveGroups,
  type WebhookEventOptions,
} from "./options";

/** Where the SQLite database lives when DATABASE_URL is unset, relative to the app directory. */
export const SQLITE_DEFAULT_URL = "file:./prisma/dev.db";

/** Everything the steps share: the app, the resolved choices, and where each file goes. */
export interface PlanContext {
  app: AppInfo;
  groups: EventGroup[];
  provider: DatabaseProvider;
  queue: QueueKind;
  databaseUrl: string;
  versions: Readonly<Record<string, string>>;
  /** The path Clerk posts to: `/api/webhooks`, or the existing route's when it is replaced. */
  webhookPath: string;
  /** The `@clerk/nextjs` major the app runs (5: `auth().protect()`). */
  clerkMajor: number;
  /** Routes of the app's own that already receive Clerk's webhooks, and what to do with them. */
  existingRoutes: ClerkWebhookRoute[];
  existingRoute: ExistingRouteChoice | undefined;
  /** What git ignores in the app (its `.gitignore` files, read without git). */
  ignores: IgnoreRules;
  files: {
    route: string;
    proxy: string;
    instrumentation: string;
    nextConfig: string | null;
    gitignore: string;
    db: string;
    clerkSync: string;
    webhooksDir: string;
    registry: string;
    schema: string;
    prismaConfig: string;
    env: string;
    envLocal: string;
    envExample: string;
    packageJson: string;
  };
  /** The module `lib/db.ts` imports `PrismaClient` and `Prisma` from. */
  prismaClientImport: string;
  /** How `clerk-sync worker --config` names `lib/clerk-sync.ts`, from the app directory. */
  configPath: string;
  /** The file's text, or null when it does not exist. */
  read(file: string): string | null;
  /** A path relative to the app directory. */
  rel(file: string): string;
  /** How `fromFile` imports the `<src>` module `srcModule` (alias or relative). */
  importFrom(fromFile: string, srcModule: string): string;
}

/** Preflight and resolve every choice; throws a GeneratorError before anything is planned. */
export function createContext(options: WebhookEventOptions): PlanContext {
  const appDir = path.resolve(options.cwd ?? process.cwd(), options.appDir);
  const addedClerk = options.versions?.["@clerk/nextjs"];
  const app = inspectApp(appDir, {
    ...(options.nextMajor === undefined ? {} : { nextMajor: options.nextMajor }),
    addsClerk: addedClerk !== undefined,
  });
  const groups = resolveGroups(options.groups);
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null);
  const src = (...parts: string[]) => path.join(app.srcDir, ...parts);

  const prismaConfig = findPrismaConfig(app.dir);
  const schema = findSchema(app, prismaConfig, read);
  const schemaText = read(schema);
  const provider = resolveProvider(options.provider ?? "auto", schemaText, app.dir, schema);
  const clerkSync = src("lib", "clerk-sync.ts");
  const queue = resolveQueue(options.queue ?? "auto", read(clerkSync));

  const routes = findClerkWebhookRoutes(src("app"));
  const existingRoute =
    options.existingRoute === undefined ? undefined : checkExistingRoute(options.existingRoute);
  // An app the kit already receives in has decided about its other routes: they stay.
  const wired = routes.kit.length > 0;
  const existingRoutes = wired ? [] : routes.own;
  const { webhookPath, route } = chooseRoute(
    app,
    options.webhookPath ?? (wired ? routes.kit[0]?.urlPath : undefined),
    existingRoutes,
    existingRoute,
  );

  const files = {
    route,
    proxy: app.proxyFile ?? src(app.nextMajor >= 16 ? "proxy.ts" : "middleware.ts"),
    instrumentation: findCodeFile(app.srcDir, "instrumentation") ?? src("instrumentation.ts"),
    nextConfig: findCodeFile(app.dir, "next.config"),
    gitignore: path.join(app.dir, ".gitignore"),
    db: src("lib", "db.ts"),
    clerkSync,
    webhooksDir: src("webhooks"),
    registry: src("webhooks", "index.ts"),
    schema,
    prismaConfig,
    env: path.join(app.dir, ".env"),
    envLocal: path.join(app.dir, ".env.local"),
    envExample: path.join(app.dir, ".env.example"),
    packageJson: path.join(app.dir, "package.json"),
  };
  const context: PlanContext = {
    app,
    groups,
    provider,
    queue,
    databaseUrl: options.databaseUrl ?? defaultDatabaseUrl(provider, app),
    versions: options.versions ?? {},
    webhookPath,
    clerkMajor: app.clerk?.major ?? majorOf(addedClerk) ?? 7,
    existingRoutes,
    existingRoute,
    ignores: new IgnoreRules(app.dir, app.workspaceRoot),
    files,
    prismaClientImport: "",
    configPath: appRelative(app, clerkSync),
    read,
    rel: (file) => appRelative(app, file),
    importFrom: (fromFile, srcModule) => importPath(app, fromFile, srcModule),
  };
  context.prismaClientImport = clientImport(context, schemaText);
  return context;
}

/**
 * Where the kit's route goes. An app that already receives Clerk's webhooks in a route of its own
 * must say what to do with it (`existingRoute`): `replace` puts the kit's route in that file, at
 * that path (the Clerk Dashboard endpoint stays); `keep` adds the kit's at `webhookPath`.
 */
function chooseRoute(
  app: AppInfo,
  asked: string | undefined,
  existing: ClerkWebhookRoute[],
  choice: ExistingRouteChoice | undefined,
): { webhookPath: string; route: string } {
  const routeAt = (urlPath: string) =>
    path.join(app.srcDir, "app", ...urlPath.split("/").filter(Boolean), "route.ts");
  if (asked !== undefined && !isValidWebhookPath(asked)) {
    throw new GeneratorError("INVALID_WEBHOOK_PATH", `"${asked}" is not a webhook path.`, {
      suggestion: 'Give an absolute path of plain segments, such as "/api/webhooks".',
      flags: ["webhookPath"],
    });
  }
  if (existing.length > 0 && choice === undefined) {
    const list = existing
      .map((r) => `${r.urlPath} (${appRelative(app, r.file)}, ${r.verifier})`)
      .join(", ");
    throw new GeneratorError(
      "EXISTING_WEBHOOK_ROUTE",
      `The app already receives Clerk webhooks at ${list}.`,
      {
        suggestion: `Choose --existingRoute replace (the kit's route takes over ${existing[0]?.urlPath}: your Clerk Dashboard endpoint stays; move the route's side effects into the generated hooks) or --existingRoute keep (the kit's route goes to ${asked ?? WEBHOOK_PATH}, or --webhookPath; point the endpoint there).`,
        flags: ["existingRoute"],
      },
    );
  }
  if (choice === "replace" && existing.length > 0) {
    const target =
      existing.find((r) => r.urlPath === asked) ??
      (existing.length === 1 ? existing[0] : undefined);
    if (!target) {
      throw new GeneratorError(
        "EXISTING_WEBHOOK_ROUTE",
        `Several routes receive Clerk webhooks: ${existing.map((r) => r.urlPath).join(", ")}.`,
        {
          suggestion: "Say which one the kit replaces with --webhookPath <its path>.",
          flags: ["webhookPath"],
        },
      );
    }
    return { webhookPath: target.urlPath, route: target.file };
  }
  const webhookPath = asked ?? WEBHOOK_PATH;
  const base = routeAt(webhookPath);
  const route =
    CODE_FILE_EXTENSIONS.map((ext) => base.replace(/\.ts$/, ext)).find((f) => fs.existsSync(f)) ??
    base;
  return { webhookPath, route };
}

const CODE_FILE_EXTENSIONS = [".ts", ".js", ".tsx", ".jsx", ".mts", ".mjs"];

/** `<dir>/<base>.ts` (or .js, .mjs…) when it exists. */
function findCodeFile(dir: string, base: string): string | null {
  for (const ext of [...CODE_FILE_EXTENSIONS, ".cjs", ".cts"]) {
    const file = path.join(dir, base + ext);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

function majorOf(spec: string | undefined): number | undefined {
  const match = spec ? /(\d+)/.exec(spec) : null;
  return match ? Number(match[1]) : undefined;
}

/** `prisma.config.ts` (or another extension Prisma reads) in the app directory. */
function findPrismaConfig(dir: string): string {
  for (const ext of [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"]) {
    const file = path.join(dir, `prisma.config${ext}`);
    if (fs.existsSync(file)) return file;
  }
  return path.join(dir, "prisma.config.ts");
}

/** The schema the app's Prisma config names, else package.json's `prisma.schema`, else the default. */
function findSchema(
  app: AppInfo,
  prismaConfig: string,
  read: (file: string) => string | null,
): string {
  const config = read(prismaConfig);
  if (config) {
    const file = parseSource(path.basename(prismaConfig), config);
    for (const property of file.getDescendants().filter(Node.isPropertyAssignment)) {
      const value = property.getInitializer();
      if (property.getName() === "schema" && Node.isStringLiteral(value)) {
        return path.resolve(app.dir, value.getLiteralValue());
      }
    }
  }
  if (app.packageJson.prisma?.schema) return path.resolve(app.dir, app.packageJson.prisma.schema);
  return path.join(app.dir, "prisma", "schema.prisma");
}

function resolveProvider(
  asked: string,
  schemaText: string | null,
  appDir: string,
  schema: string,
): DatabaseProvider {
  const wanted = checkProvider(asked);
  const datasource = schemaText
    ? parseSchemaBlocks(schemaText).find((b) => b.kind === "datasource")
    : undefined;
  const existing = datasource?.settings.provider;
  if (!existing) return wanted === "auto" ? "sqlite" : wanted;
  const where = path.relative(appDir, schema);
  if (existing !== "sqlite" && existing !== "postgresql") {
    throw new GeneratorError(
      "UNKNOWN_PROVIDER",
      `${where} uses the "${existing}" provider; the kit's models are for sqlite and postgresql.`,
      { suggestion: "Run the generator on an app whose database is SQLite or PostgreSQL." },
    );
  }
  if (wanted !== "auto" && wanted !== existing) {
    throw new GeneratorError(
      "PROVIDER_MISMATCH",
      `You chose ${wanted}, but ${where} uses ${existing}.`,
      { suggestion: `Choose ${existing} (or "auto"): the models go into the existing schema.` },
    );
  }
  return existing;
}

function resolveQueue(asked: string, clerkSyncText: string | null): QueueKind {
  const wanted = checkQueue(asked);
  if (wanted !== "auto") return wanted;
  return clerkSyncText?.includes("bullmqQueue(") ? "bullmq" : "inline";
}

function defaultDatabaseUrl(provider: DatabaseProvider, app: AppInfo): string {
  if (provider === "sqlite") return SQLITE_DEFAULT_URL;
  const name = (app.packageJson.name ?? path.basename(app.dir)).replace(/\W+/g, "_");
  return `postgresql://postgres@localhost:5432/${name}`;
}

/**
 * Where `lib/db.ts` gets the client: the output of the schema's `prisma-client` generator (the
 * one the generator writes: `<src>/generated/prisma`), or `@prisma/client` for the old one.
 */
function clientImport(context: PlanContext, schemaText: string | null): string {
  const { app, files } = context;
  const generator = schemaText
    ? parseSchemaBlocks(schemaText).find(
        (b) => b.kind === "generator" && b.settings.provider?.startsWith("prisma-client"),
      )
    : undefined;
  if (generator?.settings.provider === "prisma-client-js") return "@prisma/client";
  const output = generator?.settings.output
    ? path.resolve(path.dirname(files.schema), generator.settings.output)
    : path.join(app.srcDir, "generated", "prisma");
  const client = path.join(output, "client");
  const insideSrc = !path.relative(app.srcDir, client).startsWith("..");
  if (insideSrc) {
    return context.importFrom(
      files.db,
      path.relative(app.srcDir, client).split(path.sep).join("/"),
    );
  }
  const relative = path.relative(path.dirname(files.db), client).split(path.sep).join("/");
  return relative.startsWith(".") ? relative : `./${relative}`;
}

/** Where a new schema's generator writes the client, relative to the schema. */
export function clientOutputForNewSchema(context: PlanContext): string {
  const output = path.join(context.app.srcDir, "generated", "prisma");
  return path.relative(path.dirname(context.files.schema), output).split(path.sep).join("/");
}
