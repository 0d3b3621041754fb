/** HTML building blocks of the report: escaping, tables, the page shell and its stylesheet. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** An anchor id made of safe characters only. */
export function slug(...parts: string[]): string {
  return parts.join('-').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'section';
}

/** A table (without a header row when header is null); every cell is escaped unless given as { html }. */
export type Cell = string | number | { html: string } | { text: string; cls: string };
export function htmlTable(header: Cell[] | null, rows: Cell[][], cls = ''): string {
  const cell = (c: Cell, tag: 'td' | 'th') => {
    if (typeof c === 'object' && 'html' in c) return `<${tag}>${c.html}</${tag}>`;
    if (typeof c === 'object') return `<${tag} class="${esc(c.cls)}">${esc(c.text)}</${tag}>`;
    return `<${tag}${typeof c === 'number' ? ' class="num"' : ''}>${esc(c)}</${tag}>`;
  };
  return `<div class="table-wrap"><table${cls ? ` class="${esc(cls)}"` : ''}>${header ? `<thead><tr>${header.map((h) => cell(h, 'th')).join('')}</tr></thead>` : ''}<tbody>${rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody></table></div>`;
}

/** A chart: its SVG (already escaped by Vega) in a figure with an escaped caption. */
export function figure(id: string, svg: string, caption: string): string {
  return `<figure class="chart" id="${esc(id)}">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

export const CSS = `
:root { --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --bg-alt: #f6f8fa; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
header.top { padding: 20px 32px 12px; border-bottom: 1px solid var(--line); background: var(--bg-alt); }
header.top h1 { margin: 0 0 4px; font-size: 22px; }
header.top p { margin: 2px 0; color: var(--muted); }
nav.toc { padding: 8px 32px; border-bottom: 1px solid var(--line); font-size: 13px; }
nav.toc a { margin-right: 16px; color: var(--accent); text-decoration: none; }
main { padding: 8px 32px 32px; max-width: 1400px; }
section { margin-top: 24px; }
h2 { font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.note { color: var(--muted); margin: 4px 0 10px; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 12.5px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.ci { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.kv { max-width: 760px; }
table.kv td.key { width: 160px; background: var(--bg-alt); font-weight: 600; }
.cols { display: flex; flex-wrap: wrap; gap: 0 32px; align-items: flex-start; }
.cols h3 { margin-top: 8px; }
figure.chart { margin: 8px 24px 20px 0; display: inline-block; vertical-align: top; max-width: 100%; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; max-width: 720px; }
details { margin: 8px 0; }
details pre { max-height: 420px; overflow: auto; background: var(--bg-alt); padding: 8px; border: 1px solid var(--line); font-size: 11.5px; }
code { background: var(--bg-alt); padding: 0 3px; border-radius: 3px; }
footer { padding: 16px 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); }
footer dl.footer { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px; }
footer dl.footer dt { font-weight: 600; }
footer dl.footer dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
div.warning { border: 1px solid #d29922; background: #fff8c5; color: #3b2300; padding: 6px 10px; margin: 6px 0 12px; border-radius: 4px; max-width: 900px; }
.claims { display: flex; flex-wrap: wrap; gap: 12px; }
.claim-card { border: 1px solid var(--line); border-radius: 4px; padding: 6px 12px; max-width: 560px; }
.claim-card h4 { margin: 4px 0; font-size: 14px; }
.claim-card p { margin: 4px 0; }
`;

/** The page shell: no scripts, no external resources; a CSP that forbids both. */
export function page(title: string, header: string, nav: [string, string][], body: string, footer: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top">${header}</header>
<nav class="toc">${nav.map(([id, label]) => `<a href="#${esc(id)}">${esc(label)}</a>`).join('')}</nav>
<main>
${body}
</main>
<footer>${footer}</footer>
</body>
</html>
`;
}
