import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaProblems, validateJson, type Json } from './schema-check';

const SCHEMA = JSON.parse(readFileSync(join(__dirname, '../../docs/analysis.schema.json'), 'utf8')) as Json;

const SMALL: Json = {
  $defs: { n: { type: 'integer', minimum: 0 } },
  type: 'object',
  required: ['a', 'b'],
  additionalProperties: false,
  properties: {
    a: { $ref: '#/$defs/n' },
    b: { type: 'array', items: { enum: ['x', 'y', null] } },
    c: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    d: { type: ['number', 'null'], maximum: 1 },
  },
};

describe('validateJson', () => {
  it('accepts a value that fits', () => {
    expect(validateJson({ a: 3, b: ['x', null], c: null, d: 0.5 }, SMALL)).toEqual([]);
  });

  it('names every way a value breaks the schema', () => {
    expect(validateJson({ a: -1.5, b: ['z'], c: 4, d: 2, e: true }, SMALL)).toEqual([
      '$.a: expected integer, got number',
      '$.a: -1.5 < 0',
      '$.b[0]: "z" is not one of ["x","y",null]',
      '$.c: matches none of anyOf',
      '$.d: 2 > 1',
      "$: unexpected property 'e'",
    ]);
    expect(validateJson({ b: [] }, SMALL)).toEqual(["$: missing required 'a'"]);
  });

  it('refuses schema keywords it cannot check instead of ignoring them', () => {
    expect(validateJson('abc', { type: 'string', pattern: '^a' })).toEqual(["$: schema keyword 'pattern' is not supported by the checker"]);
  });

  it('finds unsupported keywords and dangling $refs anywhere in a schema', () => {
    expect(schemaProblems({ properties: { a: { items: { $ref: '#/$defs/none' } } }, $defs: { b: { format: 'x' } } })).toEqual([
      '$.properties.a.items: unresolved $ref #/$defs/none',
      "$.$defs.b: unsupported keyword 'format'",
    ]);
  });

  it('can check every part of the documented schema', () => {
    expect(schemaProblems(SCHEMA)).toEqual([]);
    expect(validateJson({}, SCHEMA)).toContain("$: missing required 'schemaVersion'");
  });
});
