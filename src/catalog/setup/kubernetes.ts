import { RE2JS } from 're2js';
import type { SetupValidator } from '../types.js';
import {
  atoi,
  byteLength,
  goQuote,
  kubernetesTTL,
  originsFromArgsOrServerBlock,
  parseDuration,
  parseFloat64,
  runSetup,
  SetupError,
  ERR_ONCE,
} from '../values.js';

// ---------------------------------------------------------------------------
// k8s.io/apimachinery label selectors (labels.Parse as metav1.ParseToLabelSelector uses it)
// ---------------------------------------------------------------------------

const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY = RE2JS.compile(`^${LABEL_KEY_FMT}$`);
const LABEL_VALUE = RE2JS.compile(`^(${LABEL_KEY_FMT})?$`);
const DNS1123_SUBDOMAIN = RE2JS.compile('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$');
const KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** content.IsLabelKey: the reasons a label key is invalid (empty when valid). */
function labelKeyErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2) return [`a valid label key ${KEY_MSG} with an optional DNS subdomain prefix and '/'`];
  const name = parts.length === 1 ? parts[0] : parts[1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') errs.push('prefix part must be non-empty');
    else {
      if (byteLength(prefix) > 253) errs.push('prefix part must be no more than 253 bytes');
      if (!DNS1123_SUBDOMAIN.matches(prefix))
        errs.push(
          "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        );
    }
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push('name part must be no more than 63 bytes');
  if (!LABEL_KEY.matches(name)) errs.push(`name part ${KEY_MSG}`);
  return errs;
}

function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push('must be no more than 63 bytes');
  if (!LABEL_VALUE.matches(value)) errs.push(`a valid label must be an empty string or ${KEY_MSG.replace('must consist', 'consist')}`);
  return errs;
}

type Tok = 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';
const KEYWORDS: Record<string, Tok> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

/** labels.Lexer: the whole input as tokens, ending with 'eos'. */
function lexSelector(s: string): Array<[Tok, string]> {
  const out: Array<[Tok, string]> = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && WHITESPACE.has(s[pos])) pos++;
    if (pos >= s.length) {
      out.push(['eos', '']);
      return out;
    }
    if (SPECIAL.has(s[pos])) {
      // Longest run of symbols that is still a known operator.
      let buf = '';
      let last: [Tok, string] | undefined;
      while (pos < s.length && SPECIAL.has(s[pos])) {
        buf += s[pos];
        const t = KEYWORDS[buf];
        if (t) last = [t, buf];
        else if (last) break;
        pos++;
      }
      out.push(last ?? ['error', `error expected: keyword found '${buf}'`]);
      continue;
    }
    let buf = '';
    while (pos < s.length && !SPECIAL.has(s[pos]) && !WHITESPACE.has(s[pos])) buf += s[pos++];
    out.push([KEYWORDS[buf] ?? 'id', buf]);
  }
}

/** metav1.ParseToLabelSelector's error for `selector`, if any. */
export function labelSelectorError(selector: string): string | undefined {
  const items = lexSelector(selector);
  let p = 0;
  const asValue = (t: Tok): Tok => (t === 'in' || t === 'notin' ? 'id' : t);
  const look = (values: boolean): [Tok, string] => [values ? asValue(items[p][0]) : items[p][0], items[p][1]];
  const take = (values: boolean): [Tok, string] => {
    const r = look(values);
    p++;
    return r;
  };
  const invalid = (v: string, errs: string[]) => `Invalid value: ${goQuote(v)}: ${errs.join('; ')}`;
  const unsupported: string[] = [];

  const requirement = (): string | undefined => {
    let [tok, lit] = take(true);
    let op = '';
    if (tok === '!') {
      op = '!';
      [tok, lit] = take(true);
    }
    if (tok !== 'id') return `found '${lit}', expected: identifier`;
    const key = lit;
    const kerr = labelKeyErrors(key);
    if (kerr.length) return invalid(key, kerr);
    const [next] = look(true);
    if (op === '!' || next === 'eos' || next === ',') return undefined;
    const [opTok, opLit] = take(false);
    if (!['in', '=', '==', '>', '<', 'notin', '!='].includes(opTok)) {
      return `found '${opLit}', expected: in, notin, =, ==, !=, gt, lt`;
    }
    const values: string[] = [];
    if (opTok === 'in' || opTok === 'notin') {
      const [open, openLit] = take(true);
      if (open !== '(') return `found '${openLit}' expected: '('`;
      const [first, firstLit] = look(true);
      if (first === ')') {
        take(true);
        values.push('');
      } else if (first === 'id' || first === ',') {
        for (;;) {
          const [t, l] = take(true);
          if (t === 'id') {
            values.push(l);
            const [t2, l2] = look(true);
            if (t2 === ',') continue;
            if (t2 === ')') break;
            return `found '${l2}', expected: ',' or ')'`;
          }
          if (t === ',') {
            values.push('');
            const [t2] = look(true);
            if (t2 === ')') break;
            continue;
          }
          return `found '${l}', expected: ',', or identifier`;
        }
        if (take(true)[0] !== ')') return `found '${firstLit}', expected: ')'`;
      } else {
        return `found '${firstLit}', expected: ',', ')' or identifier`;
      }
    } else {
      const [t] = look(true);
      if (t === 'eos' || t === ',') values.push('');
      else {
        const [t2, l2] = take(true);
        if (t2 !== 'id') return `found '${l2}', expected: identifier`;
        values.push(l2);
      }
    }
    const errs: string[] = [];
    if (opTok === '>' || opTok === '<') {
      for (const v of values)
        if (!/^[+-]?[0-9]+$/.test(v)) errs.push(invalid(v, ["for 'Gt', 'Lt' operators, the value must be an integer"]));
    }
    for (const v of values) {
      const verr = labelValueErrors(v);
      if (verr.length) errs.push(invalid(v, verr));
    }
    if (errs.length === 1) return errs[0];
    if (errs.length > 1) return `[${errs.join(', ')}]`;
    if (opTok === '>' || opTok === '<') unsupported.push(`${goQuote(opTok === '>' ? 'gt' : 'lt')} isn't supported in label selectors`);
    if (opTok === '!=') unsupported.push(`${goQuote('!=')} is not a valid label selector operator`);
    return undefined;
  };

  const parseError = (): string | undefined => {
    for (;;) {
      const [tok, lit] = look(true);
      if (tok === 'eos') return undefined;
      if (tok !== 'id' && tok !== '!') return `found '${lit}', expected: !, identifier, or 'end of string'`;
      const e = requirement();
      if (e !== undefined) return `unable to parse requirement: ${e}`;
      const [t, l] = take(true);
      if (t === 'eos') return undefined;
      if (t !== ',') return `found '${l}', expected: ',' or 'end of string'`;
      const [t2, l2] = look(true);
      if (t2 !== 'id' && t2 !== '!') return `found '${l2}', expected: identifier after ','`;
    }
  };
  const e = parseError();
  if (e !== undefined) return `couldn't parse the selector string "${selector}": ${e}`;
  return unsupported[0];
}

// ---------------------------------------------------------------------------

/** dnsutil.IsReverse. */
function isReverse(zone: string): boolean {
  return zone.endsWith('.in-addr.arpa.') || zone.endsWith('.ip6.arpa.');
}

/** strconv.ParseFloat(s, 32). */
function parseFloat32(s: string) {
  const v = parseFloat64(s);
  if (v.ok && Number.isFinite(v.value) && !Number.isFinite(Math.fround(v.value))) {
    return { ok: false as const, error: `strconv.ParseFloat: parsing ${goQuote(s)}: value out of range` };
  }
  return v;
}

const POD_MODES = ['disabled', 'insecure', 'verified'];

/**
 * plugin/kubernetes/setup.go kubernetesParse and ParseStanza. Connecting
 * to the API (kubeconfig, in-cluster credentials, TLS files) happens in
 * InitKubeCache and is not modelled.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('kubernetes', ctx, ({ d: c, warn }) => {
    let i = 0;
    while (c.next()) {
      if (i > 0) throw new SetupError(ERR_ONCE, c.token());
      i++;
      const zones = originsFromArgsOrServerBlock(c.remainingArgs(), ctx.serverBlockKeys);
      if (!zones.some((z) => !isReverse(z))) throw new SetupError('non-reverse zone name must be used', c.token());
      let namespaces = 0;
      let namespaceLabels = false;
      let multicluster: string[] = [];
      let zonal = false;
      let endpoints = true;
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'endpoint_pod_names':
            if (c.countRemainingArgs() > 0) throw c.argErr();
            break;
          case 'pods': {
            const args = c.remainingArgs();
            if (args.length !== 1) throw c.argErr();
            if (!POD_MODES.includes(args[0])) {
              throw new SetupError(`wrong value for pods: ${args[0]},  must be one of: disabled, verified, insecure`, c.token());
            }
            break;
          }
          case 'namespaces': {
            const args = c.remainingArgs();
            if (args.length === 0) throw c.argErr();
            namespaces += new Set(args).size;
            break;
          }
          case 'endpoint': {
            const args = c.remainingArgs();
            if (args.length === 0) throw c.argErr();
            if (args.length > 1) warn(`Multiple endpoints have been deprecated, only the first specified endpoint '${args[0]}' is used`);
            break;
          }
          case 'tls':
            if (c.countRemainingArgs() !== 3) throw c.argErr();
            break;
          case 'labels':
          case 'namespace_labels': {
            const which = c.val();
            const args = c.remainingArgs();
            if (args.length === 0) throw c.argErr();
            const s = args.join(' ');
            const e = labelSelectorError(s);
            const what = which === 'labels' ? 'label selector' : 'namespace_label selector';
            if (e !== undefined) throw new SetupError(`unable to parse ${what} value: '${s}': ${e}`, c.token());
            if (which === 'namespace_labels') namespaceLabels = true;
            break;
          }
          case 'fallthrough':
            c.countRemainingArgs();
            break;
          case 'ttl':
            kubernetesTTL(c);
            break;
          case 'noendpoints':
            if (c.countRemainingArgs() !== 0) throw c.argErr();
            endpoints = false;
            break;
          case 'zonal':
            if (c.countRemainingArgs() !== 0) throw c.argErr();
            zonal = true;
            break;
          case 'ignore': {
            const args = c.remainingArgs();
            if (args.length > 0 && args[0] !== 'empty_service') {
              throw new SetupError(`unable to parse ignore value: '${args[0]}'`, c.token());
            }
            break;
          }
          case 'kubeconfig': {
            const n = c.countRemainingArgs();
            if (n !== 1 && n !== 2) throw c.argErr();
            break;
          }
          case 'multicluster':
            multicluster = originsFromArgsOrServerBlock(c.remainingArgs(), []);
            break;
          case 'startup_timeout': {
            const args = c.remainingArgs();
            if (args.length === 0) throw c.argErr();
            const d = parseDuration(args[0]);
            if (!d.ok) throw new SetupError(`failed to parse startup_timeout: ${args[0]}, ${d.error}`, c.token());
            break;
          }
          case 'apiserver_qps': {
            const args = c.remainingArgs();
            if (args.length !== 1) throw c.argErr();
            const q = parseFloat32(args[0]);
            if (!q.ok) throw c.err(`invalid apiserver_qps ${goQuote(args[0])}: ${q.error}`);
            if (q.value < 0) throw c.err('apiserver_qps must be >= 0');
            break;
          }
          case 'apiserver_burst':
          case 'apiserver_max_inflight': {
            const name = c.val();
            const args = c.remainingArgs();
            if (args.length !== 1) throw c.argErr();
            const n = atoi(args[0]);
            if (!n.ok) throw c.err(`invalid ${name} ${goQuote(args[0])}: ${n.error}`);
            if (n.value < 0) throw c.err(`${name} must be >= 0`);
            break;
          }
          default:
            throw c.err(`unknown property '${c.val()}'`);
        }
      }
      if (namespaces !== 0 && namespaceLabels) throw c.err('namespaces and namespace_labels cannot both be set');
      for (const z of multicluster) {
        if (!zones.includes(z))
          throw c.err(`is not authoritative for the multicluster zone ${z} (authoritative zones: [${zones.join(' ')}])`);
      }
      // Zone-scoped names are answered from the endpoint cache, which noendpoints turns off.
      if (zonal && !endpoints) throw c.err('zonal requires the endpoint cache; remove noendpoints');
    }
  });
