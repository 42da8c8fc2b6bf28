import type { SetupValidator } from '../types.js';
import { atoi, goQuote, isDomainName, isIP, runSetup, SetupError, splitHostPort, type SetupRun } from '../values.js';

/** certmagic.DefaultACME.CA: Let's Encrypt production. */
const DEFAULT_CA = 'https://acme-v02.api.letsencrypt.org/directory';
const CLIENT_AUTH = ['nocert', 'request', 'require', 'verify_if_given', 'require_and_verify'];

/**
 * idna.Lookup.ToASCII's verdict: STD3 rules (letters, digits and hyphens
 * only) and the hyphen checks, on the name after IDNA mapping. The mapping
 * and Punycode conversion of non-ASCII labels is the platform's (WHATWG URL
 * host parsing, the same UTS #46 processing without the STD3 and hyphen
 * checks, which follow here).
 */
function idnaError(name: string): string | undefined {
  const bad = /[^a-z0-9.\-\u0080-\u{10ffff}]/u.exec(name);
  if (bad) return `idna: disallowed rune U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  let ascii = name;
  if (/[^\x00-\x7f]/.test(name)) {
    try {
      ascii = new URL(`http://${name}/`).hostname;
    } catch {
      return `idna: invalid label ${goQuote(name)}`;
    }
  }
  for (const label of ascii.split('.')) {
    if (label === '') continue;
    const disallowed = /[^a-z0-9-]/.exec(label);
    if (disallowed) return `idna: disallowed rune U+${disallowed[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    if (label.startsWith('xn--')) continue;
    if (label.length > 4 && label[2] === '-' && label[3] === '-') return `idna: invalid label ${goQuote(label)}`;
    if (label.startsWith('-') || label.endsWith('-')) return `idna: invalid label ${goQuote(label)}`;
  }
  return undefined;
}

/** acme.go normalizeACMEDomain: the normalised name, or the error. */
function acmeDomain(raw: string): { domain?: string; error?: string } {
  const domain = raw.replace(/\.$/, '').toLowerCase();
  const wildcard = domain.startsWith('*.');
  const check = wildcard ? domain.slice(2) : domain;
  const invalid = { error: `invalid ACME domain ${goQuote(domain)}` };
  if (domain === '' || check === '' || check.includes('*') || isIP(check)) return invalid;
  const e = idnaError(check);
  if (e !== undefined) return { error: `invalid ACME domain ${goQuote(domain)}: ${e}` };
  const ascii = /[^\x00-\x7f]/.test(check) ? new URL(`http://${check}/`).hostname : check;
  if (!isDomainName(ascii).ok) return invalid;
  return { domain: wildcard ? `*.${ascii}` : ascii };
}

/** Whether net/url.Parse gives an http(s) URL with a host. */
function validCA(raw: string): boolean {
  if (/[\x00-\x1f\x7f ]/.test(raw)) return false;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(raw);
  if (!m) return false;
  const scheme = m[1].toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return false;
  const authority = m[2];
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host === '') return false;
  const port = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host);
  if (!port || (port[1] !== undefined && !/^[0-9]*$/.test(port[1]))) return false;
  const hostname = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:[0-9]*$/, '');
  return hostname !== '';
}

interface AcmeOptions {
  domains: string[];
  email: string;
  ca: string;
  storage: string;
  caRoot: string;
  resolver: string;
}

/** plugin/tls/acme.go parseACMETLS up to registering the configuration. */
function parseACME({ d: c }: SetupRun, owners: Map<string, string>): void {
  const o: AcmeOptions = { domains: [], email: '', ca: DEFAULT_CA, storage: '', caRoot: '', resolver: '' };
  const seen = new Set<string>();
  while (c.nextBlock()) {
    const name = c.val();
    const args = c.remainingArgs();
    if (seen.has(name)) throw c.err(`ACME option ${goQuote(name)} can only be specified once`);
    seen.add(name);
    const one = () => {
      if (args.length !== 1) throw c.argErr();
      return args[0];
    };
    switch (name) {
      case 'acme':
        if (args.length === 0) throw c.argErr();
        o.domains = args;
        break;
      case 'email':
        o.email = one();
        break;
      case 'ca':
        o.ca = one();
        break;
      case 'storage':
        o.storage = one();
        break;
      case 'ca_root':
        o.caRoot = one();
        break;
      case 'resolver':
        o.resolver = one();
        break;
      default:
        throw c.err(`unknown ACME option ${goQuote(name)}`);
    }
  }
  const fail = (msg: string) => new SetupError(msg, c.token());
  if (o.domains.length === 0) throw fail('ACME requires at least one domain');
  const domains: string[] = [];
  for (const raw of o.domains) {
    const d = acmeDomain(raw);
    if (d.error !== undefined) throw fail(d.error);
    if (!domains.includes(d.domain!)) domains.push(d.domain!);
  }
  if (!validCA(o.ca)) throw fail(`invalid ACME CA URL ${goQuote(o.ca)}`);
  if (o.resolver !== '') {
    const hp = splitHostPort(o.resolver);
    if (!hp.ok) throw fail(`invalid ACME resolver ${goQuote(o.resolver)}: ${hp.error}`);
    if (hp.value.host === '') throw fail(`invalid ACME resolver ${goQuote(o.resolver)}: host is empty`);
    const port = atoi(hp.value.port);
    if (!port.ok || port.value < 1 || port.value > 65535) throw fail(`invalid ACME resolver port ${goQuote(hp.value.port)}`);
  }
  // ca_root is read here (loadACMETrustedRoots); its contents are not static.
  const key = JSON.stringify([[...domains].sort(), o.email, o.ca, o.storage, o.caRoot, o.resolver]);
  for (const d of domains) {
    const owner = owners.get(d);
    if (owner !== undefined && owner !== key) throw fail(`ACME domain ${goQuote(d)} is configured with conflicting options`);
  }
  for (const d of domains) owners.set(d, key);
}

/**
 * plugin/tls/tls.go parseTLS. Certificate, key and CA files are loaded and
 * the key log is opened at setup, so those are not checked here; ACME
 * conflicts are checked between the occurrences in this server block only
 * (CoreDNS checks them across the whole Corefile).
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('tls', ctx, (run) => {
    const { d: c } = run;
    const owners = new Map<string, string>();
    while (c.next()) {
      const args = c.remainingArgs();
      if (args.length === 0) {
        parseACME(run, owners);
        continue;
      }
      if (args.length < 2 || args.length > 3) {
        // parseManualTLS wraps this one itself, so CoreDNS prints the prefix twice.
        throw new SetupError(`plugin/tls: ${c.argErr().message}`, c.token());
      }
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'client_auth': {
            const a = c.remainingArgs();
            if (a.length !== 1) throw c.argErr();
            if (!CLIENT_AUTH.includes(a[0])) throw c.err(`unknown authentication type '${a[0]}'`);
            break;
          }
          case 'keylog':
            if (c.countRemainingArgs() !== 1) throw c.argErr();
            break;
          default:
            throw c.err(`unknown option '${c.val()}'`);
        }
      }
    }
  });
