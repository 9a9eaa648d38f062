import { EVENT_GROUP_NAMES, type EventGroup } from "@acme/clerk-sync/catalog";
import type { ArrayLiteralExpression, SourceFile } from "ts-morph";
import { Node } from "../load/lazy";
import { LINE_WIDTH } from "../render/layout";
import type { EditResult } from "./proxy";
import {
  type CodeStyle,
  detectStyle,
  insertArrayElement,
  parseSource,
  quoted,
  statement,
} from "./source";

/** `userHooks` for `user`: the name a group's handler file exports. */
export function hooksName(group: EventGroup): string {
  return `${group}Hooks`;
}

const GROUP_BY_HOOKS = new Map(EVENT_GROUP_NAMES.map((g) => [hooksName(g), g]));

/**
 * Register groups in an existing `webhooks/index.ts`: for each group, the import of its hooks,
 * its name in `syncedGroups` and its hooks in `hooks`, each only when missing. New entries go
 * where the catalog order puts them; imports stay sorted.
 *
 * @example registerGroups(fs.readFileSync("src/webhooks/index.ts", "utf8"), "index.ts", ["role"])
 */
export function registerGroups(
  text: string,
  fileName: string,
  groups: readonly EventGroup[],
): EditResult {
  const file = parseSource(fileName, text);
  const style = detectStyle(text);
  const notes: string[] = [];
  const warnings: string[] = [];

  const synced = arrayOf(file, "syncedGroups");
  const hooks = arrayOf(file, "hooks");
  if (!synced || !hooks) {
    warnings.push(
      `${fileName} has no \`syncedGroups\`/\`hooks\` array literals: register ${groups.join(", ")} there yourself.`,
    );
    return { changed: false, content: text, notes, warnings };
  }

  const syncedNames = synced
    .getElements()
    .filter(Node.isStringLiteral)
    .map((e) => e.getLiteralValue());
  const hookNames = hooks.getElements().map((e) => e.getText());
  const importedNames = new Set(
    file.getImportDeclarations().flatMap((d) => d.getNamedImports().map((n) => n.getName())),
  );

  const addGroups = groups.filter((g) => !syncedNames.includes(g));
  const addHooks = groups.filter((g) => !hookNames.includes(hooksName(g)));
  const addImports = groups.filter((g) => !importedNames.has(hooksName(g)));
  if (addGroups.length + addHooks.length + addImports.length === 0) {
    notes.push(`${groups.join(", ")} already registered.`);
    return { changed: false, content: text, notes, warnings };
  }

  for (const group of addImports) addImport(file, group, style);
  insertInCatalogOrder(
    () => arrayOf(file, "syncedGroups") as ArrayLiteralExpression,
    addGroups,
    (g) => quoted(g, style),
    (text) => text.slice(1, -1),
  );
  insertInCatalogOrder(
    () => arrayOf(file, "hooks") as ArrayLiteralExpression,
    addHooks,
    hooksName,
    (text) => GROUP_BY_HOOKS.get(text) ?? text,
  );

  notes.push(`registered ${[...new Set([...addGroups, ...addHooks, ...addImports])].join(", ")}.`);
  return { changed: true, content: file.getFullText(), notes, warnings };
}

/** The catalog groups a registry's `syncedGroups` lists, in catalog order. */
export function syncedGroupsOf(text: string): EventGroup[] {
  const listed = new Set(
    arrayOf(parseSource("index.ts", text), "syncedGroups")
      ?.getElements()
      .filter(Node.isStringLiteral)
      .map((e) => e.getLiteralValue()),
  );
  return EVENT_GROUP_NAMES.filter((g) => listed.has(g));
}

/** The array literal a top-level `const name = [...] as const satisfies …` is made of. */
function arrayOf(file: SourceFile, name: string): ArrayLiteralExpression | undefined {
  let node: Node | undefined = file.getVariableDeclaration(name)?.getInitializer();
  while (
    node &&
    (Node.isAsExpression(node) ||
      Node.isSatisfiesExpression(node) ||
      Node.isParenthesizedExpression(node))
  ) {
    node = node.getExpression();
  }
  return Node.isArrayLiteralExpression(node) ? node : undefined;
}

function addImport(file: SourceFile, group: EventGroup, style: CodeStyle): void {
  const specifier = `./${group}`;
  const code = statement(`import { ${hooksName(group)} } from ${quoted(specifier, style)};`, style);
  const imports = file.getImportDeclarations();
  const before = imports.find(
    (d) => d.getModuleSpecifierValue().startsWith(".") && d.getModuleSpecifierValue() > specifier,
  );
  if (before) {
    file.insertText(before.getStart(), `${code}\n`);
    return;
  }
  const last = imports.at(-1);
  if (last) file.insertText(last.getEnd(), `\n${code}`);
  else file.insertText(0, `${code}\n`);
}

/**
 * Insert `add` into the array, each before the first element that comes later in the catalog.
 * A one-line array is laid out again (on one line if it fits, else one element per line); a
 * multi-line one gets lines of its own, keeping its comments.
 */
function insertInCatalogOrder(
  array: () => ArrayLiteralExpression,
  add: readonly EventGroup[],
  render: (group: EventGroup) => string,
  groupOf: (elementText: string) => string,
): void {
  if (add.length === 0) return;
  const rank = (name: string) => {
    const index = EVENT_GROUP_NAMES.indexOf(name as EventGroup);
    return index === -1 ? Number.POSITIVE_INFINITY : index;
  };
  const elements = array()
    .getElements()
    .map((e) => e.getText());
  const groups = elements.map(groupOf);
  const known = (g: string) => rank(g) !== Number.POSITIVE_INFINITY;
  for (const group of add) {
    // Before the first kit entry that comes later; else right after the last kit entry.
    const later = groups.findIndex((g) => known(g) && rank(g) > rank(group));
    const lastKnown = groups.findLastIndex(known);
    const index = later !== -1 ? later : lastKnown !== -1 ? lastKnown + 1 : groups.length;
    groups.splice(index, 0, group);
    elements.splice(index, 0, render(group));
  }

  if (array().getText().includes("\n")) {
    // Ascending final positions: everything before each insertion point is already in place.
    const ordered = [...add].sort((a, b) => groups.indexOf(a) - groups.indexOf(b));
    for (const group of ordered) insertArrayElement(array(), groups.indexOf(group), render(group));
    return;
  }
  const node = array();
  const statementNode = node.getFirstAncestor((a) => Node.isVariableStatement(a)) ?? node;
  const indent = statementNode.getIndentationText();
  const oneLine = `[${elements.join(", ")}]`;
  const firstLine = (statementNode.getText().split("\n")[0] ?? "").replace(node.getText(), oneLine);
  if (indent.length + firstLine.length <= LINE_WIDTH) {
    node.replaceWithText(oneLine);
  } else {
    node.replaceWithText(`[\n${elements.map((e) => `${indent}  ${e},`).join("\n")}\n${indent}]`);
  }
}
