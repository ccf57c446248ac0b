/**
 * Locates the first syntax error in JSON text (RFC 8259). V8's JSON.parse
 * names no position for "Unexpected token" errors, so a refused file would
 * otherwise get no line and column. Iterative: deep nesting cannot overflow.
 */

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = '"\\/bfnrt';

/** Offset (UTF-16 units) of the first character that makes `text` invalid JSON, `text.length` when it ends early, undefined when it is valid. */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  const n = text.length;
  const open: string[] = [];
  let i = 0;

  const skipSpace = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  /** Scans a string starting at its opening quote; false leaves `i` at the error. */
  const scanString = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e !== undefined && ESCAPES.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else {
          i = Math.min(i + 1, n);
          return false;
        }
      } else i++;
    }
    return false;
  };
  /** Scans `"key" :` at `i`; false leaves `i` at the error. */
  const scanKey = (): boolean => {
    skipSpace();
    if (text[i] !== '"' || !scanString()) return false;
    skipSpace();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };

  for (;;) {
    // A value is expected at i.
    skipSpace();
    const c = text[i];
    let closedScalar = true;
    if (c === '{' || c === '[') {
      i++;
      skipSpace();
      if (text[i] === (c === '{' ? '}' : ']')) i++;
      else {
        open.push(c);
        if (c === '{' && !scanKey()) return i;
        closedScalar = false;
      }
    } else if (c === '"') {
      if (!scanString()) return i;
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) return Math.min(i + k, n);
      i += word.length;
    } else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return i;
      i = NUMBER.lastIndex;
    }
    if (!closedScalar) continue;

    // After a complete value: close containers or move to the next element.
    for (;;) {
      skipSpace();
      const top = open[open.length - 1];
      if (top === undefined) return i < n ? i : undefined;
      if (text[i] === ',') {
        i++;
        if (top === '{' && !scanKey()) return i;
        break;
      }
      if (text[i] !== (top === '{' ? '}' : ']')) return i;
      i++;
      open.pop();
    }
  }
}
