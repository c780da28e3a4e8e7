import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSurveyConfig, scoreSurvey, type SurveyConfig, suggestions, weightsOf } from './survey.js';

/**
 * Hand-computed examples. Answer scores come from the survey file's placeholder scales: 5-point items
 * 1 → 1.0, 2 → 0.75, 3 → 0.5, 4 → 0.25, 5 → 0.0; yes/no items 1 → 1.0, 0 → 0.0; 98/99 are left out.
 */
describe('reintegration survey scoring', () => {
  const base = defaultSurveyConfig();

  it('example 1: equal weights, a "don\'t know" left out', () => {
    // economic: satisfaction=2 → 0.75, food insecurity=4 → 0.25, borrowing ability=98 (left out)
    //   = (0.75 + 0.25) / 2 = 0.5
    // social: documentation=1 → 1.0, safe water=0 → 0.0, health access=3 → 0.5
    //   = (1.0 + 0.0 + 0.5) / 3 = 0.5
    // psychosocial: distress=5 → 0.0  = 0.0
    // composite (each dimension 1/3) = (0.5 + 0.5 + 0.0) / 3 = 0.33333 → 0.3333
    const s = scoreSurvey(base, {
      'econ-satisfaction': 2,
      'econ-food-insecurity': 4,
      'econ-borrowing-ability': 98,
      'soc-documentation': 1,
      'soc-safe-water': 0,
      'soc-health-access': 3,
      'psy-distress': 5,
    });
    assert.deepEqual(s, { economic: 0.5, social: 0.5, psychosocial: 0, composite: 0.3333 });
  });

  it('example 2: item and dimension weights', () => {
    const config: SurveyConfig = {
      ...base,
      items: base.items.map((i) => (i.id === 'econ-satisfaction' ? { ...i, weight: 3 } : i)),
      dimensionWeights: { economic: 2, social: 1, psychosocial: 1 },
    };
    // economic: satisfaction=1 → 1.0 (weight 3), employment=0 → 0.0 (weight 1)
    //   = (3 × 1.0 + 1 × 0.0) / (3 + 1) = 0.75
    // social: housing access=2 → 0.75 = 0.75
    // psychosocial: belonging=2 ("partly") → 0.5 = 0.5
    // composite = (2 × 0.75 + 1 × 0.75 + 1 × 0.5) / (2 + 1 + 1) = 2.75 / 4 = 0.6875
    const s = scoreSurvey(config, { 'econ-satisfaction': 1, 'econ-employment': 0, 'soc-housing-access': 2, 'psy-belonging': 2 });
    assert.deepEqual(s, { economic: 0.75, social: 0.75, psychosocial: 0.5, composite: 0.6875 });
  });

  it('example 3: only one dimension answered; "no school-age children" has no score', () => {
    // psychosocial: support network=4 → 0.25, able to stay=1 → 1.0, wants psychological support=1 → 0.0
    //   = (0.25 + 1.0 + 0.0) / 3 = 0.41667 → 0.4167
    // social: school attendance=2 (no school-age children: no score) → no social score
    // composite = the psychosocial score alone = 0.4167
    const s = scoreSurvey(base, { 'psy-support-network': 4, 'psy-able-to-stay': 1, 'psy-wish-psych-support': 1, 'soc-school-attendance': 2 });
    assert.deepEqual(s, { economic: null, social: null, psychosocial: 0.4167, composite: 0.4167 });
    assert.deepEqual(suggestions(s, base.bands), [], '0.4167 is not below the default low band of 0.4');
    assert.deepEqual(suggestions({ ...s, psychosocial: 0.25 }, base.bands), ['psychosocial']);
  });

  it('scores with the weights it is given, not the current ones', () => {
    const answers = { 'econ-satisfaction': 1, 'econ-employment': 0 };
    const old = weightsOf(base);
    const changed: SurveyConfig = { ...base, items: base.items.map((i) => (i.id === 'econ-employment' ? { ...i, weight: 9 } : i)) };
    // with the old (equal) weights: (1.0 + 0.0) / 2 = 0.5; with the new: (1 × 1.0 + 9 × 0.0) / 10 = 0.1
    assert.equal(scoreSurvey(changed, answers, old).economic, 0.5);
    assert.equal(scoreSurvey(changed, answers).economic, 0.1);
  });

  it('reads all 26 items of the survey file in three dimensions, marked unconfirmed', () => {
    assert.equal(base.items.length, 26);
    assert.equal(base.confirmed, false);
    assert.deepEqual(new Set(base.items.map((i) => i.dimension)), new Set(['economic', 'social', 'psychosocial']));
  });
});
