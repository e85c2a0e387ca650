/** The Examples menu: the starter policy and the reference AI-access policy of policies/ with its data and decision table. */
import policy from '../../../policies/ai-access/policy.rego?raw'
import policyTest from '../../../policies/ai-access/policy_test.rego?raw'
import aiData from '../../../policies/ai-access/data.json?raw'
import aiCases from '../../../policies/ai-access/decisions.cases.yaml?raw'
import { starterState, type PlaygroundState } from './state.js'

const aiAccess: PlaygroundState = {
  modules: [
    { name: 'policy.rego', text: policy },
    { name: 'policy_test.rego', text: policyTest },
  ],
  input: JSON.stringify(
    {
      user: { id: 'u2', nationality: 'DE', verified: true, tier: 'pro' },
      request: { country: 'DE', region: 'DE-BE', time: '2026-11-27T12:00:00Z' },
      model: { id: 'frontier-1', provider: 'acme' },
      capability: 'chat',
    },
    null,
    2,
  ),
  // cordon build loads policies/ai-access/data.json below its folder's name.
  data: `{\n  "ai-access": ${aiData.trim().replace(/\n/g, '\n  ')}\n}\n`,
  table: aiCases,
  entrypoint: 'ai_access/decision',
}

export const examples: { id: string; title: string; state: PlaygroundState }[] = [
  { id: 'starter', title: 'Starter: admin check', state: starterState },
  { id: 'ai-access', title: 'AI access (policies/ai-access)', state: aiAccess },
]
