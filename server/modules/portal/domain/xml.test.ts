import { describe, expect, it } from 'vitest';
import { escapeXml, toXml } from './xml.js';

describe('the Open311 XML serializer', () => {
  it('writes a list as repeated items under the root, as the spec’s examples do', () => {
    expect(toXml('services', 'service', [{ service_code: '001', metadata: false, keywords: null }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>001</service_code><metadata>false</metadata><keywords/></service></services>',
    );
  });
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(toXml('errors', 'error', [{ code: 400, description: '<script>' }])).toContain(
      '<description>&lt;script&gt;</description>',
    );
  });
  it('writes nested lists with singular item names (attributes → attribute)', () => {
    expect(toXml('service_definition', null, { service_code: 'A', attributes: [{ code: 'x' }] })).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>A</service_code><attributes><attribute><code>x</code></attribute></attributes></service_definition>',
    );
    expect(toXml('service_definition', null, { service_code: 'A', attributes: [] })).toContain(
      '<attributes></attributes>',
    );
  });
});
