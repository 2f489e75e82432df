// SCIM filter expressions (RFC 7644 §3.4.2.2): tokenizer + recursive-descent parser producing an AST,
// and an evaluator. The same parser reads PATCH paths (RFC 7644 §3.5.2, `attrPath[valFilter].sub`).
//
// Grammar implemented (keywords and operators case-insensitive, as ABNF strings are):
//   filter   = or
//   or       = and *("or" and)                   ; "and" binds tighter than "or"
//   and      = unary *("and" unary)
//   unary    = "not" "(" filter ")" / "(" filter ")" / attrExp
//   attrExp  = attrPath "pr" / attrPath compareOp compValue
//            / attrPath "[" valFilter "]" [ "." subAttr (compareOp compValue / "pr") ]
// The last form (`emails[type eq "work"].value eq "x"`) is what Entra sends for matching (entra-requests.md R-02).

import { badRequest, ScimError } from './errors';
import { getKeyCI, isObject } from './json';
import { parseAttrPath, topLevelValue, valuesOf, type AttrPath } from './paths';
import { findSubAttr, type AttrDef, type ResourceTypeDef } from './schema-defs';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type Literal = string | number | boolean | null;

export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly filter: FilterNode }
  | { readonly kind: 'compare'; readonly path: AttrPath; readonly op: CompareOp; readonly value: Literal }
  | { readonly kind: 'present'; readonly path: AttrPath }
  /** attr[filter]: true when some element of attr matches filter (evaluated against the element). */
  | { readonly kind: 'valuePath'; readonly path: AttrPath; readonly filter: FilterNode };

const COMPARE_OPS: readonly string[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

// ---------------------------------------------------------------- tokenizer

type Token =
  | { readonly t: 'word'; readonly v: string; readonly pos: number }
  | { readonly t: 'str'; readonly v: string; readonly pos: number }
  | { readonly t: 'num'; readonly v: number; readonly pos: number }
  | { readonly t: 'sub'; readonly v: string; readonly pos: number } // ".name" right after "]"
  | { readonly t: '(' | ')' | '[' | ']' | 'eof'; readonly pos: number };

class SyntaxErr extends Error {}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      out.push({ t: c, pos: i });
      i++;
    } else if (c === '"') {
      // JSON string literal: let JSON.parse handle the escapes (\" \\ \uXXXX ...).
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new SyntaxErr(`unterminated string starting at ${i}`);
      let v: unknown;
      try {
        v = JSON.parse(src.slice(i, j + 1));
      } catch {
        throw new SyntaxErr(`invalid string literal at ${i}`);
      }
      out.push({ t: 'str', v: v as string, pos: i });
      i = j + 1;
    } else if (c === '.' && out.length > 0 && out[out.length - 1]!.t === ']') {
      const m = /^\.([A-Za-z_$][A-Za-z0-9_$-]*)/.exec(src.slice(i));
      if (!m) throw new SyntaxErr(`invalid sub-attribute at ${i}`);
      out.push({ t: 'sub', v: m[1]!, pos: i });
      i += m[0].length;
    } else if (/[-\d]/.test(c)) {
      const m = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![^\s()[\]])/.exec(src.slice(i));
      if (!m) throw new SyntaxErr(`invalid number at ${i}`);
      out.push({ t: 'num', v: Number(m[0]), pos: i });
      i += m[0].length;
    } else {
      const m = /^[^\s()[\]"]+/.exec(src.slice(i))!;
      out.push({ t: 'word', v: m[0], pos: i });
      i += m[0].length;
    }
  }
  out.push({ t: 'eof', pos: src.length });
  return out;
}

// ---------------------------------------------------------------- parser

class Parser {
  private i = 0;
  private inValuePath = false;
  constructor(private readonly toks: Token[]) {}

  private peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.t !== 'eof') this.i++;
    return t;
  }
  private isWord(t: Token, w: string): boolean {
    return t.t === 'word' && t.v.toLowerCase() === w;
  }
  private expect(type: Token['t']): Token {
    const t = this.next();
    if (t.t !== type) throw new SyntaxErr(`expected "${type}" at ${t.pos}`);
    return t;
  }

  parseFilter(): FilterNode {
    const node = this.parseOr();
    if (this.peek().t !== 'eof') throw new SyntaxErr(`unexpected token at ${this.peek().pos}`);
    return node;
  }

  /** PATCH PATH = attrPath / valuePath [subAttr] (RFC 7644 §3.5.2). */
  parsePatchPath(): PatchPath {
    const first = this.next();
    if (first.t !== 'word') throw new SyntaxErr('expected an attribute path');
    const attr = this.attrPath(first);
    let filter: FilterNode | undefined;
    let sub = attr.sub;
    if (this.peek().t === '[') {
      if (attr.sub !== undefined) throw new SyntaxErr('a value filter must follow a top-level attribute');
      this.next();
      this.inValuePath = true;
      filter = this.parseOr();
      this.inValuePath = false;
      this.expect(']');
      if (this.peek().t === 'sub') sub = (this.next() as { v: string }).v;
    }
    if (this.peek().t !== 'eof') throw new SyntaxErr(`unexpected token at ${this.peek().pos}`);
    return {
      ...(attr.urn !== undefined ? { urn: attr.urn } : {}),
      attr: attr.attr,
      ...(filter ? { filter } : {}),
      ...(sub !== undefined ? { sub } : {}),
    };
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    const t = this.peek();
    if (this.isWord(t, 'not') && this.peek(1).t === '(') {
      this.next();
      this.next();
      const inner = this.parseOr();
      this.expect(')');
      return { kind: 'not', filter: inner };
    }
    if (t.t === '(') {
      this.next();
      const inner = this.parseOr();
      this.expect(')');
      return inner;
    }
    return this.parseAttrExp();
  }

  private attrPath(t: Token): AttrPath {
    const p = t.t === 'word' ? parseAttrPath(t.v) : undefined;
    if (!p) throw new SyntaxErr(`invalid attribute path at ${t.pos}`);
    return p;
  }

  private parseAttrExp(): FilterNode {
    const t = this.next();
    if (t.t !== 'word') throw new SyntaxErr(`expected an attribute path at ${t.pos}`);
    const path = this.attrPath(t);
    if (this.peek().t === '[') {
      // RFC 7644 §3.4.2.2: value filters do not nest.
      if (this.inValuePath || path.sub !== undefined) throw new SyntaxErr(`unexpected "[" at ${this.peek().pos}`);
      this.next();
      this.inValuePath = true;
      const inner = this.parseOr();
      this.inValuePath = false;
      this.expect(']');
      if (this.peek().t === 'sub') {
        const sub = (this.next() as { v: string }).v;
        return { kind: 'valuePath', path, filter: { kind: 'and', left: inner, right: this.parseComparison({ attr: sub }) } };
      }
      return { kind: 'valuePath', path, filter: inner };
    }
    return this.parseComparison(path);
  }

  private parseComparison(path: AttrPath): FilterNode {
    const opTok = this.next();
    const op = opTok.t === 'word' ? opTok.v.toLowerCase() : '';
    if (op === 'pr') return { kind: 'present', path };
    if (!COMPARE_OPS.includes(op)) throw new SyntaxErr(`expected an operator at ${opTok.pos}`);
    return { kind: 'compare', path, op: op as CompareOp, value: this.parseLiteral() };
  }

  private parseLiteral(): Literal {
    const t = this.next();
    if (t.t === 'str' || t.t === 'num') return t.v;
    if (t.t === 'word') {
      const w = t.v.toLowerCase();
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'null') return null;
    }
    throw new SyntaxErr(`expected a value (string, number, true, false or null) at ${t.pos}`);
  }
}

/** Parses a filter; a syntax error is a 400 invalidFilter (RFC 7644 §3.4.2.2). */
export function parseFilter(text: string): FilterNode {
  try {
    return new Parser(tokenize(text)).parseFilter();
  } catch (e) {
    if (e instanceof SyntaxErr) throw badRequest('invalidFilter', `Invalid filter ${JSON.stringify(text)}: ${e.message}`);
    throw e;
  }
}

export interface PatchPath {
  readonly urn?: string;
  readonly attr: string;
  readonly filter?: FilterNode;
  readonly sub?: string;
}

/** Parses a PATCH "path"; malformed paths are a 400 invalidPath (RFC 7644 §3.5.2). */
export function parsePatchPath(text: string): PatchPath {
  try {
    return new Parser(tokenize(text)).parsePatchPath();
  } catch (e) {
    if (e instanceof SyntaxErr) throw badRequest('invalidPath', `Invalid path ${JSON.stringify(text)}: ${e.message}`);
    throw e;
  }
}

// ---------------------------------------------------------------- evaluator

export interface EvalOptions {
  /**
   * Extension point: whether a string comparison is case-exact. Return undefined to keep the rule of
   * RFC 7644 §3.4.2.2 (the attribute's caseExact characteristic).
   */
  filterCaseExact?(def: AttrDef | undefined, op: CompareOp): boolean | undefined;
}

/** Evaluates a filter against a whole (rendered) resource. May throw 400 invalidFilter (e.g. `active gt true`). */
export function matchesResource(node: FilterNode, resource: unknown, rt: ResourceTypeDef, opts: EvalOptions = {}): boolean {
  return evaluate(node, { obj: resource, rt }, opts);
}

/** Evaluates a value filter against one element of a multi-valued (or complex) attribute. */
export function matchesElement(node: FilterNode, element: unknown, parent: AttrDef | undefined, opts: EvalOptions = {}): boolean {
  return evaluate(node, { obj: element, ...(parent ? { parent } : {}) }, opts);
}

/** A resource (rt set) or one element of a complex attribute (parent = the attribute's definition). */
interface Scope {
  readonly obj: unknown;
  readonly rt?: ResourceTypeDef;
  readonly parent?: AttrDef;
}

function evaluate(node: FilterNode, scope: Scope, opts: EvalOptions): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, scope, opts) && evaluate(node.right, scope, opts);
    case 'or':
      return evaluate(node.left, scope, opts) || evaluate(node.right, scope, opts);
    case 'not':
      return !evaluate(node.filter, scope, opts);
    case 'present':
      return lookup(node.path, scope).values.some((v) => isPresent(v));
    case 'valuePath': {
      const { values, def } = lookup(node.path, scope);
      return values.some((e) => evaluate(node.filter, { obj: e, ...(def ? { parent: def } : {}) }, opts));
    }
    case 'compare': {
      const { values, def } = lookup(node.path, scope);
      // `eq null` / `ne null`: the attribute is absent / present.
      if (node.value === null) {
        const present = values.some((v) => isPresent(v));
        if (node.op === 'eq') return !present;
        if (node.op === 'ne') return present;
        throw badRequest('invalidFilter', `Operator "${node.op}" cannot compare with null`);
      }
      // ne is the negation of eq: a multi-valued attribute is "ne x" when no value equals x.
      if (node.op === 'ne') return !values.some((v) => compare('eq', v, node.value, def, opts));
      return values.some((v) => compare(node.op, v, node.value, def, opts));
    }
  }
}

/** The values an attribute path designates in a scope, flattened, with the leaf's definition. */
function lookup(path: AttrPath, scope: Scope): { values: unknown[]; def?: AttrDef } {
  let value: unknown;
  let def: AttrDef | undefined;
  if (scope.rt) {
    ({ value, def } = topLevelValue(scope.obj, scope.rt, path));
  } else if (isObject(scope.obj)) {
    value = getKeyCI(scope.obj, path.attr);
    def = findSubAttr(scope.parent, path.attr);
  } else if (path.attr.toLowerCase() === 'value') {
    // Elements of a simple multi-valued attribute are addressed as "value" (RFC 7644 §3.4.2.2).
    value = scope.obj;
    def = scope.parent ? { ...scope.parent, multiValued: false } : undefined;
  }
  if (path.sub === undefined) return { values: valuesOf(value), ...(def ? { def } : {}) };
  const subDef = findSubAttr(def, path.sub);
  const values = valuesOf(value).flatMap((e) => (isObject(e) ? valuesOf(getKeyCI(e, path.sub!)) : []));
  return { values, ...(subDef ? { def: subDef } : {}) };
}

function isPresent(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.some(isPresent);
  if (isObject(v)) return Object.values(v).some(isPresent);
  return true;
}

function invalid(detail: string): ScimError {
  return badRequest('invalidFilter', detail);
}

function compare(op: CompareOp, actual: unknown, lit: Literal, def: AttrDef | undefined, opts: EvalOptions): boolean {
  // A complex value without a sub-attribute compares through its "value" sub-attribute
  // (`manager eq "id"`, `members eq "id"` as in Entra's legacy reference queries).
  if (isObject(actual)) {
    if (!('value' in actual)) return false;
    return compare(op, actual.value, lit, findSubAttr(def, 'value'), opts);
  }
  const type = def?.type ?? (typeof actual === 'boolean' ? 'boolean' : typeof actual === 'number' ? 'decimal' : 'string');
  const ordering = op === 'gt' || op === 'ge' || op === 'lt' || op === 'le';
  switch (type) {
    case 'boolean': {
      // RFC 7644 §3.4.2.2: gt/ge/lt/le on Boolean SHALL fail with invalidFilter; co/sw/ew make no sense either.
      if (op !== 'eq') throw invalid(`Operator "${op}" is not supported for boolean attributes`);
      const b = typeof lit === 'string' && /^(true|false)$/i.test(lit) ? lit.toLowerCase() === 'true' : lit;
      return actual === b;
    }
    case 'integer':
    case 'decimal': {
      if (typeof actual !== 'number' || typeof lit !== 'number') return false;
      return ordered(op, actual, lit);
    }
    case 'dateTime': {
      if (op === 'co' || op === 'sw' || op === 'ew') return stringCompare(op, actual, lit, true, false);
      const a = typeof actual === 'string' ? Date.parse(actual) : NaN;
      const b = typeof lit === 'string' ? Date.parse(lit) : NaN;
      if (Number.isNaN(b)) throw invalid(`${JSON.stringify(lit)} is not a valid dateTime`);
      return !Number.isNaN(a) && ordered(op, a, b);
    }
    case 'binary':
      if (ordering) throw invalid(`Operator "${op}" is not supported for binary attributes`);
      return stringCompare(op, actual, lit, true, false);
    default: {
      // RFC 7644 §3.4.2.2: case sensitivity of strings follows the attribute's caseExact characteristic.
      const caseExact = opts.filterCaseExact?.(def, op) ?? def?.caseExact ?? false;
      return stringCompare(op, actual, lit, caseExact, ordering);
    }
  }
}

function stringCompare(op: CompareOp, actual: unknown, lit: Literal, caseExact: boolean, ordering: boolean): boolean {
  if (typeof actual !== 'string') return false;
  const a = caseExact ? actual : actual.toLowerCase();
  const b = caseExact ? String(lit) : String(lit).toLowerCase();
  if (ordering) return ordered(op, a, b);
  switch (op) {
    case 'eq':
      return a === b;
    case 'co':
      return a.includes(b);
    case 'sw':
      return a.startsWith(b);
    case 'ew':
      return a.endsWith(b);
    default:
      return false;
  }
}

function ordered<T extends string | number>(op: CompareOp, a: T, b: T): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return false;
  }
}
