import { IndentationText, Project, QuoteKind, type SourceFile } from "ts-morph";

/** How an existing file writes code, so that what we add looks like the rest of it. */
export interface CodeStyle {
  quote: '"' | "'";
  semicolons: boolean;
  indent: string;
}

/** Parse `text` as `fileName` in a throwaway in-memory project (no disk, no type checker). */
export function parseSource(fileName: string, text: string): SourceFile {
  const style = detectStyle(text);
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      quoteKind: style.quote === "'" ? QuoteKind.Single : QuoteKind.Double,
      indentationText: style.indent === "\t" ? IndentationText.Tab : IndentationText.TwoSpaces,
      useTrailingCommas: true,
    },
  });
  return project.createSourceFile(fileName, text, { overwrite: true });
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
