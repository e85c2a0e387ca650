/** Everything the playground holds: what is shared in the URL and what the worker is given. */
export interface PlaygroundState {
  /** Policy modules (Rego), in tab order. */
  modules: { name: string; text: string }[]
  /** JSON text of the input document. */
  input: string
  /** JSON text of the whole data document. */
  data: string
  /** YAML text of a decision table (`*.cases.yaml`), possibly empty. */
  table: string
  /** The entrypoint evaluated for the decision (`pkg/rule`); empty: the first annotated one. */
  entrypoint: string
}

export const TABLE_FILE = 'decisions.cases.yaml'

export const starterState: PlaygroundState = {
  modules: [
    {
      name: 'policy.rego',
      text: `package play

# METADATA
# entrypoint: true
decision := {"allow": allow, "code": code, "reasons": reasons}

default allow := false

allow if count(reasons) == 0

code := "ok" if allow
code := "denied" if not allow

reasons contains "user is not an admin" if not input.user.admin
`,
    },
    {
      name: 'policy_test.rego',
      text: `package play_test

import data.play

test_admin_allowed if play.allow with input as {"user": {"admin": true}}

test_guest_denied if not play.allow with input as {"user": {"admin": false}}
`,
    },
  ],
  input: '{\n  "user": {"admin": true}\n}\n',
  data: '{}\n',
  table: `- name: admin
  entrypoint: play/decision
  input: { user: { admin: true } }
  expect: { allow: true, code: ok }
`,
  entrypoint: '',
}
