import type { SetupValidator } from '../types.js';
import {
  byteLength,
  checkRegexp,
  goQuote,
  goRuneU,
  normalizeName,
  parseUint,
  runSetup,
  SetupError,
  STRING_TO_CLASS,
  STRING_TO_RCODE,
  STRING_TO_TYPE,
} from '../values.js';

/** rewrite/name.go maxRegexpLen. */
const MAX_REGEXP_LEN = 10000;
const MATCH_TYPES = ['exact', 'prefix', 'suffix', 'substring', 'regex'];

/** A rule constructor's error (rewrite/*.go `fmt.Errorf`). */
class RuleError {
  constructor(readonly message: string) {}
}
const bad = (message: string): never => {
  throw new RuleError(message);
};

/** name.go isValidRegexPattern: the number of groups of `from`. */
function validRegexPattern(from: string, to: string): void {
  const n = byteLength(from);
  if (n > MAX_REGEXP_LEN) bad(`regex pattern too long: ${n} > ${MAX_REGEXP_LEN}`);
  const re = checkRegexp(from);
  if (!re.ok) bad(`invalid regex matching pattern: ${from}`);
  if (re.ok && subExprUsage(to) > re.value.groupCount) {
    bad(`the rewrite regex pattern (${to}) uses more subexpressions than its corresponding matching regex pattern (${from})`);
  }
}

/** name.go getSubExprUsage: how many of {0}…{100} appear in s. */
function subExprUsage(s: string): number {
  // One pass over the `{DIGITS}` in s, counting the distinct ones spelled exactly as {0}…{100} (no leading zeros).
  let n = 0;
  let seenLo = 0; // {0}…{31}
  let seenMid = 0; // {32}…{63}
  let seenHi = 0; // {64}…{95}
  let seenTop = 0; // {96}…{100}
  for (let i = s.indexOf('{'); i !== -1; i = s.indexOf('{', i + 1)) {
    let j = i + 1;
    let v = 0;
    while (j < s.length && j - i <= 3) {
      const c = s.charCodeAt(j);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      j++;
    }
    const digits = j - i - 1;
    if (digits === 0 || s.charCodeAt(j) !== 125 /* } */ || v > 100 || (digits > 1 && s.charCodeAt(i + 1) === 48)) continue;
    if (digits === 3 && v < 100) continue;
    const bit = 1 << (v & 31);
    if (v < 32) {
      if (!(seenLo & bit)) (seenLo |= bit), n++;
    } else if (v < 64) {
      if (!(seenMid & bit)) (seenMid |= bit), n++;
    } else if (v < 96) {
      if (!(seenHi & bit)) (seenHi |= bit), n++;
    } else if (!(seenTop & bit)) (seenTop |= bit), n++;
  }
  return n;
}

/** name.go parseAnswerRules. */
function answerRules(name: string, args: string[]): void {
  let arg = 0;
  let nameRules = 0;
  let last = '';
  let auto = false;
  if (args.length < 2) bad(`invalid arguments for ${name} rule`);
  while (arg < args.length) {
    if (last === '' && args[arg] !== 'answer') bad(`exceeded the number of arguments for a non-answer rule argument for ${name} rule`);
    if (args[arg] === 'answer') arg++;
    if (args.length - arg === 0) bad(`type missing for answer rule for ${name} rule`);
    last = args[arg];
    arg++;
    switch (last) {
      case 'auto':
        auto = true;
        continue;
      case 'name':
      case 'value':
        if (args.length - arg < 2) bad(`${last} answer rule for ${name} rule: 2 arguments required`);
        try {
          validRegexPattern(args[arg], args[arg + 1]);
        } catch (e) {
          if (e instanceof RuleError) bad(`${last} answer rule for ${name} rule: ${e.message}`);
          throw e;
        }
        arg += 2;
        if (last === 'name') nameRules++;
        break;
      default:
        bad(`invalid type ${goQuote(last)} for answer rule for ${name} rule`);
    }
  }
  if (auto && nameRules > 0) bad('auto name answer rule cannot be combined with explicit name anwer rules');
}

/** name.go newNameRule. */
function nameRule(args: string[]): void {
  if (args.length < 2) bad('too few arguments for a name rule');
  let matchType = '';
  let from = '';
  let to = '';
  if (args.length === 2) {
    matchType = 'exact';
    from = normalizeName(args[0]);
    to = normalizeName(args[1]);
  } else {
    matchType = args[0].toLowerCase();
    from = matchType === 'regex' ? args[1] : normalizeName(args[1]);
    to = matchType === 'regex' ? args[2] : normalizeName(args[2]);
  }
  if (args.length > 3) answerRules(matchType, args.slice(3));
  switch (matchType) {
    case 'exact':
      // CoreDNS compiles the replacement as a pattern here (arguments swapped), so it must be a valid regex too.
      validRegexPattern(to, from);
      return;
    case 'prefix':
    case 'suffix':
    case 'substring':
      return;
    case 'regex':
      validRegexPattern(from, to);
      return;
    default:
      bad(`name rule supports only exact, prefix, suffix, substring, and regex name matching, received: ${matchType}`);
  }
}

function classRule(args: string[]): void {
  for (const a of args.slice(0, 2)) if (!STRING_TO_CLASS.has(a.toUpperCase())) bad(`invalid class ${goQuote(a.toUpperCase())}`);
}

function typeRule(args: string[]): void {
  for (const a of args.slice(0, 2)) if (!STRING_TO_TYPE.has(a.toUpperCase())) bad(`invalid type ${goQuote(a.toUpperCase())}`);
}

/** ttl.go isValidTTL: `N`, `N-M`, `-M` or `N-`, within uint32. */
function validTTL(v: string): boolean {
  const u32 = (s: string) => parseUint(s, 10, 32);
  const s = v.split('-');
  if (s.length === 1) return u32(s[0]).ok;
  if (s.length !== 2) return false;
  let min = 0;
  let max = 2147483647;
  if (s[0] !== '') {
    const m = u32(s[0]);
    if (!m.ok) return false;
    min = m.value;
  }
  if (s[1] === '') {
    // "-" alone would mean 0-2147483647, which CoreDNS rejects as useless.
    if (s[0] === '') return false;
  } else {
    const m = u32(s[1]);
    if (!m.ok) return false;
    max = m.value;
  }
  return min <= max;
}

/** A `regex` matcher of the ttl and rcode rules. */
function ruleRegex(kind: string, pattern: string): void {
  const n = byteLength(pattern);
  if (n > MAX_REGEXP_LEN) bad(`regex pattern too long in a ${kind} rule: ${n} > ${MAX_REGEXP_LEN}`);
  if (!checkRegexp(pattern).ok) bad(`invalid regex pattern in a ${kind} rule: ${pattern}`);
}

/** The optional match type of a three-argument ttl or four-argument rcode rule. */
function matcher(kind: string, type: string, pattern: string): void {
  const t = type.toLowerCase();
  if (t === 'regex') return ruleRegex(kind, pattern);
  if (!MATCH_TYPES.includes(t)) bad(`${kind} rule supports only exact, prefix, suffix, substring, and regex name matching`);
}

function ttlRule(args: string[]): void {
  if (args.length < 2) bad(`too few (${args.length}) arguments for a ttl rule`);
  const s = args.length === 2 ? args[1] : args.length === 3 ? args[2] : '';
  if (!validTTL(s)) bad(`invalid TTL '${s}' for a ttl rule`);
  if (args.length === 3) return matcher('ttl', args[0], args[1]);
  // The wording is CoreDNS's.
  if (args.length > 3) bad('many few arguments for a ttl rule');
}

/** rcode.go isValidRCode: 0–23 or an rcode name. */
function validRCode(v: string): boolean {
  const i = parseUint(v, 10, 32);
  if (i.ok && i.value <= 23) return true;
  return STRING_TO_RCODE.has(v.toUpperCase());
}

function rcodeRule(args: string[]): void {
  if (args.length < 3) bad(`too few (${args.length}) arguments for a rcode rule`);
  const [oldS, newS] = args.length === 3 ? [args[1], args[2]] : args.length === 4 ? [args[2], args[3]] : ['', ''];
  if (!validRCode(oldS)) bad(`invalid matching RCODE '${oldS}' for a rcode rule`);
  if (!validRCode(newS)) bad(`invalid replacement RCODE '${newS}' for a rcode rule`);
  if (args.length === 4) return matcher('rcode', args[0], args[1]);
  if (args.length > 4) bad('many few arguments for a rcode rule');
}

function cnameRule(args: string[]): void {
  let type = 'exact';
  let from: string;
  if (args.length === 3) {
    type = args[0].toLowerCase();
    if (!MATCH_TYPES.includes(type)) bad(`unknown cname rewrite type: ${type}`);
    from = args[1].toLowerCase();
  } else if (args.length === 2) {
    from = args[0].toLowerCase();
  } else {
    return bad(`too few (${args.length}) arguments for a cname rule`);
  }
  if (type === 'regex') {
    const n = byteLength(from);
    if (n > MAX_REGEXP_LEN) bad(`regex pattern too long in a cname rule: ${n} > ${MAX_REGEXP_LEN}`);
    const re = checkRegexp(from);
    if (!re.ok) bad(`invalid cname rewrite regex pattern: ${re.error}`);
  }
}

/** edns0.go: option codes are uint16 in Go literal syntax (0x…, 0o…, 010, 1_000). */
function edns0Code(code: string): void {
  const c = parseUint(code, 0, 16);
  if (!c.ok) bad(c.error);
}

/** encoding/hex.DecodeString's error, if any. */
function hexError(s: string): string | undefined {
  const bytes = new TextEncoder().encode(s);
  const isHex = (b: number) => (b >= 48 && b <= 57) || (b >= 97 && b <= 102) || (b >= 65 && b <= 70);
  const invalid = (b: number) => `encoding/hex: invalid byte: ${goRuneU(b)}`;
  const pairs = Math.floor(bytes.length / 2);
  for (let i = 0; i < pairs; i++) {
    if (!isHex(bytes[2 * i])) return invalid(bytes[2 * i]);
    if (!isHex(bytes[2 * i + 1])) return invalid(bytes[2 * i + 1]);
  }
  if (bytes.length % 2 === 1) {
    if (!isHex(bytes[bytes.length - 1])) return invalid(bytes[bytes.length - 1]);
    return 'encoding/hex: odd length hex string';
  }
  return undefined;
}

const EDNS0_VARIABLES = ['{qname}', '{qtype}', '{client_ip}', '{client_port}', '{protocol}', '{server_ip}', '{server_port}'];

/** edns0.go isValidVariable: a known variable, or `{namespace/label}` metadata. */
function validVariable(v: string): boolean {
  if (EDNS0_VARIABLES.includes(v)) return true;
  if (!(v.startsWith('{') && v.endsWith('}'))) return false;
  const label = v.slice(1, -1);
  const p = label.indexOf('/');
  return p > 0 && p < label.length - 1;
}

function edns0Rule(all: string[]): void {
  let args = all;
  if (args.length < 2) bad('too few arguments for an EDNS0 rule');
  const ruleType = args[0].toLowerCase();
  const action = args[1].toLowerCase();
  if (action === 'unset') {
    switch (ruleType) {
      case 'local':
        if (args.length !== 3) bad('local unset action requires exactly two arguments');
        return edns0Code(args[2]);
      case 'nsid':
        if (args.length !== 2) bad('nsid unset action requires exactly one argument');
        return;
      case 'subnet':
        if (args.length !== 2) bad('subnet unset action requires exactly one argument');
        return;
      default:
        bad(`invalid rule type ${goQuote(ruleType)}`);
    }
  }
  if (!['append', 'replace', 'set'].includes(action)) bad(`invalid action: ${goQuote(action)}`);
  if (args[args.length - 1] === 'revert') args = args.slice(0, -1);
  switch (ruleType) {
    case 'local': {
      if (args.length !== 4) bad('EDNS0 local rules require three or four args');
      if (args[3].startsWith('{') && args[3].endsWith('}')) {
        edns0Code(args[2]);
        if (!validVariable(args[3])) bad(`unsupported variable name ${goQuote(args[3])}`);
        return;
      }
      edns0Code(args[2]);
      if (args[3].startsWith('0x')) {
        const e = hexError(args[3].slice(2));
        if (e) bad(e);
      }
      return;
    }
    case 'nsid':
      if (args.length !== 2) bad('EDNS0 NSID rules can accept no more than one arg');
      return;
    case 'subnet': {
      if (args.length !== 4) bad('EDNS0 subnet rules require three or four args');
      const v4 = parseUint(args[2], 0, 16);
      if (!v4.ok) bad(v4.error);
      if (v4.ok && v4.value > 32) bad(`invalid IPv4 bit mask length ${v4.value}`);
      const v6 = parseUint(args[3], 0, 16);
      if (!v6.ok) bad(v6.error);
      if (v6.ok && v6.value > 128) bad(`invalid IPv6 bit mask length ${v6.value}`);
      return;
    }
    default:
      bad(`invalid rule type ${goQuote(ruleType)}`);
  }
}

/** rewrite.go newRule: the rule's error message, or undefined when CoreDNS accepts it. */
export function ruleError(args: string[]): string | undefined {
  try {
    newRule(args);
    return undefined;
  } catch (e) {
    if (e instanceof RuleError) return e.message;
    throw e;
  }
}

function newRule(args: string[]): void {
  if (args.length === 0) bad('no rule type specified for rewrite');
  const arg0 = args[0].toLowerCase();
  let ruleType = arg0;
  let expectNumArgs = args.length;
  let start = 1;
  if (arg0 === 'continue' || arg0 === 'stop') {
    if (args.length < 2) bad(`${arg0} rule must begin with a rule type`);
    ruleType = args[1].toLowerCase();
    expectNumArgs = args.length - 1;
    start = 2;
  }
  const rest = args.slice(start);
  switch (ruleType) {
    case 'answer':
      return bad('response rewrites must begin with a name rule');
    case 'name':
      return nameRule(rest);
    case 'class':
      if (expectNumArgs !== 3) bad(`${ruleType} rules must have exactly two arguments`);
      return classRule(rest);
    case 'type':
      if (expectNumArgs !== 3) bad(`${ruleType} rules must have exactly two arguments`);
      return typeRule(rest);
    case 'edns0':
      return edns0Rule(rest);
    case 'ttl':
      return ttlRule(rest);
    case 'cname':
      return cnameRule(rest);
    case 'rcode':
      return rcodeRule(rest);
    default:
      bad(`invalid rule type ${goQuote(args[0])}`);
  }
}

/** plugin/rewrite/setup.go rewriteParse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('rewrite', ctx, ({ d: c }) => {
    while (c.next()) {
      const at = c.token();
      const args = c.remainingArgs();
      // Fewer than two arguments on the line: the rule is spelled out in a block, one word per token.
      if (args.length < 2) while (c.nextBlock()) args.push(c.val());
      const e = ruleError(args);
      if (e !== undefined) throw new SetupError(e, at);
    }
  });
