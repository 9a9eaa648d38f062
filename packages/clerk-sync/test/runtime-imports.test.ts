import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };

// What an app's server bundle takes in when it imports the kit's runtime: every module reached
// from an entry by imports that stay at run time (type-only imports are erased). The tooling
// (the CLI, doctor, the fake Backend API) and the sample events must stay out of it.
const SRC = path.resolve(import.meta.dirname, "../src");
/** Every entry but the tooling's own: a new entry is held to this unless it is listed here. */
const TOOLING_ENTRIES = ["./samples", "./testing", "./fake-api", "./package.json"];
const RUNTIME_ENTRIES = Object.keys(packageJson.exports).filter(
  (e) => !TOOLING_ENTRIES.includes(e),
);
const TOOLING = ["cli/", "doctor/", "fake-api/", "samples/", "testing/"];
const TOOLING_PACKAGES = ["jiti"];

function sourceOf(subpath: string): string {
  const target = (packageJson.exports as unknown as Record<string, { default: string }>)[subpath]
    ?.default;
  if (!target) throw new Error(`${subpath} is not in the exports map`);
  return path.join(SRC, target.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts"));
}

/** The specifiers a module imports at run time: static, re-exported and dynamic. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const typeOnly =
        clause?.isTypeOnly === true ||
        (clause !== undefined &&
          clause.name === undefined &&
          bindings !== undefined &&
          ts.isNamedImports(bindings) &&
          bindings.elements.length > 0 &&
          bindings.elements.every((element) => element.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        (clause !== undefined &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((element) => element.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every module of the kit reached from `entry`, and every package it imports. */
function reach(entry: string): { modules: Map<string, string>; packages: Map<string, string> } {
  const modules = new Map<string, string>([[path.relative(SRC, entry), "(entry)"]]);
  const packages = new Map<string, string>();
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    const from = path.relative(SRC, file);
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith(".")) {
        if (!packages.has(specifier)) packages.set(specifier, from);
        continue;
      }
      const target = path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".ts"));
      const relative = path.relative(SRC, target);
      if (modules.has(relative)) continue;
      modules.set(relative, from);
      queue.push(target);
    }
  }
  return { modules, packages };
}

describe("the runtime entries", () => {
  it.each(RUNTIME_ENTRIES)("%s reaches no CLI, doctor, fake API or sample code", (subpath) => {
    const { modules, packages } = reach(sourceOf(subpath));
    expect(modules.size).toBeGreaterThan(0);
    const tooling = [...modules]
      .filter(([module]) => TOOLING.some((folder) => module.startsWith(folder)))
      .map(([module, from]) => `${module} (imported by ${from})`);
    const toolingPackages = [...packages]
      .filter(([name]) => TOOLING_PACKAGES.some((p) => name === p || name.startsWith(`${p}/`)))
      .map(([name, from]) => `${name} (imported by ${from})`);
    expect(tooling).toEqual([]);
    expect(toolingPackages).toEqual([]);
  });

  it("the walk follows imports: the CLI's entry does reach the tooling", () => {
    const { modules, packages } = reach(path.join(SRC, "cli/main.ts"));
    expect([...modules.keys()].some((m) => m.startsWith("doctor/"))).toBe(true);
    expect([...modules.keys()].some((m) => m.startsWith("samples/"))).toBe(true);
    expect(packages.has("jiti")).toBe(true);
  });
});
