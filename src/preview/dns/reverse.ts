import { ipString, parseIP } from '../../catalog/zones.js';

/** dnsutil.ExtractAddressFromReverse: the address a full reverse name encodes, or '' when it is not one. */
export function addressFromReverse(name: string): string {
  const n = name.toLowerCase();
  if (n.endsWith('.in-addr.arpa.')) {
    const labels = n.slice(0, -'.in-addr.arpa.'.length).split('.');
    if (labels.length !== 4) return '';
    const ip = parseIP(labels.reverse().join('.'));
    return ip ? ipString(ip) : '';
  }
  if (n.endsWith('.ip6.arpa.')) {
    const labels = n.slice(0, -'.ip6.arpa.'.length).split('.');
    if (labels.length !== 32 || !labels.every((l) => /^[0-9a-f]$/.test(l))) return '';
    const hex = labels.reverse().join('');
    const groups = hex.match(/.{4}/g)!.join(':');
    const ip = parseIP(groups);
    return ip ? ipString(ip) : '';
  }
  return '';
}

/** dnsutil.IsReverse: 1 for in-addr.arpa, 2 for ip6.arpa, 0 otherwise. */
export function isReverse(name: string): number {
  const n = name.toLowerCase();
  if (n.endsWith('in-addr.arpa.')) return 1;
  if (n.endsWith('ip6.arpa.')) return 2;
  return 0;
}
