// A tiny XML serializer for Open311's answers: nested elements from plain values, arrays as repeated elements.
// Pure; text is escaped and characters XML 1.0 forbids are dropped.

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

/** Escapes text for element content and attribute values. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 does not allow
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => (Array.isArray(v) ? `<${k}>${element(singular(k), v)}</${k}>` : element(k, v)))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The element name of one item of a list element: `attributes` → `attribute`. */
function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : `${name}_item`;
}

/** A document: `<root>` holding one `<item>` per entry (Open311's list answers), or one object as the root. */
export function toXml(root: string, item: string | null, value: XmlValue): string {
  const body =
    item && Array.isArray(value)
      ? `<${root}>${value.map((v) => element(item, v)).join('')}</${root}>`
      : element(root, value);
  return `<?xml version="1.0" encoding="utf-8"?>${body}`;
}
