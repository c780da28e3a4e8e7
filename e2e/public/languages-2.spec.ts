/** Every configured language on a phone without JavaScript (e2e/public/languages-suite.ts): the second half. */
import { LOCALES } from '../../src/platform/i18n/i18n.js';
import { languagesOnAPhone } from './languages-suite.js';

languagesOnAPhone(LOCALES.slice(Math.ceil(LOCALES.length / 2)));
