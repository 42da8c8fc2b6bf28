/**
 * A direct, character-by-character transcription of the rules of coredns/caddy
 * caddyfile/lexer.go (lexer.next), written independently of the Chevrotain
 * lexer so that property tests can compare the two on arbitrary text.
 */
const GO_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

export function referenceLex(input: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let i = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  for (;;) {
    let val = '';
    let started = false;
    let tokLine = line;
    let quoted = false;
    let escaped = false;
    let comment = false;
    let emitted = false;
    while (i < input.length) {
      const ch = input[i++];
      const code = ch.charCodeAt(0);
      if (quoted) {
        if (!escaped) {
          if (ch === '\\') {
            escaped = true;
            continue;
          } else if (ch === '"') {
            out.push({ text: val, line: tokLine });
            emitted = true;
            break;
          }
        }
        if (ch === '\n') line++;
        if (escaped && ch !== '"') val += '\\';
        val += ch;
        escaped = false;
        continue;
      }
      if (GO_SPACE.has(code)) {
        if (ch === '\r') continue;
        if (ch === '\n') {
          line++;
          comment = false;
        }
        if (val.length > 0) {
          out.push({ text: val, line: tokLine });
          emitted = true;
          break;
        }
        continue;
      }
      if (ch === '#') comment = true;
      if (comment) continue;
      if (!started && val.length === 0) {
        tokLine = line;
        started = true;
        if (ch === '"') {
          quoted = true;
          continue;
        }
      }
      val += ch;
    }
    if (emitted) continue;
    // EOF: a pending non-empty value is a token.
    if (val.length > 0) out.push({ text: val, line: tokLine });
    return out;
  }
}
