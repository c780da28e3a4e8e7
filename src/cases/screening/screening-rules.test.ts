import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dimensionPositive, ILO, ILO_VERSION, listFor } from './ilo.js';
import { screen } from './screening-rules.js';

const codes = (r: ReturnType<typeof screen>) => r.reasons.map((x) => x.code);

describe('screening outcome against hand-worked ILO examples', () => {
  it('reads the four ILO lists from the repository\'s own data, with a version', () => {
    assert.match(ILO_VERSION, /^2009-09\+[0-9a-f]{12}$/);
    for (const [isChild, exploitation, id] of [[false, 'labour', 'adultsLabour'], [false, 'sexual', 'adultsSexual'], [true, 'labour', 'childrenLabour'], [true, 'sexual', 'childrenSexual']] as const) {
      assert.deepEqual(listFor(isChild, exploitation), { id, fallback: false });
      assert.ok(ILO.lists[id].length >= 60, id);
    }
  });

  it('applies the dimension combinations: 2 strong; 1 strong + 1 medium or weak; 3 medium; 2 medium + 1 weak', () => {
    assert.equal(dimensionPositive({ strong: 2, medium: 0, weak: 0 }), true);
    assert.equal(dimensionPositive({ strong: 1, medium: 0, weak: 1 }), true);
    assert.equal(dimensionPositive({ strong: 1, medium: 0, weak: 0 }), false);
    assert.equal(dimensionPositive({ strong: 0, medium: 3, weak: 0 }), true);
    assert.equal(dimensionPositive({ strong: 0, medium: 2, weak: 0 }), false);
    assert.equal(dimensionPositive({ strong: 0, medium: 2, weak: 1 }), true);
    assert.equal(dimensionPositive({ strong: 0, medium: 1, weak: 2 }), false);
  });

  it('adult, labour: deceived about the job (S) and wages (M); excessive hours (S) and low pay (M); documents taken (S) and debt (S) → strong indication', () => {
    // Worked by hand from the adults-labour list: deceptive recruitment 1S+1M → positive; exploitative conditions
    // 1S+1M → positive; coercion at destination 2S → positive; so the adult rule holds, and act+means+purpose are given.
    const r = screen({
      isChild: false,
      exploitation: 'labour',
      acts: ['recruitment', 'transportation'],
      means: ['deception'],
      purposes: ['forced_labour'],
      indicators: [
        'deceptive-recruitment:deceived-job-nature',
        'deceptive-recruitment:deceived-wages',
        'exploitative-conditions:excessive-hours',
        'exploitative-conditions:low-or-no-pay',
        'coercion-at-destination:document-confiscation',
        'coercion-at-destination:debt-bondage',
      ],
    });
    assert.equal(r.listId, 'adultsLabour');
    assert.deepEqual(r.positiveDimensions, ['deceptive-recruitment', 'exploitative-conditions', 'coercion-at-destination']);
    assert.equal(r.palermoMet, true);
    assert.equal(r.iloMet, true);
    assert.equal(r.outcome, 'strong_indication');
    assert.ok(codes(r).includes('iloAdultMet'));
    assert.ok(codes(r).includes('indicativeOnly'));
  });

  it('adult: the same indicators without a destination dimension → possible, and the reason names what is missing', () => {
    const r = screen({
      isChild: false,
      exploitation: 'labour',
      acts: ['recruitment'],
      means: ['deception'],
      purposes: ['forced_labour'],
      indicators: ['deceptive-recruitment:deceived-job-nature', 'deceptive-recruitment:deceived-wages', 'exploitative-conditions:excessive-hours', 'exploitative-conditions:low-or-no-pay', 'coercion-at-destination:threats-of-violence'],
    });
    assert.equal(r.iloMet, false);
    assert.equal(r.outcome, 'possible');
    const missing = r.reasons.find((x) => x.code === 'iloAdultNotMet');
    assert.equal(missing?.values?.missing, 'destination');
    assert.ok(r.reasons.some((x) => x.code === 'dimensionNegative' && x.values?.dimension === 'coercion-at-destination' && x.values?.medium === 1));
  });

  it('adult: weak grades count only in their combinations: three weak indicators are not enough', () => {
    // adults-labour: deceived-education-access (W), abuse-cultural-religious-beliefs (W), general-context (W) sit in two dimensions.
    const r = screen({ isChild: false, exploitation: 'labour', acts: [], means: [], purposes: [], indicators: ['deceptive-recruitment:deceived-education-access', 'recruitment-abuse-of-vulnerability:abuse-cultural-religious-beliefs', 'recruitment-abuse-of-vulnerability:general-context'] });
    assert.deepEqual(r.positiveDimensions, []);
    assert.equal(r.outcome, 'insufficient');
    assert.ok(codes(r).includes('actAbsent'));
    assert.ok(codes(r).includes('meansAbsent'));
  });

  it('adult: act and purpose without means do not meet the Palermo definition', () => {
    const r = screen({ isChild: false, exploitation: 'labour', acts: ['harbouring'], means: [], purposes: ['servitude'], indicators: [] });
    assert.equal(r.palermoMet, false);
    assert.ok(codes(r).includes('palermoNotMet'));
    assert.equal(r.outcome, 'possible');
  });

  it('child: act and purpose are enough, and exploitative conditions alone meet the ILO children rule', () => {
    // children-labour grades: excessive-hours S, hazardous-work M → 1S+1M → positive. No means needed.
    const r = screen({ isChild: true, exploitation: 'labour', acts: ['recruitment'], means: [], purposes: ['forced_labour'], indicators: ['exploitative-conditions:excessive-hours', 'exploitative-conditions:hazardous-work'] });
    assert.equal(r.listId, 'childrenLabour');
    assert.equal(r.palermoMet, true);
    assert.equal(r.iloMet, true);
    assert.equal(r.outcome, 'strong_indication');
    assert.ok(codes(r).includes('meansNotNeeded'));
    assert.ok(codes(r).includes('iloChildMet'));
  });

  it('child: grades differ from the adult list (deceived about schooling is strong for children)', () => {
    const adult = screen({ isChild: false, exploitation: 'labour', acts: [], means: [], purposes: [], indicators: ['deceptive-recruitment:deceived-education-access', 'deceptive-recruitment:deceived-job-nature'] });
    const child = screen({ isChild: true, exploitation: 'labour', acts: [], means: [], purposes: [], indicators: ['deceptive-recruitment:deceived-education-access', 'deceptive-recruitment:deceived-job-nature'] });
    // Adults: 1S + 1W → positive. Children: 2S → positive too, counted as two strong.
    assert.ok(adult.reasons.some((x) => x.code === 'dimensionPositive' && x.values?.strong === 1 && x.values?.weak === 1));
    assert.ok(child.reasons.some((x) => x.code === 'dimensionPositive' && x.values?.strong === 2));
  });

  it('sexual exploitation is screened against its own list: forced to take clients is strong there, medium for labour', () => {
    const indicators = ['coercion-at-destination:forced-tasks-or-clients', 'coercion-at-destination:debt-bondage'];
    const sexual = screen({ isChild: false, exploitation: 'sexual', acts: ['recruitment'], means: ['deception'], purposes: ['sexual_exploitation'], indicators });
    const labour = screen({ isChild: false, exploitation: 'labour', acts: ['recruitment'], means: ['deception'], purposes: ['forced_labour'], indicators });
    assert.equal(sexual.listId, 'adultsSexual');
    assert.ok(!sexual.reasons.some((x) => x.code === 'listFallback'));
    assert.ok(sexual.reasons.some((x) => x.code === 'dimensionPositive' && x.values?.strong === 2));
    assert.ok(labour.reasons.some((x) => x.code === 'dimensionPositive' && x.values?.strong === 1 && x.values?.medium === 1));
  });

  it('ignores indicator keys that are not in the list', () => {
    const r = screen({ isChild: true, exploitation: 'labour', acts: [], means: [], purposes: [], indicators: ['exploitative-conditions:no-social-protection', 'nope:nothing'] });
    assert.deepEqual(r.positiveDimensions, []);
  });
});
