// A JSON parser that keeps where each key and value sits in the text, so a problem in the config file
// can be shown at the key or value it concerns. It accepts exactly what JSON.parse accepts (strings
// and numbers are decoded by JSON.parse itself); the caller still asks JSON.parse for the verdict and
// its message, and uses this tree for positions.

export type JsonNode =
  | { type: 'object'; start: number; end: number; members: JsonMember[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'number'; start: number; end: number; value: number }
  | { type: 'boolean'; start: number; end: number; value: boolean }
  | { type: 'null'; start: number; end: number; value: null };

export interface JsonMember {
  key: string;
  /** Offsets of the key, quotes included. */
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Parses `text` as one JSON value; throws JsonSyntaxError at the first offset that is not JSON. */
export function parseJsonTree(text: string): JsonNode {
  let pos = 0;
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, pos);
  };
  const skipWhitespace = () => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      pos++;
    }
  };
  const string = (): { value: string; start: number; end: number } => {
    const start = pos++;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        try {
          return { value: JSON.parse(text.slice(start, pos)) as string, start, end: pos };
        } catch {
          pos = start;
          return fail('invalid string');
        }
      }
      if (c < 0x20) return fail('control character in string');
      pos += c === 0x5c ? 2 : 1;
    }
    return fail('unterminated string');
  };
  const value = (): JsonNode => {
    skipWhitespace();
    const start = pos;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const members: JsonMember[] = [];
      skipWhitespace();
      if (text[pos] === '}') return { type: 'object', start, end: ++pos, members };
      for (;;) {
        skipWhitespace();
        if (text[pos] !== '"') return fail('expected a property name');
        const key = string();
        skipWhitespace();
        if (text[pos] !== ':') return fail("expected ':'");
        pos++;
        members.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value: value() });
        skipWhitespace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') return { type: 'object', start, end: ++pos, members };
        return fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      skipWhitespace();
      if (text[pos] === ']') return { type: 'array', start, end: ++pos, items };
      for (;;) {
        items.push(value());
        skipWhitespace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') return { type: 'array', start, end: ++pos, items };
        return fail("expected ',' or ']'");
      }
    }
    if (c === '"') return { type: 'string', ...string() };
    for (const [word, literal] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return literal === null ? { type: 'null', start, end: pos, value: null } : { type: 'boolean', start, end: pos, value: literal };
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      return { type: 'number', start, end: pos, value: Number(m[0]) };
    }
    return fail(pos >= text.length ? 'unexpected end of input' : 'unexpected character');
  };
  const root = value();
  skipWhitespace();
  if (pos < text.length) fail('unexpected text after the value');
  return root;
}
