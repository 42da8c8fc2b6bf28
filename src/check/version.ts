/** A CoreDNS release, compared numerically. */
export interface Version {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

/** The newest CoreDNS the catalog describes, and the default target. */
export const LATEST_COREDNS = '1.14.7';

/** Parse `X.Y.Z` (a leading `v` is allowed); undefined otherwise. */
export function parseVersion(s: string): Version | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return undefined;
  const v = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
  return { ...v, text: `${v.major}.${v.minor}.${v.patch}` };
}

/** <0, 0 or >0 as a is older than, equal to or newer than b. */
export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** `v` is at least `since` (a version string). */
export function atLeast(v: Version, since: string): boolean {
  const s = parseVersion(since);
  return s !== undefined && compareVersions(v, s) >= 0;
}
