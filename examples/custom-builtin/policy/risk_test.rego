package risk_test

import data.risk

test_small_general_prompt_allowed if risk.decision.allow with input as {"model": "general-1", "tokens": 1000}

test_large_frontier_prompt_denied if {
	d := risk.decision with input as {"model": "frontier-2", "tokens": 100000}
	not d.allow
	d.code == "over_budget"
}

# The builtin throws for an unknown family: undefined in non-strict mode, so the request is denied.
test_unknown_family_denied if {
	d := risk.decision with input as {"model": "mystery-1", "tokens": 10}
	d.code == "unknown_model"
}

test_families if acme.families() == {"general", "code", "frontier"}
