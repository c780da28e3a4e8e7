import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CASE_RECORD_SEALED_COLUMNS, identityKeyLabel, PERSON_GROUPS, perpetratorKeyLabel, personKeyLabel, recordKeyLabel } from './index.js';

describe('sealed-field key labels', () => {
  it('keeps the labels existing ciphertexts were sealed under', () => {
    const id = '01900000-0000-7000-8000-000000000001';
    assert.equal(identityKeyLabel(id), `cases.identity:${id}`);
    assert.equal(personKeyLabel('closure_note', id), `cases.closure_note:${id}`);
    assert.equal(perpetratorKeyLabel(id), `case_perpetrators.details:${id}`);
    assert.equal(recordKeyLabel('case_attachments.content', id), `case_attachments.content:${id}`);
    assert.deepEqual(Object.keys(PERSON_GROUPS), ['identity', 'contact', 'health', 'testimony', 'context', 'referral', 'closure_note']);
    // Each table a hand-over re-seals; record_corrections holds the values before a correction.
    assert.equal(Object.keys(CASE_RECORD_SEALED_COLUMNS).length, 11);
    assert.ok('record_corrections' in CASE_RECORD_SEALED_COLUMNS);
  });
});
