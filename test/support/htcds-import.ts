/** Test and benchmark helpers: HTCDS workbooks of generated people, with chosen rows broken in known ways. */

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HEADER = [
  'prs_FirstName',
  'prs_SecondName',
  'prs_Birthdate',
  'prs_Gender',
  'prs_Citizenship',
  'prs_MobilePhone',
  'prs_IdentityNumber',
  'prs_PrimaryLanguage',
  'vic_TypeOfExploitation',
  'vic_MethodsOfControl',
  'vic_MethodOfRecruitment',
];
const FIRST = ['Amina', 'Karim', 'Sofia', 'Yusuf', 'Grace', 'Omar', 'Leila', 'Samuel', 'Fatou', 'Ivan'];
const LAST = ['Haddad', 'Mensah', 'Garcia', 'Benali', 'Okafor', 'Petrova', 'Diallo', 'Nguyen', 'Rossi', 'Kaya'];

/** The ways a generated row is broken, one HTCDS field each: [field, cell value]. */
const BREAKS: Array<[string, string]> = [
  ['prs_Gender', 'Female'],
  ['prs_Birthdate', '31/02/1990'],
  ['prs_Citizenship', 'XX'],
  ['vic_TypeOfExploitation', 'ForcedLabor'],
  ['vic_MethodsOfControl', 'DebtBondage;Threats'],
];

/** One generated person (row i, from 0): unique name, document and phone, so no two rows are the same person. */
export function personRow(i: number): Record<string, string | Date> {
  return {
    prs_FirstName: `${FIRST[i % 10]}${i}`,
    prs_SecondName: `${LAST[Math.floor(i / 10) % 10]}${Math.floor(i / 100)}`,
    prs_Birthdate: new Date(Date.UTC(1970 + (i % 35), i % 12, 1 + (i % 28))),
    prs_Gender: i % 2 ? 'Masculine' : 'Feminine',
    prs_Citizenship: i % 3 ? 'TN' : 'NG;TN',
    prs_MobilePhone: `+216 2${String(i).padStart(7, '0')}`,
    prs_IdentityNumber: `P${String(i).padStart(8, '0')}`,
    prs_PrimaryLanguage: i % 2 ? 'ar' : 'fr',
    vic_TypeOfExploitation: i % 4 ? 'ForcedLabour' : 'SexualExploitation\nForcedLabour',
    vic_MethodsOfControl: 'WithholdsDocuments;DebtBondage',
    vic_MethodOfRecruitment: 'ThroughFriendsOrSocialEvents',
  };
}

/**
 * A workbook of `count` people on the template's sheet; the rows of `broken` (0-based person index) each carry one
 * error, cycling through BREAKS. Returns the bytes and, for each broken person, the sheet row and HTCDS field.
 */
export async function htcdsWorkbook(
  count: number,
  opts: { broken?: number[]; sheet?: string; header?: string[]; rows?: (i: number) => Record<string, string | Date> } = {},
): Promise<{ bytes: Buffer; errors: Array<{ row: number; field: string }> }> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheet ?? 'Cases');
  const header = opts.header ?? HEADER;
  ws.addRow(header);
  const broken = new Set(opts.broken ?? []);
  const errors: Array<{ row: number; field: string }> = [];
  let k = 0;
  for (let i = 0; i < count; i++) {
    const p = (opts.rows ?? personRow)(i);
    if (broken.has(i)) {
      const [field, value] = BREAKS[k++ % BREAKS.length] as [string, string];
      p[field] = value;
      errors.push({ row: i + 2, field });
    }
    ws.addRow(header.map((h) => p[h] ?? null));
  }
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), errors };
}

/** `n` indexes spread over `count` rows (every count/n-th, starting at 3). */
export function spread(count: number, n: number): number[] {
  return Array.from({ length: n }, (_, j) => 3 + Math.floor((j * count) / n));
}
