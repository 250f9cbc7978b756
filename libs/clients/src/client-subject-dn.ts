/** An attribute type: a descriptor (`CN`, `O`, `emailAddress`) or a numeric OID (RFC 4514 §3). */
const ATTRIBUTE_TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)$/;
/** Characters a backslash may escape in a value (RFC 4514 §2.4 and §3 `escaped`). */
const ESCAPABLE = new Set(['"', '+', ',', ';', '<', '>', '\\', ' ', '#', '=']);
/** Characters that must be escaped inside a value (RFC 4514 §2.4). */
const MUST_ESCAPE = new Set(['"', ';', '<', '>']);
const HEX = /^[0-9A-Fa-f]{2}$/;

/**
 * Whether `dn` is a distinguished name in the string form of RFC 4514 §3, as RFC 8705 §2.1.2
 * registers `tls_client_auth_subject_dn`: RDNs separated by `,`, each one or more `type=value`
 * joined by `+`, special characters in values escaped with `\` (e.g. `O=Example\, Inc.`). A space
 * after a separator is tolerated, as people commonly write `CN=a, O=b`.
 */
export function isDistinguishedName(dn: string): boolean {
  const rdns = splitUnescaped(dn, ',');
  if (rdns === undefined) return false;
  return rdns.every((rdn) => {
    const attributes = splitUnescaped(rdn, '+');
    return attributes !== undefined && attributes.every(isAttribute);
  });
}

function isAttribute(text: string): boolean {
  const equals = text.indexOf('=');
  if (equals < 0) return false;
  const type = text.slice(0, equals).trimStart();
  const value = text.slice(equals + 1);
  return ATTRIBUTE_TYPE.test(type) && isValue(value);
}

/**
 * A non-empty string value with only permitted escapes, which decodes to UTF-8 text. The `#` hex
 * form of a BER value is refused: certificates are matched by the string values OpenSSL prints
 * (write `\#` for a `#`).
 */
function isValue(value: string): boolean {
  if (!unescapeDnValue(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (MUST_ESCAPE.has(char)) return false;
    if (char !== '\\') continue;
    const next = value[i + 1] ?? '';
    if (HEX.test(value.slice(i + 1, i + 3))) i += 2;
    else if (ESCAPABLE.has(next)) i += 1;
    else return false;
  }
  return true;
}

/**
 * `text` split at each `separator` that is not escaped by a backslash, or `undefined` when a
 * backslash ends the text (an escape with nothing to escape).
 */
export function splitUnescaped(text: string, separator: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      if (i + 1 >= text.length) return undefined;
      i += 1;
    } else if (text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

interface ValueUnit {
  readonly bytes: readonly number[];
  readonly escaped: boolean;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * An attribute value of an RFC 4514 string, unescaped (§2.4, §3): `\,` and the like stand for
 * the character, `\c3\a9` for UTF-8 bytes; spaces around the value are not part of it unless
 * escaped (`CN=a\ ` ends in a space). `undefined` for a value in the `#` hex form, one ending in
 * a lone backslash, or one whose bytes are no UTF-8 text (a lone surrogate, `\ff`): such a value
 * would otherwise decode to U+FFFD and match whatever else does.
 */
export function unescapeDnValue(value: string): string | undefined {
  const units: ValueUnit[] = [];
  for (let index = 0; index < value.length; index += 1) {
    const escaped = value[index] === '\\';
    const hex = escaped ? /^[0-9A-Fa-f]{2}/.exec(value.slice(index + 1, index + 3)) : null;
    if (hex) {
      units.push({ bytes: [parseInt(hex[0], 16)], escaped });
      index += 2;
      continue;
    }
    if (escaped && (index += 1) >= value.length) return undefined;
    const character = String.fromCodePoint(value.codePointAt(index) ?? 0);
    if (/^[\uD800-\uDFFF]$/.test(character)) return undefined;
    index += character.length - 1;
    units.push({ bytes: [...Buffer.from(character)], escaped });
  }
  const space = (unit: ValueUnit | undefined) => unit?.escaped === false && unit.bytes[0] === 0x20;
  while (space(units[0])) units.shift();
  while (space(units[units.length - 1])) units.pop();
  if (units[0]?.escaped === false && units[0].bytes[0] === 0x23) return undefined; // `#`
  try {
    return UTF8.decode(Buffer.from(units.flatMap((unit) => unit.bytes)));
  } catch {
    return undefined;
  }
}
