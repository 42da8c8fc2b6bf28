/**
 * A unified diff of two texts, line by line (Myers' O(ND) algorithm on the
 * part between the common head and tail, up to 2,000 changed lines), with three lines of context, as
 * `diff -u` and `git diff` print it. For `corefile fmt --diff`.
 */

type Op = ' ' | '-' | '+';

/** Split into lines, each keeping its terminator, so a missing final newline shows. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** The edit script between a and b: each line of a kept or removed, each of b kept or added. */
function script(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: Op[] = new Array<Op>(head).fill(' ');
  // One by one: a spread of a large file's edit script would not fit on the stack.
  for (const op of myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail))) ops.push(op);
  for (let i = 0; i < tail; i++) ops.push(' ');
  return ops;
}

/**
 * Past this many changed lines the script is not worth its cost (the saved
 * frontiers grow with its square): the lines between the common head and tail
 * are shown removed, then added, as `diff` does for a wholesale change.
 */
const MAX_EDITS = 2000;

function myers(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return [...new Array<Op>(n).fill('-'), ...new Array<Op>(m).fill('+')];
  // Walk back through the saved frontiers.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const t = trace[d];
    const at = (k: number) => t[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push(' ');
      x--;
      y--;
    }
    if (d > 0) ops.push(x === prevX ? '+' : '-');
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

const CONTEXT = 3;

/** `--- a` / `+++ b` and the hunks; '' when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string): string {
  if (oldText === newText) return '';
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const ops = script(a, b);
  // Lines of the script as [op, text, index in a, index in b].
  const rows: Array<[Op, string, number, number]> = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === ' ') rows.push([op, a[i], i++, j++]);
    else if (op === '-') rows.push([op, a[i], i++, j]);
    else rows.push([op, b[j], i, j++]);
  }
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  let r = 0;
  while (r < rows.length) {
    while (r < rows.length && rows[r][0] === ' ') r++;
    if (r >= rows.length) break;
    let start = Math.max(0, r - CONTEXT);
    let end = r;
    // Extend the hunk while the next change is within 2 × context lines.
    for (;;) {
      while (end < rows.length && rows[end][0] !== ' ') end++;
      let next = end;
      while (next < rows.length && rows[next][0] === ' ') next++;
      if (next < rows.length && next - end <= 2 * CONTEXT) end = next;
      else {
        end = Math.min(rows.length, end + CONTEXT);
        break;
      }
    }
    const hunk = rows.slice(start, end);
    const oldCount = hunk.filter((h) => h[0] !== '+').length;
    const newCount = hunk.filter((h) => h[0] !== '-').length;
    const oldStart = oldCount === 0 ? hunk[0][2] : hunk[0][2] + 1;
    const newStart = newCount === 0 ? hunk[0][3] : hunk[0][3] + 1;
    out += `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n`;
    for (const [op, line] of hunk) {
      out += op + line;
      if (!line.endsWith('\n')) out += '\n\\ No newline at end of file\n';
    }
    start = end;
    r = end;
  }
  return out;
}
