/**
 * What a top-level statement is, for the statement facts (docs/abi.md, "ABI 4"): whether it means
 * anything at run time, its `kind`, the names it binds in the module scope, and where its
 * `export` / `export default` keywords are.
 */
import type { types as t } from "@babel/core";
import type { StatementKind } from "@autoreload/abi";
import { unwrapNode } from "./expressions.js";
import { bindingNames } from "./live-bindings.js";

/**
 * Statements with no run-time meaning, left out of the facts: TypeScript-only declarations
 * (`interface`, `type`, `declare …`, overload signatures, `import type`, `export type`, type-only
 * export lists, namespaces of types only, `export as namespace`) and empty statements.
 */
export function isTypeOnly(node: t.Statement): boolean {
  switch (node.type) {
    case "EmptyStatement":
    case "TSInterfaceDeclaration":
    case "TSTypeAliasDeclaration":
    case "TSDeclareFunction":
    case "TSNamespaceExportDeclaration":
    case "DeclareClass":
    case "DeclareFunction":
    case "DeclareVariable":
    case "DeclareModule":
    case "DeclareModuleExports":
    case "DeclareTypeAlias":
    case "DeclareOpaqueType":
    case "DeclareInterface":
    case "DeclareExportDeclaration":
    case "DeclareExportAllDeclaration":
    case "TypeAlias":
    case "OpaqueType":
    case "InterfaceDeclaration":
      return true;
    case "ClassDeclaration":
    case "VariableDeclaration":
    case "TSEnumDeclaration":
      return node.declare === true;
    case "TSModuleDeclaration":
      return node.declare === true || node.id.type === "StringLiteral" || (node as { kind?: string }).kind === "global" || !namespaceHasValues(node);
    case "ImportDeclaration":
      return node.importKind === "type" || node.importKind === "typeof";
    case "TSImportEqualsDeclaration":
      return node.importKind === "type";
    case "ExportAllDeclaration":
      return node.exportKind === "type";
    case "ExportNamedDeclaration":
      if (node.exportKind === "type") return true;
      if (node.declaration) return isTypeOnly(node.declaration);
      return node.specifiers.length > 0 && node.specifiers.every((s) => s.type === "ExportSpecifier" && s.exportKind === "type");
    case "ExportDefaultDeclaration":
      return node.declaration.type === "TSDeclareFunction" || (node.declaration.type as string) === "TSInterfaceDeclaration";
    default:
      return false;
  }
}

/** Whether a namespace declares anything that exists at run time (the TypeScript transform removes it otherwise). */
function namespaceHasValues(node: t.TSModuleDeclaration): boolean {
  const body = node.body;
  if (body.type === "TSModuleDeclaration") return namespaceHasValues(body);
  if (body.type !== "TSModuleBlock") return false;
  return body.body.some((s) => !isTypeOnly(s));
}

/** The declaration an `export` statement carries, or the statement itself. */
export function declarationOf(node: t.Statement): t.Node | null {
  if (node.type === "ExportNamedDeclaration") return node.declaration ?? null;
  if (node.type === "ExportDefaultDeclaration") return node.declaration;
  return node;
}

/** `kind`: an export takes its declaration's; `classValue`: whether a `const/let/var` declares a class (`const C = class {}`). */
export function statementKind(node: t.Statement, classValue: (d: t.VariableDeclaration) => boolean): StatementKind {
  switch (node.type) {
    case "ImportDeclaration":
    case "TSImportEqualsDeclaration":
      return "import";
    case "ExportAllDeclaration":
      return "reexport";
    case "ExportNamedDeclaration":
      if (node.source) return "reexport";
      return node.declaration ? statementKind(node.declaration, classValue) : "other";
    case "ExportDefaultDeclaration":
      if (node.declaration.type === "FunctionDeclaration") return "function";
      if (node.declaration.type === "ClassDeclaration") return "class";
      return "other";
    case "FunctionDeclaration":
      return "function";
    case "ClassDeclaration":
      return "class";
    case "VariableDeclaration":
      if (classValue(node)) return "class";
      return node.kind === "const" || node.kind === "let" || node.kind === "var" ? node.kind : "const"; // `using` binds constants
    default:
      return "other";
  }
}

/** `const C = class {}`: one declarator, an identifier bound to a class expression. */
export function declaresClassValue(node: t.VariableDeclaration): boolean {
  if (node.declarations.length !== 1) return false;
  const d = node.declarations[0]!;
  return d.id.type === "Identifier" && d.init != null && unwrapNode(d.init).type === "ClassExpression";
}

/**
 * The names a declaration binds in the module scope, in source order; undefined for statements
 * that are not declarations (their `var`s are found through Babel's scope, facts.ts).
 */
export function declaredNames(node: t.Statement): string[] | undefined {
  switch (node.type) {
    case "ImportDeclaration":
      return node.specifiers.filter((s) => !(s.type === "ImportSpecifier" && (s.importKind === "type" || s.importKind === "typeof"))).map((s) => s.local.name);
    case "TSImportEqualsDeclaration":
      return [node.id.name];
    case "ExportAllDeclaration":
      return [];
    case "ExportNamedDeclaration":
      return node.declaration ? (declaredNames(node.declaration) ?? []) : [];
    case "ExportDefaultDeclaration": {
      const d = node.declaration;
      return (d.type === "FunctionDeclaration" || d.type === "ClassDeclaration") && d.id ? [d.id.name] : [];
    }
    case "FunctionDeclaration":
    case "ClassDeclaration":
      return node.id ? [node.id.name] : [];
    case "VariableDeclaration":
      return node.declarations.flatMap(bindingNames);
    case "TSEnumDeclaration":
      return [node.id.name];
    case "TSModuleDeclaration":
      return node.id.type === "Identifier" ? [node.id.name] : [];
    default:
      return undefined;
  }
}

/** Statements that may bind `var`s (or sloppy-mode functions) of the module scope inside them. */
export function mayDeclareInside(node: t.Statement): boolean {
  switch (node.type) {
    case "ExpressionStatement":
    case "ReturnStatement":
    case "ThrowStatement":
    case "DebuggerStatement":
    case "BreakStatement":
    case "ContinueStatement":
    case "TSExportAssignment":
      return false;
    default:
      return true;
  }
}

/** Skips whitespace and comments from `pos`; the position of the next token. */
function skipTrivia(code: string, pos: number): number {
  for (;;) {
    const c = code.charCodeAt(pos);
    if (c === 47 /* / */) {
      const next = code.charCodeAt(pos + 1);
      if (next === 47) {
        pos += 2;
        while (pos < code.length && !/[\n\r\u2028\u2029]/.test(code[pos]!)) pos++;
        continue;
      }
      if (next === 42 /* * */) {
        const end = code.indexOf("*/", pos + 2);
        if (end === -1) return code.length;
        pos = end + 2;
        continue;
      }
      return pos;
    }
    if (pos < code.length && /\s/.test(code[pos]!)) {
      pos++;
      continue;
    }
    return pos;
  }
}

/** The end of `word` when the next token at `pos` is that keyword, else -1. */
function keywordAt(code: string, pos: number, word: string): number {
  const at = skipTrivia(code, pos);
  if (!code.startsWith(word, at)) return -1;
  return /[\w$\u0080-\uffff]/.test(code[at + word.length] ?? "") ? -1 : at + word.length;
}

/**
 * [start, end) of the `export` / `export default` keywords of an exported declaration (the
 * statement without them is the declaration itself), read from the source text: decorators may
 * come before `export`, comments between `export` and `default`. Null: not found (a statement the
 * plugin cannot describe); undefined: the statement has no such keywords.
 */
export function exportKeywords(node: t.Statement, code: string): readonly [number, number] | null | undefined {
  let declaration: t.Node | null | undefined;
  let withDefault = false;
  if (node.type === "ExportNamedDeclaration") declaration = node.declaration;
  else if (node.type === "ExportDefaultDeclaration") {
    declaration = node.declaration;
    withDefault = true;
    if (declaration.type !== "FunctionDeclaration" && declaration.type !== "ClassDeclaration") return undefined;
  } else if (node.type === "TSImportEqualsDeclaration" && node.isExport) {
    declaration = node;
  }
  if (!declaration) return undefined;
  let from = node.start!;
  // `@dec export class C {}`: the statement starts at its decorators, `export` follows them.
  const decorators = (declaration as { decorators?: t.Decorator[] | null }).decorators;
  if (decorators?.length && decorators[0]!.start === node.start) from = decorators.at(-1)!.end!;
  const start = skipTrivia(code, from);
  let end = keywordAt(code, start, "export");
  if (end !== -1 && withDefault) end = keywordAt(code, end, "default");
  return end === -1 ? null : [start, end];
}
