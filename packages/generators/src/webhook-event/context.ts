import fs from "node:fs";
import path from "node:path";
import type { EventGroup } from "@acme/clerk-sync";
import { Node } from "ts-morph";
import { type AppInfo, appRelative, importPath, inspectApp } from "../app/inspect.js";
import { parseSource } from "../edits/source.js";
import { GeneratorError } from "../errors.js";
import { parseSchemaBlocks } from "../prisma/blocks.js";
import type { DatabaseProvider } from "../prisma/schema.js";
import {
  checkProvider,
  checkQueue,
  type QueueKind,
  resolveGroups,
  type WebhookEventOptions,
} from "./options.js";

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
  files: {
    route: string;
    proxy: string;
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
  const app = inspectApp(
    appDir,
    options.nextMajor === undefined ? {} : { nextMajor: options.nextMajor },
  );
  const groups = resolveGroups(options.groups);
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null);
  const src = (...parts: string[]) => path.join(app.srcDir, ...parts);

  const prismaConfig = findPrismaConfig(app.dir);
  const schema = findSchema(app, prismaConfig, read);
  const schemaText = read(schema);
  const provider = resolveProvider(options.provider ?? "auto", schemaText, app.dir, schema);
  const clerkSync = src("lib", "clerk-sync.ts");
  const queue = resolveQueue(options.queue ?? "auto", read(clerkSync));

  const files = {
    route: src("app", "api", "webhooks", "route.ts"),
    proxy: app.proxyFile ?? src(app.nextMajor >= 16 ? "proxy.ts" : "middleware.ts"),
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
