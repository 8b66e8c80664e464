/**
 * A small JSON Schema checker for the keywords docs/analysis.schema.json uses, so a test can hold the CLI's
 * `--json` output to the documented schema without a new dependency. A keyword it does not know is reported as
 * a problem rather than ignored, so the schema cannot quietly grow past what is checked.
 */

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type Obj = { readonly [key: string]: Json };

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs']);
const KEYWORDS = new Set(['$ref', 'type', 'const', 'enum', 'properties', 'required', 'additionalProperties', 'items',
  'minimum', 'maximum', 'anyOf']);

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function hasType(v: Json, want: string): boolean {
  const t = typeOf(v);
  return t === want || (want === 'number' && t === 'integer');
}

interface Ctx {
  readonly root: Obj;
  readonly problems: string[];
}

function resolveRef(ctx: Ctx, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let cur: Json | undefined = ctx.root;
  for (const part of ref.slice(2).split('/')) cur = isObj(cur) ? cur[part] : undefined;
  return cur;
}

function checkObject(ctx: Ctx, v: Obj, schema: Obj, path: string): void {
  const props = isObj(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) if (typeof key === 'string' && !(key in v)) ctx.problems.push(`${path}: missing required '${key}'`);
  }
  for (const [key, value] of Object.entries(v)) {
    const sub = props[key];
    if (sub !== undefined) check(ctx, value, sub, `${path}.${key}`);
    else if (schema.additionalProperties === false) ctx.problems.push(`${path}: unexpected property '${key}'`);
    else if (isObj(schema.additionalProperties)) check(ctx, value, schema.additionalProperties, `${path}.${key}`);
  }
}

function checkKeywords(ctx: Ctx, v: Json, schema: Obj, path: string): void {
  const type = schema.type;
  if (typeof type === 'string' && !hasType(v, type)) ctx.problems.push(`${path}: expected ${type}, got ${typeOf(v)}`);
  if (Array.isArray(type) && !type.some((t) => typeof t === 'string' && hasType(v, t))) {
    ctx.problems.push(`${path}: expected ${type.join(' or ')}, got ${typeOf(v)}`);
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(v)) ctx.problems.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === v)) ctx.problems.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof v === 'number' && typeof schema.minimum === 'number' && v < schema.minimum) ctx.problems.push(`${path}: ${v} < ${schema.minimum}`);
  if (typeof v === 'number' && typeof schema.maximum === 'number' && v > schema.maximum) ctx.problems.push(`${path}: ${v} > ${schema.maximum}`);
  if (isObj(v)) checkObject(ctx, v, schema, path);
  if (Array.isArray(v) && schema.items !== undefined) v.forEach((item, i) => check(ctx, item, schema.items ?? {}, `${path}[${i}]`));
  if (Array.isArray(schema.anyOf)) {
    const ok = schema.anyOf.some((sub) => validateAgainst(ctx.root, v, sub).length === 0);
    if (!ok) ctx.problems.push(`${path}: matches none of anyOf`);
  }
}

function check(ctx: Ctx, v: Json, schema: Json, path: string): void {
  if (!isObj(schema)) {
    ctx.problems.push(`${path}: schema is not an object`);
    return;
  }
  for (const key of Object.keys(schema)) {
    if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) ctx.problems.push(`${path}: schema keyword '${key}' is not supported by the checker`);
  }
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(ctx, schema.$ref);
    if (target === undefined) ctx.problems.push(`${path}: unresolved $ref ${schema.$ref}`);
    else check(ctx, v, target, path);
  }
  checkKeywords(ctx, v, schema, path);
}

function validateAgainst(root: Obj, value: Json, schema: Json): string[] {
  const ctx: Ctx = { root, problems: [] };
  check(ctx, value, schema, '$');
  return ctx.problems;
}

/** Every way `value` breaks `schema` (with `$ref`s resolved inside `schema`), as `$.path: problem` lines. */
export function validateJson(value: Json, schema: Json): string[] {
  if (!isObj(schema)) return ['$: schema is not an object'];
  return validateAgainst(schema, value, schema);
}

/** Problems of the schema itself, over every sub-schema: keywords the checker cannot check, `$ref`s that lead nowhere. */
export function schemaProblems(schema: Json): string[] {
  if (!isObj(schema)) return ['$: schema is not an object'];
  const root = schema;
  const out: string[] = [];
  const walk = (s: Json, path: string): void => {
    if (!isObj(s)) {
      out.push(`${path}: schema is not an object`);
      return;
    }
    for (const key of Object.keys(s)) if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) out.push(`${path}: unsupported keyword '${key}'`);
    if (typeof s.$ref === 'string' && resolveRef({ root, problems: [] }, s.$ref) === undefined) out.push(`${path}: unresolved $ref ${s.$ref}`);
    for (const group of ['properties', '$defs'] as const) {
      const g = s[group];
      if (isObj(g)) for (const [k, sub] of Object.entries(g)) walk(sub, `${path}.${group}.${k}`);
    }
    if (s.items !== undefined) walk(s.items, `${path}.items`);
    if (isObj(s.additionalProperties)) walk(s.additionalProperties, `${path}.additionalProperties`);
    if (Array.isArray(s.anyOf)) s.anyOf.forEach((sub, i) => walk(sub, `${path}.anyOf[${i}]`));
  };
  walk(schema, '$');
  return out;
}
