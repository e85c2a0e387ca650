package ci.authz_test

import data.ci.authz

pro_user := {"id": "u1", "tier": "pro", "verified": true}

free_user := {"id": "u2", "tier": "free", "verified": true}

test_pro_user_gets_frontier if authz.allow with input as {"user": pro_user, "model": "frontier-2"}

test_free_user_is_refused_frontier if {
	not authz.allow with input as {"user": free_user, "model": "frontier-2"}
	authz.reasons == {"frontier-2 needs the pro plan"} with input as {"user": free_user, "model": "frontier-2"}
}

test_free_user_gets_general if authz.allow with input as {"user": free_user, "model": "general-1"}

test_unverified_user_is_refused if {
	authz.reasons == {"user is not verified"} with input as {"user": {"id": "u3", "tier": "pro"}, "model": "general-1"}
}

test_unknown_model_is_refused if {
	authz.reasons == {"unknown model gpt-x"} with input as {"user": pro_user, "model": "gpt-x"}
}
