// Values for mapped attributes that the fixture bodies do not carry, per attribute type. Deterministic:
// the same seed and attribute give the same value. Values that must be unique per user (a matching
// attribute) are templates over {{userName}}, which every create step sets uniquely per run.
import { parseTargetPath } from './paths';
import type { MappedAttribute } from './schema';

/** FNV-1a: a stable small hash of the seed and the attribute, as hex. */
function hash(seed: number, text: string): string {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function localName(path: string): string {
  const p = parseTargetPath(path);
  return p.sub !== undefined ? `${p.attr}-${p.sub}` : p.attr;
}

/**
 * The value Entra would send for the attribute: variant 1 on create, variant 2 on a later update (a
 * different value of the same type). `unique`: the value identifies the user (a matching attribute).
 */
export function generatedValue(attr: MappedAttribute, seed: number, variant: 1 | 2, unique: boolean): unknown {
  const h = hash(seed, attr.path.toLowerCase());
  const n = parseInt(h.slice(0, 6), 16);
  if (attr.source.type === 'Constant' && attr.source.name !== undefined && variant === 1) return constant(attr, attr.source.name);
  switch (attr.type) {
    case 'Boolean':
      return variant === 1;
    case 'Integer':
      return (n % 100000) + variant;
    case 'DateTime':
      return new Date(Date.UTC(2020, 0, 1) + (n % 2000) * 86_400_000 + (variant - 1) * 86_400_000).toISOString().replace('.000Z', 'Z');
    case 'Binary':
      return Buffer.from(`${h}-${variant}`).toString('base64');
    default: {
      const name = localName(attr.path);
      const suffix = variant === 2 ? '-2' : '';
      if (unique) return /email/i.test(name) ? `${name}${suffix}.{{userName}}` : `${name}${suffix}-{{userName}}`;
      return `${name} ${h}${suffix}`;
    }
  }
}

/** A Constant source's value, typed as the target attribute (Graph gives it as a string). */
function constant(attr: MappedAttribute, value: string): unknown {
  if (attr.type === 'Boolean') return /^true$/i.test(value);
  if (attr.type === 'Integer' && /^-?\d+$/.test(value)) return Number(value);
  return value;
}
