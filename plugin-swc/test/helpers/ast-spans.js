// The spans SWC's own parser gives the original source: the oracle the statement facts' spans are
// checked against (`source.slice(...span)` must be exactly each statement's / function's text).
import swc from "@swc/core";

/** UTF-16 offset of every UTF-8 byte offset of `text` (the parser's spans count bytes). */
function byteToUtf16(text) {
  const out = new Int32Array(Buffer.byteLength(text) + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i);
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) out[b + k] = i;
    b += n;
    if (c >= 0x10000) i++;
  }
  out[b] = text.length;
  return out;
}

/** Whether a module item has no runtime meaning (a TypeScript type, a declaration, an overload). */
function tsOnly(item) {
  const decl = item.type === "ExportDeclaration" ? item.declaration : item.type === "ExportDefaultDeclaration" ? item.decl : item;
  if (!decl) return false;
  if (decl.type === "TsInterfaceDeclaration" || decl.type === "TsTypeAliasDeclaration") return true;
  if (decl.declare) return true;
  if (decl.type === "FunctionDeclaration" && !decl.body) return true;
  if (decl.type === "TsModuleDeclaration" && (decl.declare || decl.global)) return true;
  if (item.type === "ImportDeclaration" && (item.typeOnly || (item.specifiers.length > 0 && item.specifiers.every((s) => s.isTypeOnly)))) return true;
  if (item.type === "ExportNamedDeclaration" && (item.typeOnly || (item.specifiers.length > 0 && item.specifiers.every((s) => s.isTypeOnly)))) return true;
  if (item.type === "TsImportEqualsDeclaration" && item.isTypeOnly) return true;
  return item.type === "TsNamespaceExportDeclaration";
}

/**
 * Top-level statement spans and function spans of `code` as SWC parses it (`parser`: SWC parser
 * options). Statements without runtime meaning (TypeScript only, empty, directives) are left out,
 * like the facts leave them out; a leading decorator counts in its statement.
 */
export function astSpans(code, parser, isModule = true) {
  const bom = code.charCodeAt(0) === 0xfeff ? 1 : 0;
  const text = bom ? code.slice(1) : code;
  const program = swc.parseSync(text, { ...parser, isModule });
  const at = byteToUtf16(text);
  const off = (pos) => at[pos - 1] + bom;
  const statements = [];
  let directives = true;
  for (const item of program.body) {
    const isDirective = directives && item.type === "ExpressionStatement" && item.expression.type === "StringLiteral";
    if (!isDirective) directives = false;
    if (isDirective || item.type === "EmptyStatement" || tsOnly(item)) continue;
    let start = item.span.start;
    const decl = item.type === "ExportDeclaration" ? item.declaration : item.type === "ExportDefaultDeclaration" ? item.decl : item;
    for (const d of decl?.decorators ?? []) start = Math.min(start, d.span.start);
    statements.push([off(start), off(item.span.end)]);
  }
  const functions = new Map();
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (/^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression|MethodProperty|GetterProperty|SetterProperty)$/.test(node.type)) {
      functions.set(off(node.span.start), off(node.span.end));
    }
    for (const k in node) if (k !== "span") walk(node[k]);
  };
  walk(program.body);
  return { statements, functions };
}
