import type { SetupValidator } from '../types.js';
import { UnwrappedError, runSetup } from '../values.js';

const EVENTS = new Set(['startup', 'shutdown', 'certrenew']);

/**
 * coredns/caddy:onevent/on.go onParse. Its errors are returned without the
 * `plugin/on: ` prefix. The command is split as on Unix (go-shlex).
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('on', ctx, ({ d }) => {
    while (d.next()) {
      if (!d.nextArg()) throw new UnwrappedError(d.argErr());
      if (!EVENTS.has(d.val().toLowerCase())) {
        throw new UnwrappedError(d.err(`Wrong event name or event not supported: '${d.val()}'`));
      }
      const command = d.remainingArgs().join(' ');
      const err = splitCommandError(command);
      if (err) throw new UnwrappedError(d.err(err));
    }
  });

const SHLEX_CHAR = new Set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-,/@$*()+=><:;&^%~|!?[]{}');

type RuneClass = 'char' | 'space' | 'dquote' | 'squote' | 'escape' | 'comment' | 'unknown' | 'eof';

function classify(c: string | undefined): RuneClass {
  if (c === undefined) return 'eof';
  if (SHLEX_CHAR.has(c)) return 'char';
  if (c === ' ' || c === '\t' || c === '\r' || c === '\n') return 'space';
  if (c === '"') return 'dquote';
  if (c === "'") return 'squote';
  if (c === '\\') return 'escape';
  if (c === '#') return 'comment';
  return 'unknown';
}

/**
 * caddy.SplitCommandAndArgs on Unix, a port of flynn/go-shlex's state
 * machine (including its spelling of "Uknown"): the error for a command
 * it cannot split, or that holds no word.
 */
function splitCommandError(command: string): string | undefined {
  const runes = [...command];
  const unknown = (r: string, start: boolean) => `${start ? 'Unknown' : 'Uknown'} rune: ${r.codePointAt(0)}`;
  let words = 0;
  let state: 'start' | 'word' | 'escaping' | 'escapingQuoted' | 'dquoted' | 'squoted' | 'comment' = 'start';
  for (let i = 0; i <= runes.length; i++) {
    const r = runes[i];
    const k = classify(r);
    const fail = (why: string) => `error parsing command: ${why}`;
    switch (state) {
      case 'start':
        if (k === 'eof') break;
        if (k === 'char') state = 'word';
        else if (k === 'dquote') state = 'dquoted';
        else if (k === 'squote') state = 'squoted';
        else if (k === 'escape') state = 'escaping';
        else if (k === 'comment') state = 'comment';
        else if (k === 'unknown') return fail(unknown(r!, true));
        if (state !== 'start' && state !== 'comment') words++;
        break;
      case 'word':
        if (k === 'space' || k === 'eof') state = 'start';
        else if (k === 'dquote') state = 'dquoted';
        else if (k === 'squote') state = 'squoted';
        else if (k === 'escape') state = 'escaping';
        else if (k === 'unknown') return fail(unknown(r!, false));
        break;
      case 'escaping':
      case 'escapingQuoted':
        if (k === 'eof') return fail('EOF found after escape character');
        if (k === 'unknown') return fail(unknown(r!, false));
        state = state === 'escaping' ? 'word' : 'dquoted';
        break;
      case 'dquoted':
        if (k === 'eof') return fail('EOF found when expecting closing quote.');
        if (k === 'dquote') state = 'word';
        else if (k === 'escape') state = 'escapingQuoted';
        break;
      case 'squoted':
        if (k === 'eof') return fail('EOF found when expecting closing quote.');
        if (k === 'squote') state = 'word';
        break;
      case 'comment':
        if (r === '\n') state = 'start';
        break;
    }
  }
  return words === 0 ? `no command contained in '${command}'` : undefined;
}
