/**
 * Countries named in a question or a location. Work authorization and sponsorship are facts about one
 * country's law, so a question is answered from the user's fact only when it is about the country that
 * fact covers (shared/applier/polar-answer.ts says which). Only names that cannot be misread count: a
 * country's name, its common short form in capitals ("US", "UK"), its people ("British"), and, in a
 * location, a US state or Canadian province (and, for a job's location only, a few well-known cities).
 */

/** Each country: the words that name it (case-insensitive) and its capitalised codes (case-sensitive: "us" is a pronoun). */
const COUNTRIES: Array<{ name: string; words: string; codes?: string }> = [
  { name: 'United Kingdom', words: 'united kingdom|great britain|britain|british|(?<!new )england|scotland|scottish|(?<!new south )wales|welsh|northern ireland', codes: 'UK|GB|U\\.K\\.?' },
  { name: 'United States', words: 'united states(?: of america)?|(?<!(?:north|south|latin|central) )america|(?<!(?:north|south|latin|central) )american', codes: 'US|USA|U\\.S\\.(?:A\\.?)?' },
  { name: 'Canada', words: 'canada|canadian' },
  { name: 'Ireland', words: '(?<!northern )ireland|irish' },
  { name: 'European Union', words: 'european union|european economic area', codes: 'EU|EEA' },
  { name: 'Germany', words: 'germany|german' },
  { name: 'France', words: 'france|french' },
  { name: 'Spain', words: 'spain|spanish' },
  { name: 'Portugal', words: 'portugal|portuguese' },
  { name: 'Italy', words: 'italy|italian' },
  { name: 'Netherlands', words: 'netherlands|holland|dutch' },
  { name: 'Belgium', words: 'belgium|belgian' },
  { name: 'Switzerland', words: 'switzerland|swiss' },
  { name: 'Austria', words: 'austria|austrian' },
  { name: 'Poland', words: 'poland|polish' },
  { name: 'Sweden', words: 'sweden|swedish' },
  { name: 'Norway', words: 'norway|norwegian' },
  { name: 'Denmark', words: 'denmark|danish' },
  { name: 'Finland', words: 'finland|finnish' },
  { name: 'India', words: 'india|indian' },
  { name: 'Australia', words: 'australia|australian' },
  { name: 'New Zealand', words: 'new zealand' },
  { name: 'Singapore', words: 'singapore' },
  { name: 'Japan', words: 'japan|japanese' },
  { name: 'China', words: 'china|chinese' },
  { name: 'Hong Kong', words: 'hong kong' },
  { name: 'Israel', words: 'israel|israeli' },
  { name: 'United Arab Emirates', words: 'united arab emirates', codes: 'UAE' },
  { name: 'Mexico', words: '(?<!new )mexico|mexican' },
  { name: 'Brazil', words: 'brazil|brazilian' },
  { name: 'South Africa', words: 'south africa' },
];

const US_STATES = 'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
const US_STATE_NAMES = 'alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|district of columbia|florida|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming';
const CA_PROVINCES = 'AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT';
const CA_PROVINCE_NAMES = 'alberta|british columbia|manitoba|new brunswick|newfoundland|nova scotia|ontario|prince edward island|quebec|québec|saskatchewan|yukon';

/**
 * Cities that job locations often give alone ("London", "Berlin"), with the country they are best
 * known in. Read only for a job's location that names no country, where a question is otherwise taken
 * to be about the user's own country: a wrong guess (London, Ontario) can then only turn an answer into
 * a stop. Never for the user's own location, which must say its country.
 */
const CITIES: Record<string, string> = {
  london: 'United Kingdom', manchester: 'United Kingdom', edinburgh: 'United Kingdom', glasgow: 'United Kingdom', bristol: 'United Kingdom', leeds: 'United Kingdom', cambridge: 'United Kingdom', oxford: 'United Kingdom', belfast: 'United Kingdom',
  dublin: 'Ireland', berlin: 'Germany', munich: 'Germany', hamburg: 'Germany', paris: 'France', amsterdam: 'Netherlands', madrid: 'Spain', barcelona: 'Spain', lisbon: 'Portugal',
  stockholm: 'Sweden', copenhagen: 'Denmark', zurich: 'Switzerland', warsaw: 'Poland', toronto: 'Canada', vancouver: 'Canada', montreal: 'Canada',
  'new york': 'United States', 'new york city': 'United States', nyc: 'United States', 'san francisco': 'United States', seattle: 'United States', austin: 'United States', boston: 'United States', chicago: 'United States', 'los angeles': 'United States',
  sydney: 'Australia', melbourne: 'Australia', bangalore: 'India', bengaluru: 'India', singapore: 'Singapore', tokyo: 'Japan', 'tel aviv': 'Israel',
};

const NOT_IN_WORD = '(?<![\\p{L}\\p{N}])';
const END_OF_WORD = '(?![\\p{L}\\p{N}])';

const patterns = COUNTRIES.map(({ name, words, codes }) => ({
  name,
  words: new RegExp(`${NOT_IN_WORD}(?:${words})${END_OF_WORD}`, 'giu'),
  codes: codes ? new RegExp(`${NOT_IN_WORD}(?:${codes})${END_OF_WORD}`, 'gu') : undefined,
}));

/** The countries a question names, in order of first mention, each once. */
export function countriesNamed(text: string): string[] {
  const found: Array<{ name: string; at: number }> = [];
  for (const { name, words, codes } of patterns) {
    // British Columbia is a Canadian province, not the United Kingdom.
    const source = name === 'United Kingdom' ? text.replace(/british columbia/gi, '') : text;
    const at = [...source.matchAll(words), ...(codes ? source.matchAll(codes) : [])].map((m) => m.index ?? 0);
    if (at.length) found.push({ name, at: Math.min(...at) });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.name);
}

/** The text with every country name in it replaced by `token` (a frame then reads "in the <token>"). */
export function markCountries(text: string, token: string): string {
  let marked = text.replace(/british columbia/gi, ' ');
  for (const { words, codes } of patterns) {
    marked = marked.replace(words, ` ${token} `);
    if (codes) marked = marked.replace(codes, ` ${token} `);
  }
  return marked;
}

const STATE_CODE = new RegExp(`^(?:${US_STATES})$`);
const STATE_NAME = new RegExp(`^(?:${US_STATE_NAMES})$`, 'i');
const PROVINCE_CODE = new RegExp(`^(?:${CA_PROVINCES})$`);
const PROVINCE_NAME = new RegExp(`^(?:${CA_PROVINCE_NAMES})$`, 'i');

/**
 * The countries a location names ("Bristol, United Kingdom", "Austin, TX", "Remote - US"): its
 * countries, and the country of a US state or Canadian province written as a part of its own
 * ("Austin, TX"; "New York" alone is a city as much as a state, so it counts only after a comma),
 * and with `guessCity`, when it names none of these, the country of a well-known city it names ("Berlin").
 */
export function countriesOfLocation(location: string | null | undefined, { guessCity = false } = {}): string[] {
  if (!location) return [];
  const found = new Set(countriesNamed(location));
  const parts = location.split(/[,;/()|]|\s[-–]\s/).map((p) => p.trim()).filter(Boolean);
  parts.forEach((part, i) => {
    if (STATE_CODE.test(part) || (i > 0 && STATE_NAME.test(part))) found.add('United States');
    if (PROVINCE_CODE.test(part) || (i > 0 && PROVINCE_NAME.test(part))) found.add('Canada');
  });
  if (!found.size && guessCity) for (const part of parts) { const country = CITIES[part.toLowerCase()]; if (country) found.add(country); }
  return [...found];
}
