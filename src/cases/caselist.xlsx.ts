import type { FastifyReply } from 'fastify';
import type { Translator } from '../platform/i18n/i18n.js';
import { columnLabel } from './caselist.views.js';
import type { CaseList } from './worklist.service.js';

/* The case list as a spreadsheet: the same columns and rows the user sees on the page, never more. */

type Cell = string | number | null;

/** A text cell that a spreadsheet would run as a formula (= + - @ tab CR) gets a leading apostrophe. */
function guard(v: Cell): Cell {
  if (typeof v !== 'string' || v.length === 0) return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export function caseListSheet(t: Translator, list: CaseList, timeZone: string): { name: string; header: string[]; rows: Cell[][] } {
  const header = [t('cases.fields.caseNumber'), ...list.columns.map((c) => columnLabel(t, c))];
  const rows = list.rows.map((r) => [r.caseNumber, ...list.columns.map((c): Cell => cellOf(t, c, r, timeZone))]);
  return { name: t('cases.list.title'), header, rows };
}

function cellOf(t: Translator, c: CaseList['columns'][number], r: CaseList['rows'][number], timeZone: string): Cell {
  switch (c) {
    case 'name':
      return r.name;
    case 'age':
      return r.age;
    case 'sex':
      return r.sex ? t(`cases.values.gender.${r.sex}`) : null;
    case 'status':
      return t(`cases.status.${r.status}`);
    case 'stage':
      return t(`cases.stage.${r.stage}`);
    case 'risk':
      return r.risk ? t(`cases.risk.${r.risk}`) : null;
    case 'nextDue':
      return r.nextDue;
    case 'owner':
      return r.ownerName;
    case 'opened':
      return t.date(r.openedAt, timeZone);
    default:
      return null;
  }
}

/** Sends the sheet as an XLSX file; exceljs is loaded on first use (it is large), as the statistics exports do. */
export async function sendXlsx(reply: FastifyReply, fileName: string, sheet: { name: string; header: string[]; rows: Cell[][] }): Promise<FastifyReply> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Abri';
  const ws = wb.addWorksheet(sheet.name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Cases');
  ws.addRow(sheet.header.map(guard)).font = { bold: true };
  for (const row of sheet.rows) ws.addRow(row.map(guard));
  ws.columns.forEach((c) => {
    c.width = 20;
  });
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(await wb.xlsx.writeBuffer()));
}
