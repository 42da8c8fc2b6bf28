import type { Dispenser } from '../../ast/dispenser.js';
import type { CoreToken } from '../../ast/read.js';
import type { SetupValidator } from '../types.js';
import {
  Duration, SetupError, STRING_TO_RCODE, atoi, classifyUpstream, formatDuration, goQuote, hostNormalizeExact, isDomainName,
  parseDuration, isIP, parseUint10, remainingArgTokens, runSetup, splitHostPort, splitTransport, tlsConfigArgsError, transportOf,
} from '../values.js';
import type { Parsed, SetupRun } from '../values.js';

const MAX_UPSTREAMS = 15;
const DEFAULT_EXPIRE = 10 * Duration.second;

interface Upstream {
  /** As setup.go names it in messages (without the TLS server name). */
  host: string;
  /** TLS server name given as `%name`. */
  zone: string;
  transport: string;
  /** The argument it came from. */
  token: CoreToken;
}

interface Stanza {
  expire: number;
  maxAge: number;
  tlsServerName: string;
}

/**
 * coredns/coredns:plugin/forward/setup.go parseForward and setup. Every
 * occurrence is its own forwarder. Upstreams that are neither IP
 * addresses nor usable without the file system or DNS (resolv.conf-style
 * files, host names to resolve) are accepted: the running server decides.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('forward', ctx, (run) => {
    const { d } = run;
    const upstreamCounts: number[] = [];
    while (d.next()) upstreamCounts.push(parseStanza(run));
    // setup checks the count only after every stanza parsed.
    for (const n of upstreamCounts) {
      if (n > MAX_UPSTREAMS) throw new SetupError(`more than ${MAX_UPSTREAMS} TOs configured: ${n}`);
    }
  });

/** One forward stanza; returns how many upstream entries it has. */
function parseStanza({ d, warn }: SetupRun): number {
  // c.Args(&from)
  if (!d.nextArg()) throw d.argErr();
  const from = d.val();
  const fromToken = d.token();
  const zones = hostNormalizeExact(from);
  if (zones.length === 0) throw new SetupError(`unable to normalize '${from}'`, d.token());
  if (zones.length > 1) {
    warn(`Unsupported CIDR notation: '${from}' expands to multiple zones. Using only '${zones[0]}'.`, d.token());
  }
  const toTokens = remainingArgTokens(d);
  if (toTokens.length === 0) throw d.argErr();

  const f: Stanza = { expire: DEFAULT_EXPIRE, maxAge: 0, tlsServerName: '' };
  while (d.nextBlock()) parseBlock(d, f);

  if (f.maxAge > 0 && f.maxAge < f.expire) {
    throw new SetupError(`max_age (${formatDuration(f.maxAge)}) must not be less than expire (${formatDuration(f.expire)})`, fromToken);
  }
  for (const t of toTokens) {
    // The https transport with a `/` after its `https://`.
    if (t.text.startsWith('https://') && t.text.indexOf('/', 8) !== -1) {
      throw new SetupError(
        `paths are not allowed in HTTPS upstream addresses (the /dns-query path is used by default): ${t.text}`,
        t,
      );
    }
  }

  // classifyToAddrs: each address alone through parse.HostPortOrFile.
  const upstreams: Upstream[] = [];
  let undecided = 0;
  for (const t of toTokens) {
    // parse.HostPortOrFile of the one address: a server, or a file.
    const c = classifyUpstream(t.text);
    if (!c.ok) throw new SetupError(c.error, t);
    const u = c.value;
    if (u.kind !== 'file') {
      // Go's switch on the transport has no https3 case, so a bare https3 address becomes the empty string.
      const server = u.kind === 'address' && u.transport === 'https3' && u.text !== t.text ? '' : u.text;
      const { host, zone } = splitZone(server);
      upstreams.push({ host, zone, transport: transportOf(host), token: t });
    } else {
      const entry = hostEntry(t);
      // A host name is resolved at start-up; anything else must be a readable resolv.conf.
      if (entry) upstreams.push(entry);
      else undecided++;
    }
  }
  if (upstreams.length === 0 && undecided === 0) throw new SetupError('no valid upstream addresses found', fromToken);

  for (const { host, zone, transport, token } of upstreams) {
    if (transport !== 'dns' && transport !== 'tls' && transport !== 'https') {
      throw new SetupError(`'${transport}' is not supported as a destination protocol in forward: ${host}`, token);
    }
    if (transport === 'tls' && zone !== '' && f.tlsServerName !== '') {
      throw new SetupError(
        `both forward ('${f.tlsServerName}') and proxy level ('${zone}') TLS servernames are set for upstream proxy '${host}'`,
        token,
      );
    }
  }
  return toTokens.length;
}

/** A Parsed value, or its error thrown at the Dispenser's token. */
function check<T>(d: Dispenser, p: Parsed<T>): T {
  if (!p.ok) throw new SetupError(p.error, d.token());
  return p.value;
}

function failAt(d: Dispenser, msg: string): SetupError {
  return new SetupError(msg, d.token());
}

function oneArg(d: Dispenser): string {
  if (!d.nextArg()) throw d.argErr();
  return d.val();
}

function parseBlock(d: Dispenser, f: Stanza): void {
  switch (d.val()) {
    case 'except':
      if (d.countRemainingArgs() === 0) throw d.argErr();
      break;
    case 'max_fails':
    case 'max_connect_attempts':
      check(d, parseUint10(oneArg(d), 32));
      break;
    case 'health_check': {
      const dur = check(d, parseDuration(oneArg(d)));
      if (dur < 0) throw failAt(d, `health_check can't be negative: ${dur}`);
      while (d.nextArg()) {
        const opt = d.val();
        if (opt === 'no_rec') continue;
        if (opt !== 'domain') throw failAt(d, `health_check: unknown option ${opt}`);
        const domain = oneArg(d);
        if (!isDomainName(domain).ok) throw failAt(d, `health_check: invalid domain name ${domain}`);
      }
      break;
    }
    case 'force_tcp':
    case 'prefer_udp':
    case 'next_on_nodata':
      if (d.nextArg()) throw d.argErr();
      break;
    case 'tls': {
      const args = d.remainingArgs();
      if (args.length > 3) throw d.argErr();
      const e = tlsConfigArgsError(args);
      if (e) throw failAt(d, e);
      break;
    }
    case 'tls_servername':
      f.tlsServerName = oneArg(d);
      break;
    case 'expire':
    case 'max_age': {
      const opt = d.val();
      const dur = check(d, parseDuration(oneArg(d)));
      if (dur < 0) throw failAt(d, `${opt} can't be negative: ${formatDuration(dur)}`);
      if (opt === 'expire') f.expire = dur;
      else f.maxAge = dur;
      break;
    }
    case 'max_idle_conns':
    case 'max_concurrent': {
      const opt = d.val();
      const n = check(d, atoi(oneArg(d)));
      if (n < 0) throw failAt(d, `${opt} can't be negative: ${n}`);
      break;
    }
    case 'read_timeout': {
      const dur = check(d, parseDuration(oneArg(d)));
      if (dur <= 0) throw failAt(d, `read_timeout must be positive: ${formatDuration(dur)}`);
      break;
    }
    case 'doh_method': {
      const m = oneArg(d);
      if (m !== 'POST' && m !== 'GET') throw failAt(d, 'doh_method must be either POST or GET');
      break;
    }
    case 'policy': {
      const p = oneArg(d);
      if (!['random', 'round_robin', 'sequential'].includes(p)) throw d.err(`unknown policy '${p}'`);
      break;
    }
    case 'next':
    case 'failover': {
      const opt = d.val();
      const args = d.remainingArgs();
      if (args.length === 0) throw d.argErr();
      for (const rcode of args) {
        const rc = STRING_TO_RCODE.get(rcode.toUpperCase());
        if (rc === undefined) throw failAt(d, `${rcode} is not a valid rcode`);
        if (opt === 'failover' && rc === 0) throw failAt(d, 'NoError cannot be used in failover');
      }
      break;
    }
    case 'failfast_all_unhealthy_upstreams':
      if (d.countRemainingArgs() !== 0) throw d.argErr();
      break;
    case 'resolver': {
      const args = d.remainingArgs();
      if (args.length === 0) throw d.argErr();
      for (const arg of args) {
        const hp = splitHostPort(arg);
        const host = hp.ok ? hp.value.host : arg;
        if (!isIP(host)) throw failAt(d, `resolver must be an IP address or IP:port: ${goQuote(arg)}`);
      }
      break;
    }
    case 'source_address': {
      const a = oneArg(d);
      if (!isIP(a)) throw d.err(`invalid IP address: ${a}`);
      break;
    }
    default:
      throw d.err(`unknown property '${d.val()}'`);
  }
}

/** forward's splitZone: `tls://1.2.3.4%name:853` → host `tls://1.2.3.4:853`, zone (TLS server name) `name`. */
export function splitZone(input: string): { host: string; zone: string } {
  // Without a `%` the host is put back together exactly as it was.
  if (input.indexOf('%') === -1) return { host: input, zone: '' };
  const cut = input.indexOf('://');
  const trans = cut < 0 ? '' : input.slice(0, cut);
  const host = cut < 0 ? input : input.slice(cut + 3);
  let newHost = host;
  let zone = '';
  const pct = host.lastIndexOf('%');
  if (pct >= 0) {
    newHost = host.slice(0, pct);
    if (newHost.startsWith('[')) newHost += ']';
    zone = host.slice(pct + 1);
    const colon = zone.lastIndexOf(':');
    if (colon >= 0) {
      newHost += zone.slice(colon);
      zone = zone.slice(0, colon).replace(/\]$/, '');
    }
  }
  return { host: trans !== '' ? `${trans}://${newHost}` : newHost, zone };
}

/**
 * parseAsHostEntry for an upstream that is neither an IP address nor
 * (statically) a file: a host name that is resolved at start-up. Its
 * addresses keep the transport and TLS server name; the message names the
 * host, as its addresses are not known yet.
 */
function hostEntry(token: CoreToken): Upstream | undefined {
  const { host: clean, zone } = splitZone(token.text);
  const { transport, addr } = splitTransport(clean);
  if (transport !== 'dns' && transport !== 'tls' && transport !== 'https') return undefined;
  const hp = splitHostPort(addr);
  const hostname = (hp.ok ? hp.value.host : addr).replace(/^[[\]]+|[[\]]+$/g, '');
  if (!isDomainName(hostname).ok || hostname === '' || isIP(hostname)) return undefined;
  return { host: clean, zone, transport, token };
}
