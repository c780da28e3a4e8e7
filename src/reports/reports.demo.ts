import type { AppContext } from '../platform/context.js';
import type { DemoWorld } from '../platform/features/demo-world.js';
import { groupReceiptCode } from './receipt.js';
import type { ReportInput } from './reports.schema.js';
import { anyReport } from './reports.repository.js';
import { submitReport } from './reports.service.js';

const base: Omit<ReportInput, 'description'> = {
  reporterRole: 'witness',
  recruitment: [],
  control: [],
  exploitation: [],
  dangerNow: 'unknown',
  recent24h: 'no',
  children: 'no',
  peopleCount: 'unknown',
  contactOk: 'no',
  shareAssistance: 'yes',
  sharePolice: 'no',
};

/** A few realistic reports for the Tunis demo office; every person, place and number is invented. */
const DEMO_REPORTS: Array<{ locale: string; input: ReportInput }> = [
  {
    locale: 'fr',
    input: {
      ...base,
      reporterRole: 'witness',
      country: 'TN',
      place: 'Sfax, zone industrielle',
      workplace: 'Oliveraie Ben Salah',
      exploitation: ['ForcedLabour'],
      control: ['WithholdsDocuments', 'DebtBondage', 'ExcessiveWorkingHours'],
      recruitment: ['ThroughOnlineSocialNetworks'],
      peopleCount: '6-20',
      recent24h: 'no',
      names: 'Monsieur Karim (le chef)',
      phones: '+216 20 111 222',
      description: "Des travailleurs venus d'Afrique de l'Ouest ramassent les olives de 5 h à 21 h. Le chef garde leurs passeports et dit qu'ils doivent rembourser le voyage.",
    },
  },
  {
    locale: 'ar',
    input: {
      ...base,
      reporterRole: 'relative',
      country: 'TN',
      place: 'تونس، حي النصر',
      exploitation: ['Servitude'],
      control: ['WithholdsDocuments', 'RestrictsFinancialAccess', 'PsychologicalAbuse'],
      children: 'yes',
      peopleCount: '1',
      dangerNow: 'no',
      description: 'ابنة عمّي عمرها 16 سنة تعمل خادمة في منزل عائلة، لا تخرج أبدًا ولا تتقاضى أجرًا، وأخذوا منها هاتفها.',
      contactOk: 'yes',
      contactHow: 'رسالة نصية فقط',
      contactWhen: 'بعد الثامنة مساءً',
    },
  },
  {
    locale: 'en',
    input: {
      ...base,
      reporterRole: 'professional',
      country: 'TN',
      place: 'Sousse',
      workplace: 'Oliveraie Ben Salah',
      exploitation: ['ForcedLabour'],
      control: ['PhysicalThreats', 'TakesEarnings'],
      dangerNow: 'yes',
      recent24h: 'yes',
      peopleCount: '2-5',
      phones: '00216 20 111 222',
      description: 'I am a nurse. A young man came to the clinic today with injuries; he said his employer beats workers who ask for their pay and he is afraid to go back tonight.',
      sharePolice: 'yes',
    },
  },
  {
    locale: 'es',
    input: {
      ...base,
      reporterRole: 'self',
      country: 'unknown',
      exploitation: ['Other'],
      control: ['FalsePromises'],
      recruitment: ['ThroughAnOnlineAdvertisement'],
      description: 'Me ofrecieron un trabajo de camarera por internet con buen sueldo, pero ahora me piden pagar 3000 euros por el viaje antes de darme el contrato.',
    },
  },
];

export async function seedReports(ctx: AppContext, _world: DemoWorld): Promise<string> {
  if (await anyReport(ctx.db)) return 'reports already there';
  const codes: string[] = [];
  for (const r of DEMO_REPORTS) {
    const { code } = await submitReport(ctx, { input: r.input, files: [], locale: r.locale });
    codes.push(groupReceiptCode(code));
  }
  // Demo only: printed so that the follow-up page can be tried; real codes are never shown again.
  return `${DEMO_REPORTS.length} reports; receipt codes: ${codes.join(', ')}`;
}
