/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document (which @fastify/swagger derives from the zod
 * schemas in contracts/): valid-looking bodies, and the hostile values the battery mixes into them.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  additionalProperties?: boolean | JsonSchema;
}

const clamp = (v: number | undefined, lo: number, hi: number, d: number) => Math.max(lo, Math.min(hi, v ?? d));

/** Plausible values that pass the common checks (ids, codes, dates); the schema's own bounds shape the rest. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

export function fromSchema(s: JsonSchema | undefined, depth = 0, hints: Hints = {}): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union?.length) return fc.oneof(...union.map((x) => fromSchema(x, depth + 1, hints)));
  if (s.allOf?.length) return fromSchema(s.allOf[0], depth + 1, hints);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'date-time')
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      if (s.format === 'date')
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      if (s.format === 'email') return fc.emailAddress();
      if (s.format === 'uri') return fc.webUrl();
      const min = clamp(s.minLength, 0, 200, 0);
      const max = clamp(s.maxLength, min, 200, 40);
      return fc.oneof(
        fc.string({ minLength: min, maxLength: max }),
        fc.stringMatching(/^[0-9]{6,12}$/),
        fc.constantFrom('路灯坏了，请尽快维修处理', '99010101', '130102199001011234', '13812345678', 'A1', 'operator'),
      );
    }
    case 'integer': {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1000);
      return fc.oneof(fc.integer({ min: Math.max(lo, -1e9), max: Math.min(hi, 1e9) }), fc.integer({ min: 1, max: 5 }));
    }
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const min = clamp(s.minItems, 0, 5, 0);
      return fc.array(fromSchema(s.items, depth + 1, hints), {
        minLength: min,
        maxLength: Math.max(min, clamp(s.maxItems, 0, 5, 3)),
      });
    }
    case 'object':
    case undefined: {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const keys = Object.keys(props);
      if (!keys.length) return fc.constant({});
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      // A field the database knows (a division code, a unit id) mostly gets a real value, so valid bodies get through.
      for (const k of keys) {
        const own = fromSchema(props[k], depth + 1, hints);
        const hint = hints[k];
        record[k] = hint ? fc.oneof({ arbitrary: hint, weight: 3 }, { arbitrary: own, weight: 1 }) : own;
      }
      return fc.record(record, { requiredKeys: keys.filter((k) => required.has(k)) });
    }
    default:
      return fc.constant(null);
  }
}

const hugeString = 'x'.repeat(100_000);
const FREE_TEXT =
  /^(title|body|address|note|reason|reply|text|content|name|displayName|description|comment|citizenName|message|summary|answer|remark)$/;
const hugeCjk = '测'.repeat(100_000);

/** Hostile single values: full Unicode, lone surrogates, NUL, 100k characters, huge arrays, wrong types, big numbers. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 60 }),
  fc.constantFrom(
    '\uD800',
    'a\uDFFFb',
    '\u0000',
    'x\u0000y',
    '\u202E\u200B\uFEFF',
    hugeString,
    hugeCjk,
    "' OR 1=1 --",
    '"; drop table request; --',
    '<script>alert(1)</script>',
    '../../../../etc/passwd',
    '%00',
    `$${'{'}7*7}{{7*7}}`,
    '-1',
    '1e309',
    '',
    ' ',
  ),
  fc.constantFrom(-1, 0, 2 ** 31, -(2 ** 53), Number.MAX_SAFE_INTEGER, 1.5, 1e308, -0),
  fc.constantFrom(true, false, null, {}, [], [[]], { a: { b: { c: {} } } }),
  fc.constant(Array.from({ length: 100_000 }, (_, i) => i)),
  fc.constant(Array.from({ length: 5_000 }, () => 'x'.repeat(20))),
);

/** Raw request bodies JSON.stringify cannot produce: NaN, Infinity, deep nesting, prototype keys, broken JSON. */
export const hostileRaw: fc.Arbitrary<string> = fc.constantFrom(
  '{"a":NaN}',
  '{"a":Infinity,"b":-Infinity}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
  '{"__proto__":{"isAdmin":true,"roles":["system_admin"]}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":1,"a":2}',
  '{',
  '',
  'null',
  '[]',
  '"string"',
  '\u0000',
  '{"\\ud800":"\\udfff"}',
  `{"x":"${'\\u0000'.repeat(1000)}"}`,
);

/** A body: valid from the schema, that body with one field made hostile or a prototype key added, or raw text. */
export function bodyArbitrary(
  schema: JsonSchema | undefined,
  hints: Hints = {},
): fc.Arbitrary<{ kind: string; payload: string }> {
  const valid = fromSchema(schema ?? { type: 'object' }, 0, hints);
  const keys = Object.keys(schema?.properties ?? {});
  return fc.oneof(
    { arbitrary: valid.map((v) => ({ kind: 'valid', payload: JSON.stringify(v) })), weight: 2 },
    fc.tuple(valid, keys.length ? fc.constantFrom(...keys) : fc.constant('x'), hostileValue).map(([v, k, bad]) => ({
      kind: 'field',
      payload: JSON.stringify({ ...(typeof v === 'object' && v !== null ? v : {}), [k]: bad }),
    })),
    valid.map((v) => {
      const json = JSON.stringify(v);
      const extra = '"__proto__":{"polluted":1,"roles":["system_admin"]},"constructor":{"prototype":{"x":1}}';
      return {
        kind: 'proto',
        payload: json === '{}' || !json.startsWith('{') ? `{${extra}}` : `{${extra},${json.slice(1)}`,
      };
    }),
    // A valid body whose free-text fields carry NUL, a lone surrogate or 100k characters: NUL and lone surrogates are
    // refused at the door naming the field (server/platform/http/unstorable-text.ts); the rest reaches the database.
    fc.tuple(valid, fc.constantFrom('\u0000', '\uD800', 'x'.repeat(100_000), '\u202E')).map(([v, bad]) => ({
      kind: 'text',
      payload: JSON.stringify(v, (k, val) => (typeof val === 'string' && FREE_TEXT.test(k) ? `${val}${bad}` : val)),
    })),
    hostileRaw.map((payload) => ({ kind: 'raw', payload })),
  );
}
