const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether UTF-8 JSON text nests objects and arrays more than `maxDepth` levels deep (a top-level
 * object or array is level 1), counting brackets outside strings. It reads the raw bytes before
 * anything parses them, so an attacker's million nested arrays cost one linear scan, not a parse and
 * a recursive validation. UTF-8 never puts an ASCII byte inside a multi-byte character, so a
 * bracket or quote byte is always that character. Text that is not valid JSON gets an answer too;
 * the parser refuses it afterwards.
 */
export function jsonNestingExceeds(text: Uint8Array, maxDepth: number): boolean {
  if (text.length <= maxDepth) return false; // each level needs at least one byte
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
