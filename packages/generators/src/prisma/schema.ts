import fs from "node:fs";
import path from "node:path";
import { EVENT_GROUP_NAMES, type EventGroup } from "@acme/clerk-sync/catalog";
import { renderTemplate } from "../render/template";
import { TEMPLATES_DIR } from "../templates-dir";

export type DatabaseProvider = "sqlite" | "postgresql";

const MODELS_DIR = path.join(TEMPLATES_DIR, "prisma", "models");

/** The Prisma models of one group (or of the ledger), as they go into a schema. */
export function prismaModels(unit: EventGroup | "ledger"): string {
  return fs.readFileSync(path.join(MODELS_DIR, `${unit}.prisma`), "utf8").trimEnd();
}

/** The kit's models for `groups`, the ledger first, the groups in catalog order. */
export function prismaModelsFor(groups: readonly EventGroup[]): string[] {
  const chosen = new Set(groups);
  return [
    prismaModels("ledger"),
    ...EVENT_GROUP_NAMES.filter((g) => chosen.has(g)).map((g) => prismaModels(g)),
  ];
}

/** A whole schema: generator, datasource, the ledger and the chosen groups' models. */
export function renderPrismaSchema(options: {
  provider: DatabaseProvider;
  groups: readonly EventGroup[];
  /** Where `prisma generate` writes the client, relative to the schema. */
  output: string;
  /** Extra model text appended at the end (tests). */
  extra?: string;
}): string {
  const header = renderTemplate("prisma/schema.prisma.hbs", options).trimEnd();
  const parts = [header, ...prismaModelsFor(options.groups)];
  if (options.extra) parts.push(options.extra.trimEnd());
  return `${parts.join("\n\n")}\n`;
}
