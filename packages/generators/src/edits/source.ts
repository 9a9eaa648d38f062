import type { ArrayLiteralExpression, Project, SourceFile } from "ts-morph";
import { Node, tsMorph } from "../load/lazy";

/** How an existing file writes code, so that what we add looks like the rest of it. */
export interface CodeStyle {
  quote: '"' | "'";
  semicolons: boolean;
  indent: string;
}

/** One in-memory project for every parse: creating one per file costs more than the parse. */
let project: Project | undefined;
let parses = 0;

/**
 * Parse `text` as `fileName` in an in-memory project (no disk, no type checker). The file is
 * valid until the next call: edits are made and read back one file at a time.
 */
export function parseSource(fileName: string, text: string): SourceFile {
  const style = detectStyle(text);
  const { IndentationText, Project, QuoteKind } = tsMorph();
  project ??= new Project({ useInMemoryFileSystem: true });
  for (const file of project.getSourceFiles()) project.removeSourceFile(file);
  project.manipulationSettings.set({
    quoteKind: style.quote === "'" ? QuoteKind.Single : QuoteKind.Double,
    indentationText: style.indent === "\t" ? IndentationText.Tab : IndentationText.TwoSpaces,
    useTrailingCommas: true,
  });
  // A fresh path each time: ts-morph keeps state about a path it has seen before.
  parses += 1;
  return project.createSourceFile(`/${parses}/${fileName}`, text);
}

/** Whether a module exports `name` (a declaration or an export list entry), read syntactically. */
export function exportsName(file: SourceFile, name: string): boolean {
  for (const statement of file.getStatements()) {
    if (Node.isExportDeclaration(statement)) {
      if (
        statement
          .getNamedExports()
          .some((e) => (e.getAliasNode() ?? e.getNameNode()).getText() === name)
      ) {
        return true;
      }
      continue;
    }
    // Syntactic: isExported() asks the type checker, which loads the whole standard library.
    if (!Node.isExportable(statement) || !statement.hasExportKeyword()) continue;
    if (Node.isVariableStatement(statement)) {
      if (statement.getDeclarations().some((d) => d.getName() === name)) return true;
    } else if (Node.hasName(statement) && statement.getName() === name) {
      return true;
    }
  }
  return false;
}

/** The style of the first import (quotes, semicolon) and the first indented line. */
export function detectStyle(text: string): CodeStyle {
  const importLine = /^import[^\n]*?(["'])[^"'\n]+\1(;?)\s*$/m.exec(text);
  const indented = /^([ \t]+)\S/m.exec(text);
  return {
    quote: importLine?.[1] === "'" ? "'" : '"',
    semicolons: importLine ? importLine[2] === ";" : true,
    indent: indented?.[1]?.startsWith("\t") ? "\t" : "  ",
  };
}

/** A string literal in the file's quotes. */
export function quoted(value: string, style: CodeStyle): string {
  const json = JSON.stringify(value);
  if (style.quote === '"') return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A statement with or without its semicolon, as the file writes them. */
export function statement(code: string, style: CodeStyle): string {
  return style.semicolons ? code : code.replace(/;$/, "");
}

/**
 * Insert `text` as element `index` of an array literal, laid out like its neighbours: in line
 * for a one-line array, on a line of its own (keeping a trailing comma convention) otherwise.
 * The array's node is stale afterwards: look it up again.
 */
export function insertArrayElement(
  array: ArrayLiteralExpression,
  index: number,
  text: string,
): void {
  const file = array.getSourceFile();
  const elements = array.getElements();
  const multiline = array.getText().includes("\n");
  const next = elements[index];
  const last = elements.at(-1);
  if (!last) {
    array.replaceWithText(
      multiline ? `[\n${array.getIndentationText()}  ${text},\n]` : `[${text}]`,
    );
    return;
  }
  if (!multiline) {
    if (next) file.insertText(next.getStart(), `${text}, `);
    else file.insertText(last.getEnd(), `, ${text}`);
    return;
  }
  const indent = (next ?? last).getIndentationText();
  if (next) {
    file.insertText(next.getStart(), `${text},\n${indent}`);
    return;
  }
  // After the last element's trailing comma and any comment on its line.
  const rest = file.getFullText().slice(last.getEnd());
  const tail = /^[ \t]*,[ \t]*(\/\/[^\n]*|\/\*.*?\*\/)?[ \t]*/.exec(rest);
  if (tail) file.insertText(last.getEnd() + tail[0].length, `\n${indent}${text},`);
  else file.insertText(last.getEnd(), `,\n${indent}${text}`);
}
