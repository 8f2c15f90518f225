// The written forms of dbt Cloud credentials now live in src/credentials/token-shapes.ts, the
// one home of token shapes; adapters keep importing them from here until they are moved over.
export { isAnyTokenShaped, isDbtTokenShaped, isLegacyKeyShaped } from '../credentials/token-shapes.js';
