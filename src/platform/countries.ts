/**
 * ISO 3166-1 countries (alpha-2 and alpha-3, same order). Names come from Intl.DisplayNames in the reader's
 * language, so no catalog has to list them.
 */
const ALPHA2 = 'AD AE AF AG AI AL AM AN AO AQ AR AS AT AU AW AZ BA BB BD BE BF BG BH BI BJ BM BN BO BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IN IO IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS Y1 YE YT ZA ZM ZW TB'.split(' ');
const ALPHA3 = 'AND ARE AFG ATG AIA ALB ARM ANT AGO ATA ARG ASM AUT AUS ABW AZE BIH BRB BGD BEL BFA BGR BHR BDI BEN BMU BRN BOL BRA BHS BTN BVT BWA BLR BLZ CAN CCK COD CAF COG CHE CIV COK CHL CMR CHN COL CRI CUB CPV CUW CXR CYP CZE DEU DJI DNK DMA DOM DZA ECU EST EGY ESH ERI ESP ETH FIN FJI FLK FSM FRO FRA GAB GBR GRD GEO GUF GHA GIB GRL GMB GIN GLP GNQ GRC SGS GTM GUM GNB GUY HKG HMD HND HRV HTI HUN IDN IRL ISR IND IOT IRQ IRN ISL ITA JAM JOR JPN KEN KGZ KHM KIR COM KNA PRK KOR KWT CYM KAZ LAO LBN LCA LIE LKA LBR LSO LTU LUX LVA LBY MAR MCO MDA MNE MDG MHL MKD MLI MMR MNG MAC MNP MTQ MRT MSR MLT MUS MDV MWI MEX MYS MOZ NAM NCL NER NFK NGA NIC NLD NOR NPL NRU NIU NZL OMN PAN PER PYF PNG PHL PAK POL SPM PCN PRI PSE PRT PLW PRY QAT REU ROU SRB RUS RWA SAU SLB SYC SDN SWE SGP SHN SVN SJM SVK SLE SMR SEN SOM SUR SSD STP SLV SYR SWZ TCA TCD ATF TGO THA TJK TKL TLS TKM TUN TON TUR TTO TUV TWN TZA UKR UGA UMI USA URY UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM SRB YEM MYT ZAF ZMB ZWE CHN'.split(' ');

export const COUNTRY_CODES: readonly string[] = ALPHA2;

const toAlpha3 = new Map(ALPHA2.map((c, i) => [c, ALPHA3[i] as string]));
const toAlpha2 = new Map(ALPHA3.map((c, i) => [c, ALPHA2[i] as string]));

export function isCountry(code: unknown): code is string {
  return typeof code === 'string' && toAlpha3.has(code);
}

export function alpha3(code: string): string | undefined {
  return toAlpha3.get(code.toUpperCase());
}

export function alpha2(code: string): string | undefined {
  const c = code.toUpperCase();
  return toAlpha3.has(c) ? c : toAlpha2.get(c);
}

const displayNames = new Map<string, Intl.DisplayNames>();

export function countryName(code: string, locale: string): string {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    displayNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Options for a country select, sorted by name in the reader's language. */
export function countryOptions(locale: string): Array<{ value: string; label: string }> {
  const collator = new Intl.Collator(locale);
  return COUNTRY_CODES.map((c) => ({ value: c, label: countryName(c, locale) })).sort((a, b) => collator.compare(a.label, b.label));
}
