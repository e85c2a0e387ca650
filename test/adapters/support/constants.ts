/** What the servers under test expect of tokens (no test-framework imports: bundled into edge apps). */
export const issuer = 'https://issuer.cordon.test'
export const audience = 'cordon-gateway'
