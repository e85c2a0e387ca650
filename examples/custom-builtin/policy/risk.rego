# METADATA
# title: Model risk budget
# description: Allows a request when the custom builtin acme.risk_score stays under the budget.
package risk

# METADATA
# entrypoint: true
decision := {"allow": allow, "code": code}

default allow := false

allow if score <= 10

score := acme.risk_score(input.model, input.tokens)

code := "ok" if allow
else := "unknown_model" if not family_known
else := "over_budget"

family_known if split(input.model, "-")[0] in acme.families()
