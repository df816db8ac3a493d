// the little of OData that SharePoint list items take through Graph, for the fake SharePoint:
// $filter with eq / ge / le / gt / lt joined by and / or (and brackets), $orderby on one or more
// fields. `ne` is refused on purpose: SharePoint cannot answer it from an index, so the bot never
// sends it (see listOpen in the SharePoint store).

export type Operator = 'eq' | 'ge' | 'le' | 'gt' | 'lt';
export type Literal = string | number | boolean | null;
export type Expr = { kind: 'cmp'; field: string; op: Operator; value: Literal } | { kind: 'and' | 'or'; left: Expr; right: Expr };

export interface OrderKey {
  field: string;
  desc: boolean;
}

/** what the fields hold; text compares case-insensitively, as SharePoint does */
export type ValueKind = 'text' | 'number' | 'dateTime' | 'boolean';

export class ODataError extends Error {}

const OPERATORS: readonly string[] = ['eq', 'ge', 'le', 'gt', 'lt'];

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(\(|\)|'(?:[^']|'')*'|[^\s()']+)/y;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = pattern.exec(text)) !== null) {
    tokens.push(m[1]!);
    end = pattern.lastIndex;
  }
  if (text.slice(end).trim() !== '') throw new ODataError(`cannot read the filter at '${text.slice(end)}'`);
  return tokens;
}

function literal(token: string): Literal {
  if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
  if (token === 'null') return null;
  if (token === 'true' || token === 'false') return token === 'true';
  const n = Number(token);
  return Number.isFinite(n) ? n : token; // an unquoted date
}

/** `prefix` is 'fields/' for list items and '' for lists (displayName eq 'x') */
export function parseFilter(text: string, prefix: string): Expr {
  const tokens = tokenize(text);
  let i = 0;
  const take = (): string => {
    const t = tokens[i++];
    if (t === undefined) throw new ODataError('the filter ends too soon');
    return t;
  };
  const joined = (kind: 'and' | 'or', operand: () => Expr) => (): Expr => {
    let left = operand();
    while (tokens[i]?.toLowerCase() === kind) {
      i++;
      left = { kind, left, right: operand() };
    }
    return left;
  };
  const primary = (): Expr => {
    if (tokens[i] === '(') {
      i++;
      const inner = or();
      if (take() !== ')') throw new ODataError('a bracket is not closed');
      return inner;
    }
    const operand = take();
    if (!operand.startsWith(prefix) || !/^\w+$/.test(operand.slice(prefix.length)))
      throw new ODataError(`'${operand}' is not ${prefix}<name>`);
    const op = take().toLowerCase();
    if (!OPERATORS.includes(op)) throw new ODataError(`the operator '${op}' is not supported`);
    return { kind: 'cmp', field: operand.slice(prefix.length), op: op as Operator, value: literal(take()) };
  };
  const and = joined('and', primary);
  const or = joined('or', and);
  const expr = or();
  if (i !== tokens.length) throw new ODataError(`unexpected '${tokens[i]}' in the filter`);
  return expr;
}

export function filterFields(expr: Expr): string[] {
  return expr.kind === 'cmp' ? [expr.field] : [...filterFields(expr.left), ...filterFields(expr.right)];
}

export function parseOrderBy(text: string, prefix: string): OrderKey[] {
  return text.split(',').map((part) => {
    const [operand = '', direction = 'asc', ...rest] = part.trim().split(/\s+/);
    if (!operand.startsWith(prefix) || rest.length > 0 || !['asc', 'desc'].includes(direction.toLowerCase())) {
      throw new ODataError(`cannot order by '${part.trim()}'`);
    }
    return { field: operand.slice(prefix.length), desc: direction.toLowerCase() === 'desc' };
  });
}

/** compares two stored values of a kind: negative, zero or positive; empty sorts first */
export function compareValues(a: unknown, b: unknown, kind: ValueKind): number {
  const empty = (v: unknown) => v === undefined || v === null;
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? -1 : 1;
  if (kind === 'dateTime') return Date.parse(String(a)) - Date.parse(String(b));
  if (kind === 'number') return Number(a) - Number(b);
  if (kind === 'boolean') return Number(a === true || a === 'true') - Number(b === true || b === 'true');
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export function evaluate(expr: Expr, values: Record<string, unknown>, kindOf: (field: string) => ValueKind): boolean {
  if (expr.kind !== 'cmp') {
    const [left, right] = [evaluate(expr.left, values, kindOf), evaluate(expr.right, values, kindOf)];
    return expr.kind === 'and' ? left && right : left || right;
  }
  const value = values[expr.field];
  if (expr.value === null) return expr.op === 'eq' && (value === undefined || value === null);
  if (value === undefined || value === null) return false;
  const c = compareValues(value, expr.value, kindOf(expr.field));
  return { eq: c === 0, ge: c >= 0, le: c <= 0, gt: c > 0, lt: c < 0 }[expr.op];
}

export function sortBy<T>(
  rows: T[],
  keys: OrderKey[],
  valueOf: (row: T, field: string) => unknown,
  kindOf: (field: string) => ValueKind,
): T[] {
  return [...rows].sort((a, b) => {
    for (const k of keys) {
      const c = compareValues(valueOf(a, k.field), valueOf(b, k.field), kindOf(k.field));
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
}
