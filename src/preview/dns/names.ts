/**
 * Domain names in presentation form (`a\.b.example.org.`), as miekg/dns
 * keeps them: strings with escapes, compared case-insensitively.
 */

export function fqdn(s: string): string {
  return isFqdn(s) ? s : s + '.';
}

/** Ends in an unescaped dot. */
export function isFqdn(s: string): boolean {
  if (!s.endsWith('.')) return false;
  let n = 0;
  for (let i = s.length - 2; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 0;
}

/** Lower-cased and fully qualified (CoreDNS plugin.Name.Normalize). */
export function norm(s: string): string {
  return fqdn(s).toLowerCase();
}

/** dns.IsSubDomain(parent, child): equal, or below on a label boundary; case-insensitive. */
export function isSubDomain(parent: string, child: string): boolean {
  return isSubDomainLower(parent.toLowerCase(), child.toLowerCase());
}

/** isSubDomain for names already lower-cased (the hot path: zones are stored lower-cased). */
export function isSubDomainLower(p: string, c: string): boolean {
  if (p === '.') return true;
  if (c.length < p.length || !c.endsWith(p)) return false;
  if (c.length === p.length) return true;
  const i = c.length - p.length - 1;
  if (c[i] !== '.') return false;
  let n = 0;
  for (let j = i - 1; j >= 0 && c[j] === '\\'; j--) n++;
  return n % 2 === 0;
}

/** Start offsets of every label (for `.`: none). */
export function labelStarts(s: string): number[] {
  if (s === '.' || s === '') return [];
  const out = [0];
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) {
      i += /^\d{3}/.test(s.slice(i + 1, i + 4)) ? 3 : 1;
      continue;
    }
    if (c === 0x2e) out.push(i + 1);
  }
  return out;
}

export function countLabels(s: string): number {
  return labelStarts(s).length;
}

/** Labels as presentation strings (escapes kept), without the root. */
export function splitLabels(s: string): string[] {
  if (!s.includes('\\')) {
    if (s === '.' || s === '') return [];
    const parts = s.split('.');
    if (parts[parts.length - 1] === '') parts.pop();
    return parts;
  }
  const st = labelStarts(s);
  const out: string[] = [];
  for (let i = 0; i < st.length; i++) {
    const end = i + 1 < st.length ? st[i + 1] - 1 : isFqdn(s) ? s.length - 1 : s.length;
    out.push(s.slice(st[i], end));
  }
  return out;
}

/** The name without its first label; '.' for a one-label name. */
export function parent(s: string): string {
  const st = labelStarts(s);
  return st.length <= 1 ? '.' : s.slice(st[1]);
}

/** Wire bytes of each label, escapes decoded; undefined when a label is empty or longer than 63 octets. */
export function wireLabels(s: string): Uint8Array[] | undefined {
  if (s === '.' || s === '') return [];
  const out: Uint8Array[] = [];
  let cur: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0x5c) {
      const d = s.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(d)) {
        cur.push(Number(d) & 0xff);
        i += 3;
      } else if (i + 1 < s.length) {
        cur.push(s.charCodeAt(++i) & 0xff);
      }
      continue;
    }
    if (ch === 0x2e) {
      if (cur.length === 0 || cur.length > 63) return undefined;
      out.push(Uint8Array.from(cur));
      cur = [];
      continue;
    }
    if (ch > 0x7f) {
      for (const b of Buffer.from(s[i], 'utf8')) cur.push(b);
      continue;
    }
    cur.push(ch);
  }
  if (cur.length > 0) {
    if (cur.length > 63) return undefined;
    out.push(Uint8Array.from(cur));
  }
  return out;
}

/** Presentation form of one wire label (miekg escapes special and non-printable bytes). */
export function labelText(b: Uint8Array): string {
  let out = '';
  for (const c of b) {
    if (c === 0x2e || c === 0x20 || c === 0x27 || c === 0x40 || c === 0x3b || c === 0x28 || c === 0x29 || c === 0x22 || c === 0x5c) out += '\\' + String.fromCharCode(c);
    else if (c < 0x21 || c > 0x7e) out += '\\' + String(c).padStart(3, '0');
    else out += String.fromCharCode(c);
  }
  return out;
}

/** A syntactically valid name: labels ≤ 63 octets, total ≤ 255 (dns.IsDomainName). */
export function isDomainName(s: string): boolean {
  const l = wireLabels(fqdn(s));
  if (!l) return false;
  let n = 1;
  for (const x of l) n += x.length + 1;
  return n <= 255;
}

/** Longest zone of `zones` (lower-cased) that contains `name` (plugin.Zones.Matches), or undefined. */
export function matchZone(zones: readonly string[], name: string): string | undefined {
  const n = name.toLowerCase();
  let best: string | undefined;
  for (const z of zones) {
    if ((best === undefined || z.length > best.length) && isSubDomainLower(z, n)) best = z;
  }
  return best;
}
