// Reading the overview as rendered (the hooks in crates/web/ROUTES.md): source status, amounts,
// missing cells, totals and warnings, as plain data the flows check and return to Rust.

/** Everything the overview shows, from its data attributes and texts. */
export async function readOverview(page) {
  return page.evaluate(() => {
    const all = (selector, root = document) => [...root.querySelectorAll(selector)];
    const num = (v) => (v === null || v === undefined || v === '' ? null : Number(v));
    const overview = document.querySelector('[data-testid="overview"]');
    return {
      present: Boolean(overview),
      applicationMonth: overview?.dataset.applicationMonth ?? null,
      caseId: overview?.dataset.caseId ?? null,
      title: document.title,
      status: all('[data-testid="source-status"] tr[data-source]').map((tr) => ({
        member: tr.dataset.member, source: tr.dataset.source, outcome: tr.dataset.outcome,
        text: tr.innerText,
      })),
      detailLinks: all('a[data-testid="detail-link"]').map((a) => ({
        member: a.dataset.member, source: a.dataset.source, href: a.getAttribute('href'),
      })),
      members: all('[data-testid="member"]').map((s) => ({
        member: s.dataset.member,
        index: s.dataset.memberIndex,
        months: all('th[data-month]', s).map((th) => ({ month: th.dataset.month, role: th.dataset.monthRole })),
      })),
      amounts: all('[data-testid="amount"]').map((td) => ({
        member: td.dataset.member, month: td.dataset.month, source: td.dataset.source, type: td.dataset.type,
        payment: td.dataset.payment, gross: num(td.dataset.gross), net: num(td.dataset.net), unit: td.dataset.unit,
        inTotals: td.dataset.inTotals !== 'false',
        text: td.innerText.trim(),
      })),
      missing: all('[data-testid="missing"]').map((td) => ({
        member: td.dataset.member, month: td.dataset.month, source: td.dataset.source, text: td.innerText.trim(),
      })),
      totals: all('[data-testid="total"]').map((td) => ({
        member: td.dataset.member, month: td.dataset.month, side: td.dataset.side ?? 'effected',
        known: td.dataset.known,
        value: num(td.dataset.value),
        missingSources: (td.dataset.missingSources ?? '').split(/\s+/).filter(Boolean),
        text: td.innerText.trim(),
      })),
      warnings: all('[data-testid="warning"]').map((li) => ({
        kind: li.dataset.kind, source: li.dataset.source ?? null, member: li.dataset.member ?? null,
        month: li.dataset.month ?? null,
        cause: li.querySelector('[data-testid="warning-cause"]')?.innerText.trim() ?? '',
        figures: li.querySelector('[data-testid="warning-figures"]')?.innerText.trim() ?? '',
      })),
      protectedBanner: document.querySelector('[data-testid="protected-banner"]')?.innerText.trim() ?? null,
      printLink: document.querySelector('a[data-testid="print-link"]')?.getAttribute('href') ?? null,
      csvLink: document.querySelector('a[data-testid="csv-link"]')?.getAttribute('href') ?? null,
    };
  });
}

/** A zero as a person would read it: `0`, `0 kr`, `0,00`, `0,00 kr`. */
export function looksLikeZero(text) {
  return /(^|[^\d,])0(,0+)?(\s*kr)?($|[^\d,])/.test(text);
}

/** The sum of the gross amounts per `member|month|source` (effected and planned apart). */
export function sumsBySource(amounts) {
  const sums = {};
  for (const a of amounts) {
    const key = `${a.member}|${a.month}|${a.source}|${a.payment}`;
    sums[key] = Math.round(((sums[key] ?? 0) + (a.gross ?? 0)) * 100) / 100;
  }
  return sums;
}
