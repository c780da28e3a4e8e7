import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { I18n, LANGUAGES } from '../platform/i18n/i18n.js';
import { advance, languageMenu, start, stopWord } from './conversation.js';

const i18n = new I18n();

describe('the SMS and WhatsApp conversation in every configured language', () => {
  it('offers every language by its own name, numbered, in the menu of each language', () => {
    const menu = languageMenu();
    LANGUAGES.forEach((l, i) => assert.ok(menu.includes(`${i + 1} ${l.name}`), `${l.code} in the menu`));
    for (const l of LANGUAGES) {
      const text = i18n.message(l.code, 'channels.conversation.menu', { languages: menu });
      assert.ok(text.includes('10 اردو') && !text.includes('⟦'), `${l.code}: ${text}`);
    }
  });

  it('takes a language by its number, up to two digits and in Persian or Arabic-Indic digits', () => {
    const menu = start('hi', null);
    assert.equal(menu.kind === 'ask' && menu.step, 'language');
    const pick = (answer: string) => {
      const o = advance({ step: 'language', locale: null, answers: {}, text: answer, detected: null });
      return o.kind === 'ask' ? o.locale : undefined;
    };
    assert.equal(pick('6'), 'ru');
    assert.equal(pick('10'), 'ur');
    assert.equal(pick('۹'), 'fa');
    assert.equal(pick('٤'), 'ar');
    assert.equal(pick('5.'), 'pt');
    assert.equal(pick('11'), null, 'a number past the menu asks again');
  });

  it('starts in the detected language of a first message and understands yes and no in it', () => {
    for (const [code, yes, no] of [
      ['ru', 'да', 'нет'],
      ['uk', 'так', 'ні'],
      ['pt', 'sim', 'não'],
      ['sw', 'ndiyo', 'hapana'],
      ['fa', 'بله', 'نه'],
      ['ur', 'ہاں', 'نہیں'],
    ] as const) {
      const first = start('a long enough first message', code);
      assert.ok(first.kind === 'ask' && first.step === 'danger' && first.locale === code, code);
      const afterYes = advance({ step: 'danger', locale: code, answers: {}, text: yes, detected: null });
      assert.ok(afterYes.kind === 'ask' && afterYes.step === 'children' && afterYes.answers.dangerNow === 'yes', `${code} yes`);
      const afterNo = advance({ step: 'danger', locale: code, answers: {}, text: no, detected: null });
      assert.ok(afterNo.kind === 'ask' && afterNo.answers.dangerNow === 'no', `${code} no`);
    }
  });

  it('stops on the stop words of the new languages; a word of several languages answers in the conversation’s', () => {
    assert.deepEqual(stopWord('Стоп!'), { locale: 'ru' });
    assert.deepEqual(stopWord('стоп', 'uk'), { locale: 'uk' });
    assert.deepEqual(stopWord('توقف', 'fa'), { locale: 'fa' });
    assert.deepEqual(stopWord('parar', 'pt'), { locale: 'pt' });
    assert.deepEqual(stopWord('відписатися'), { locale: 'uk' });
    assert.deepEqual(stopWord('sitisha'), { locale: 'sw' });
    assert.deepEqual(stopWord('لغو'), { locale: 'fa' });
    assert.deepEqual(stopWord('توقف'), { locale: 'ar' });
    assert.deepEqual(stopWord('STOP'), { locale: null });
    assert.equal(stopWord('para'), undefined, 'an everyday word is not a stop word');
  });
});
