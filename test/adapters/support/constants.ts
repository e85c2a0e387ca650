/** What the servers under test expect of tokens (no test-framework imports: bundled into edge apps). */
export const issuer = 'https://issuer.cordon.test'
export const audience = 'cordon-gateway'
/** The header and secret the CDN adds to every request (the trust boundary of the servers under test). */
export const cdnSecret = { header: 'x-cdn-secret', value: 'test-cdn-secret-0123456789' }
/** The public origin the servers name in a 451's Link header. */
export const blockedBy = 'https://gateway.cordon.test/'
