/**
 * The case summary as a PDF (issue 22): time and size of a typical summary in a Latin language and in Arabic script.
 * A typical summary: the person, where the case stands, the trafficking context, four consents, two screenings'
 * reasons, a plan of six actions and eight case notes, with the catalog's own labels. No server, no database.
 *   npx tsx bench/summary-pdf.ts            (RUNS=20 by default; ONLY=en or ONLY=ar for one, its first PDF cold)
 */
import { summaryBlocks, summaryPdf } from '../src/cases/export-pdf.js';
import { I18n, type Locale } from '../src/platform/i18n/i18n.js';

const RUNS = Number(process.env.RUNS ?? 20);
const i18n = new I18n();

const NOTES: Record<string, string[]> = {
  en: [
    'Met at the shelter, calm and ready to talk about the journey from Sfax.',
    'She says the employer kept her passport and paid nothing for four months.',
    'Booked the lawyer for the residence permit; hearing on 12 January.',
  ],
  ar: [
    'التقيت بها في مركز الإيواء، كانت هادئة ومستعدة للحديث عن الرحلة من صفاقس.',
    'تقول إن صاحب العمل احتفظ بجواز سفرها ولم يدفع لها شيئًا طوال أربعة أشهر.',
    'حجزت موعدًا مع المحامي من أجل تصريح الإقامة؛ الجلسة في 12 يناير.',
  ],
};

function page(locale: Locale): string {
  const t = i18n.translator(locale);
  const row = (label: string, value: string) => `<div class="summary-row"><dt>${label}</dt><dd>${value}</dd></div>`;
  const rows = [
    row(t('cases.person.phone'), '<span dir="ltr">+216 20 123 456</span>'),
    row(t('cases.person.documentNumber'), '<span dir="ltr">passport GH1234567</span>'),
    row(t('cases.fields.status'), t('cases.status.Active')),
    row(t('cases.fields.opened'), t.date('2026-11-03')),
    row(t('cases.context.methodsOfControl'), ['cases.values.control.DebtBondage', 'cases.values.control.WithholdsDocuments'].map((k) => t(k)).join(', ')),
    row(t('cases.context.exploitationPlace'), locale === 'ar' ? 'صفاقس' : 'Sfax'),
  ];
  const table = `<table><caption>${t('cases.consent.recorded')}</caption><tr><th>${t('cases.consent.purpose')}</th><th>${t('cases.consent.decision')}</th><th>${t('cases.consent.date')}</th></tr>${[
    'sharing',
    'police',
    'medical',
    'justice',
  ]
    .map((p) => `<tr><td>${t(`cases.consent.purposes.${p}`)}</td><td>${t('cases.consent.given')}</td><td>${t.date('2026-11-04')}</td></tr>`)
    .join('')}</table>`;
  const actions = Array.from(
    { length: 6 },
    (_, i) => `<tr><td>${t('cases.fields.owner')} ${i + 1}</td><td><span dir="auto">${NOTES[locale]?.[i % 3]}</span></td><td>${t.date('2026-12-20')}</td></tr>`,
  ).join('');
  const notes = Array.from(
    { length: 8 },
    (_, i) => `<li><p class="hint">${t.date('2026-11-20', undefined, true)}</p><p dir="auto">${NOTES[locale]?.[i % 3]}</p></li>`,
  ).join('');
  return `<article class="case-summary"><h1>${t('cases.export.title', { number: 'TN-2026-00042' })}</h1><section><h2>${t('cases.overview.person')}</h2><dl>${rows.join('')}</dl></section><section>${table}</section><section><h2>${t('cases.overview.where')}</h2><table>${actions}</table></section><section><h2>${t('cases.notes.title')}</h2><ul>${notes}</ul></section></article>`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

for (const locale of (process.env.ONLY ? [process.env.ONLY] : ['en', 'ar']) as Array<'en' | 'ar'>) {
  const blocks = summaryBlocks(page(locale));
  const options = { dir: locale === 'ar' ? ('rtl' as const) : ('ltr' as const), lang: locale };
  const cold = performance.now();
  const first = await summaryPdf(blocks, 'bench', options);
  const coldMs = performance.now() - cold;
  if (!first) throw new Error(`${locale}: refused`);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await summaryPdf(blocks, 'bench', options);
    times.push(performance.now() - t0);
  }
  console.log(
    `${locale}: ${blocks.length} blocks, ${first.length} bytes; first PDF of the process ${coldMs.toFixed(0)} ms (fonts read and parsed), then median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${RUNS}`,
  );
}
