/**
 * Plain-text tables for the command line: columns whose cells all read as numbers (or
 * intervals of numbers) are right-aligned, the others left-aligned.
 */
const numeric = (c: string): boolean => c === '' || c === '—' || /^[*\s]*[-+]?\d/.test(c);

export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const right = header.map((_, j) => j > 0 && rows.length > 0 && rows.every((r) => numeric(r[j] ?? '')));
  const line = (cells: string[]) => cells.map((c, j) => (right[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
