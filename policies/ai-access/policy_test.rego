# Tests of the AI access policy (policy.rego), run by
# `cordon test policies/ --coverage --threshold 95`.
#
# They pin their own copy of the default data (`fixture`, equal to data.json)
# with `with data["ai-access"] as …`, so they hold whatever root the data is
# loaded under and whatever operators change in data.json. The decision table
# decisions.cases.yaml checks the shipped data.json itself.
package ai_access_test

import data.ai_access

fixture := {
	"models": {
		"frontier-1": {"provider": "acme", "title": "Acme Frontier 1"},
		"frontier-2": {"provider": "acme", "title": "Acme Frontier 2"},
		"general-1": {"provider": "acme", "title": "Acme General 1"},
		"partner-1": {"provider": "partnerco", "title": "PartnerCo 1"},
	},
	"restrictions": [{
		"id": "order-2026-117",
		"models": ["frontier-1", "frontier-2"],
		"allowed_nationalities": ["US"],
		"legal_basis": "Export Control Order 2026-117 (frontier model access)",
		"effective_from": "2026-01-01T00:00:00Z",
	}],
	"embargo": {
		"countries": ["CU", "IR", "KP", "SY"],
		"regions": ["UA-43", "UA-14", "UA-09"],
		"legal_basis": "Sanctions regulation on embargoed territories",
		"effective_from": "2020-01-01T00:00:00Z",
	},
	"unknown_locations": {"countries": ["XX", "T1"], "effective_from": "2026-01-01T00:00:00Z"},
	"capability_requirements": {
		"code_execution": {"verified": true, "effective_from": "2025-01-01T00:00:00Z"},
		"fine_tuning": {"tiers": ["enterprise"], "effective_from": "2025-01-01T00:00:00Z"},
	},
	"suspensions": [],
}

order := "Export Control Order 2026-117 (frontier model access)"

sanctions := "Sanctions regulation on embargoed territories"

# A US national in Germany chatting with frontier-1: allowed.
base := {
	"user": {"id": "u1", "nationality": "US", "verified": true, "tier": "pro"},
	"request": {"country": "DE", "region": "DE-BE", "time": "2026-11-27T12:00:00Z"},
	"model": {"id": "frontier-1", "provider": "acme"},
	"capability": "chat",
}

# ─── Helpers ────────────────────────────────────────────────────────────────

decide_in(r, d) := x if {
	x := ai_access.decision with input as r with data["ai-access"] as d
}

decide(r) := decide_in(r, fixture)

# The fixture with some top-level keys replaced.
with_data(patch) := object.union(fixture, patch)

user(k, v) := object.union(base, {"user": object.union(base.user, {k: v})})

request(k, v) := object.union(base, {"request": object.union(base.request, {k: v})})

# base without one field of the user, or of the request.
drop_user(k) := object.union(object.remove(base, ["user"]), {"user": object.remove(base.user, [k])})

drop_request(k) := object.union(object.remove(base, ["request"]), {"request": object.remove(base.request, [k])})

model(id) := object.union(base, {"model": {"id": id}})

# A request from nationality n in country c for model m and capability cap.
req(n, c, m, cap) := object.union(base, {
	"user": object.union(base.user, {"nationality": n}),
	"request": {"country": c, "time": base.request.time},
	"model": {"id": m},
	"capability": cap,
})

suspend(s) := with_data({"suspensions": [object.union({"id": "s1", "model": "general-1", "effective_from": "2026-11-01T00:00:00Z"}, s)]})

# ─── Allowed ────────────────────────────────────────────────────────────────

test_us_national_uses_frontier_1 if {
	decide(base) == {"allow": true, "code": "ok", "reasons": [], "alternatives": []}
}

test_us_national_uses_every_model if {
	every m in ["frontier-1", "frontier-2", "general-1", "partner-1"] {
		decide(model(m)).allow
	}
}

test_anyone_uses_unrestricted_models if {
	every n in ["DE", "FR", "CN", "BR"] {
		every m in ["general-1", "partner-1"] {
			decide(req(n, "DE", m, "chat")).code == "ok"
		}
	}
}

test_allowed_decision_has_no_legal_basis if {
	d := decide(base)
	not d.legal_basis
}

# ─── Nationality restriction (the order) ────────────────────────────────────

test_non_us_national_refused_frontier_models if {
	every m in ["frontier-1", "frontier-2"] {
		d := decide(req("DE", "DE", m, "chat"))
		d.allow == false
		d.code == "nationality_restricted"
		d.legal_basis == order
		d.reasons == [sprintf("model %s is restricted by order-2026-117 to nationals of US", [m])]
		d.alternatives == ["general-1", "partner-1"]
	}
}

test_nationality_not_location_counts if {
	decide(req("FR", "US", "frontier-1", "chat")).code == "nationality_restricted"
	decide(req("US", "FR", "frontier-1", "chat")).code == "ok"
}

test_missing_nationality_is_refused if {
	d := decide(drop_user("nationality"))
	d.allow == false
	d.code == "invalid_request"
}

test_order_not_yet_in_effect if {
	decide(object.union(req("DE", "DE", "frontier-1", "chat"), {"request": {"country": "DE", "time": "2025-12-31T23:59:59Z"}})).code == "ok"
}

test_order_in_effect_from_its_first_instant if {
	decide(object.union(req("DE", "DE", "frontier-1", "chat"), {"request": {"country": "DE", "time": "2026-01-01T00:00:00Z"}})).code == "nationality_restricted"
}

test_order_ends_at_effective_until if {
	ending := with_data({"restrictions": [object.union(fixture.restrictions[0], {"effective_until": "2026-06-01T00:00:00Z"})]})
	decide_in(req("DE", "DE", "frontier-1", "chat"), ending).code == "ok"
	before := object.union(req("DE", "DE", "frontier-1", "chat"), {"request": {"country": "DE", "time": "2026-05-31T23:59:59Z"}})
	decide_in(before, ending).code == "nationality_restricted"
}

test_operators_add_a_restriction_in_data if {
	more := with_data({"restrictions": array.concat(fixture.restrictions, [{
		"id": "order-eu-1",
		"models": ["partner-1"],
		"allowed_nationalities": ["DE", "FR"],
		"legal_basis": "EU order 1",
		"effective_from": "2026-01-01T00:00:00Z",
	}])})
	d := decide_in(req("US", "US", "partner-1", "chat"), more)
	d.code == "nationality_restricted"
	d.legal_basis == "EU order 1"
	d.alternatives == ["frontier-1", "frontier-2", "general-1"]
	decide_in(req("FR", "US", "partner-1", "chat"), more).allow
}

# ─── Embargo ────────────────────────────────────────────────────────────────

test_embargoed_countries_refused_for_every_model if {
	every c in ["CU", "IR", "KP", "SY"] {
		every m in ["frontier-1", "general-1", "partner-1"] {
			d := decide(req("US", c, m, "chat"))
			d.code == "embargoed_region"
			d.legal_basis == sanctions
			d.alternatives == []
		}
	}
}

test_embargoed_regions_refused if {
	every r in ["UA-43", "UA-14", "UA-09"] {
		d := decide(object.union(model("partner-1"), {"request": {"country": "UA", "region": r, "time": base.request.time}}))
		d.code == "embargoed_region"
		d.reasons == [sprintf("requests from region %s are embargoed", [r])]
	}
}

test_other_regions_of_the_country_served if {
	decide(object.union(model("partner-1"), {"request": {"country": "UA", "region": "UA-30", "time": base.request.time}})).allow
}

test_embargo_follows_its_effective_dates if {
	lifted := with_data({"embargo": object.union(fixture.embargo, {"effective_until": "2026-01-01T00:00:00Z"})})
	decide_in(req("US", "CU", "general-1", "chat"), lifted).allow
}

# ─── Unknown locations ──────────────────────────────────────────────────────

test_unknown_location_refused_for_restricted_models if {
	every c in ["XX", "T1"] {
		d := decide(request("country", c))
		d.code == "location_unknown"
		d.legal_basis == order
		d.reasons == [sprintf("model frontier-1 is restricted by order-2026-117 and the request location is unknown (%s)", [c])]
		d.alternatives == ["general-1", "partner-1"]
	}
}

test_unknown_location_allowed_for_unrestricted_models if {
	every c in ["XX", "T1"] {
		decide(req("DE", c, "general-1", "chat")).allow
	}
}

test_unknown_location_not_restricted_once_the_order_ends if {
	ended := with_data({"restrictions": [object.union(fixture.restrictions[0], {"effective_until": "2026-06-01T00:00:00Z"})]})
	decide_in(request("country", "XX"), ended).allow
}

# ─── Unverified locations (ZZ: outside the adapter's trust boundary) ────────

test_unverified_location_refused_for_every_model if {
	every m in ["frontier-1", "general-1", "partner-1"] {
		d := decide(req("US", "ZZ", m, "chat"))
		d.code == "location_unverified"
		d.legal_basis == sanctions
		d.alternatives == []
	}
}

# ─── Capabilities ───────────────────────────────────────────────────────────

test_body_capabilities_add_to_the_endpoints if {
	# A fine-tuning job with tools is still fine_tuning: the pro tier is refused.
	d := decide(object.union(base, {"capability": "fine_tuning", "capabilities": ["fine_tuning", "tool_use"]}))
	d.code == "capability_not_in_tier"

	# An added capability brings its own requirement.
	d2 := decide(object.union(user("verified", false), {"capability": "chat", "capabilities": ["chat", "tool_use", "code_execution"]}))
	d2.code == "capability_requires_verification"
	decide(object.union(base, {"capability": "chat", "capabilities": ["chat", "tool_use"]})).allow
}

test_malformed_capabilities_refused if {
	every caps in ["tool_use", [1], {"a": "chat"}, null] {
		decide(object.union(base, {"capabilities": caps})).code == "invalid_request"
	}
}

test_suspension_scoped_to_a_capability_the_body_adds_to if {
	s := suspend({"capabilities": ["fine_tuning"]})
	enterprise := object.union(user("tier", "enterprise"), {"capability": "fine_tuning", "capabilities": ["fine_tuning", "tool_use"], "model": {"id": "general-1"}})
	decide_in(enterprise, s).code == "model_suspended"
	decide_in(object.union(model("general-1"), {"capability": "chat", "capabilities": ["chat", "tool_use"]}), suspend({"capabilities": ["tool_use"]})).code == "model_suspended"
}

test_code_execution_needs_verified_user if {
	d := decide(object.union(user("verified", false), {"capability": "code_execution"}))
	d.code == "capability_requires_verification"
	d.reasons == ["code_execution needs a verified user"]
	d.alternatives == []
	not d.legal_basis
}

test_code_execution_without_verified_flag if {
	d := decide(object.union(drop_user("verified"), {"capability": "code_execution"}))
	d.code == "capability_requires_verification"
}

test_code_execution_for_verified_user if {
	decide(object.union(base, {"capability": "code_execution"})).allow
}

test_fine_tuning_needs_enterprise_tier if {
	d := decide(object.union(base, {"capability": "fine_tuning"}))
	d.code == "capability_not_in_tier"
	d.reasons == ["fine_tuning is only available in tier enterprise, not pro"]
}

test_fine_tuning_without_tier if {
	d := decide(object.union(drop_user("tier"), {"capability": "fine_tuning"}))
	d.reasons == ["fine_tuning is only available in tier enterprise, not none"]
}

test_fine_tuning_in_enterprise_tier if {
	decide(object.union(user("tier", "enterprise"), {"capability": "fine_tuning"})).allow
}

test_other_capabilities_have_no_requirement if {
	every cap in ["chat", "tool_use", "image_generation", "embeddings"] {
		decide(object.union(drop_user("verified"), {"capability": cap})).allow
	}
}

test_capability_requirement_with_legal_basis if {
	reqs := {"code_execution": {"verified": true, "legal_basis": "AI Act Art. 50", "effective_from": "2025-01-01T00:00:00Z"}}
	d := decide_in(object.union(user("verified", false), {"capability": "code_execution"}), with_data({"capability_requirements": reqs}))
	d.legal_basis == "AI Act Art. 50"
}

test_capability_requirement_not_yet_in_effect if {
	reqs := {"fine_tuning": {"tiers": ["enterprise"], "effective_from": "2027-01-01T00:00:00Z"}}
	decide_in(object.union(base, {"capability": "fine_tuning"}), with_data({"capability_requirements": reqs})).allow
}

# ─── Suspensions ────────────────────────────────────────────────────────────

test_no_suspensions_by_default if {
	count(fixture.suspensions) == 0
}

test_suspension_by_country_and_capability if {
	s := suspend({"countries": ["DE"], "capabilities": ["fine_tuning"], "reason": "fine-tuning review"})
	enterprise := object.union(user("tier", "enterprise"), {"capability": "fine_tuning", "model": {"id": "general-1"}})
	d := decide_in(enterprise, s)
	d.code == "model_suspended"
	d.reasons == ["model general-1 is suspended by s1: fine-tuning review"]
	d.alternatives == ["frontier-1", "frontier-2", "partner-1"]
	not d.legal_basis

	# Every listed scope must match: another country or capability is served.
	decide_in(object.union(enterprise, {"request": {"country": "FR", "time": base.request.time}}), s).allow
	decide_in(object.union(enterprise, {"capability": "chat"}), s).allow
}

test_suspension_by_nationality if {
	s := suspend({"model": "partner-1", "nationalities": ["BR"], "legal_basis": "Court order 0001234"})
	d := decide_in(req("BR", "PT", "partner-1", "chat"), s)
	d.code == "model_suspended"
	d.legal_basis == "Court order 0001234"
	d.reasons == ["model partner-1 is suspended by s1: no reason given"]
	d.alternatives == ["general-1"]
	decide_in(req("PT", "PT", "partner-1", "chat"), s).allow
}

test_suspension_by_capability_only if {
	s := suspend({"capabilities": ["image_generation"]})
	decide_in(object.union(model("general-1"), {"capability": "image_generation"}), s).code == "model_suspended"
	decide_in(model("general-1"), s).allow
}

test_global_kill_switch if {
	s := suspend({"model": "frontier-1", "global": true})
	d := decide_in(base, s)
	d.code == "model_suspended"
	d.alternatives == ["frontier-2", "general-1", "partner-1"]
}

# A suspension with no scope is malformed data (the schema requires one): it
# refuses every request rather than silently suspending nothing.
test_unscoped_suspension_is_malformed_data if {
	every s in [suspend({}), suspend({"global": false})] {
		d := decide_in(model("partner-1"), s)
		d.code == "invalid_data"
		d.reasons == ["data: suspensions[0]: no scope (global true, or countries, nationalities or capabilities)"]
	}
}

test_suspension_other_model_unaffected if {
	decide_in(model("partner-1"), suspend({"global": true})).allow
}

test_suspension_follows_its_effective_dates if {
	decide_in(model("general-1"), suspend({"global": true, "effective_from": "2026-12-01T00:00:00Z"})).allow
	decide_in(model("general-1"), suspend({"global": true, "effective_until": "2026-11-27T12:00:00Z"})).allow
	decide_in(model("general-1"), suspend({"global": true, "effective_until": "2026-11-27T12:00:01Z"})).code == "model_suspended"
}

test_suspended_alternative_not_offered if {
	s := suspend({"global": true})
	decide_in(req("DE", "DE", "frontier-1", "chat"), s).alternatives == ["partner-1"]
}

# ─── Unknown model ──────────────────────────────────────────────────────────

test_unknown_model_refused_with_alternatives if {
	d := decide(model("frontier-9"))
	d.code == "unknown_model"
	d.reasons == ["model frontier-9 is not a known model"]
	d.alternatives == ["frontier-1", "frontier-2", "general-1", "partner-1"]
	decide(req("DE", "DE", "frontier-9", "chat")).alternatives == ["general-1", "partner-1"]
}

test_models_come_from_data if {
	d := decide_in(model("general-2"), with_data({"models": object.union(fixture.models, {"general-2": {"provider": "acme"}})}))
	d.allow
}

# ─── Malformed requests fail closed ─────────────────────────────────────────

test_malformed_time_fails_closed if {
	d := decide(request("time", "yesterday"))
	d.allow == false
	d.code == "invalid_request"
	d.reasons == ["request.time must be an RFC 3339 timestamp"]
	d.alternatives == []
}

test_missing_fields_fail_closed if {
	every r in [
		object.remove(base, ["capability"]),
		object.remove(base, ["model"]),
		drop_request("country"),
		drop_request("time"),
		object.union(base, {"user": {"id": "u1", "nationality": 1}}),
	] {
		d := decide(r)
		d.allow == false
		d.code == "invalid_request"
	}
}

test_no_input_fails_closed if {
	d := ai_access.decision with data["ai-access"] as fixture
	d.allow == false
	d.code == "invalid_request"
}

# ─── Precedence ─────────────────────────────────────────────────────────────

test_precedence_is_documented_order if {
	ai_access.precedence == {
		"invalid_data": 0,
		"invalid_request": 1,
		"embargoed_region": 2,
		"location_unverified": 3,
		"unknown_model": 4,
		"nationality_restricted": 5,
		"location_unknown": 6,
		"model_suspended": 7,
		"capability_requires_verification": 8,
		"capability_not_in_tier": 9,
	}
}

test_embargo_names_the_code_and_every_reason_is_listed if {
	r := object.union(req("DE", "SY", "frontier-1", "code_execution"), {"user": {"id": "u2", "nationality": "DE", "verified": false}})
	d := decide(r)
	d.code == "embargoed_region"
	d.legal_basis == sanctions
	d.reasons == [
		"requests from SY are embargoed",
		"model frontier-1 is restricted by order-2026-117 to nationals of US",
		"code_execution needs a verified user",
	]
	d.alternatives == []
}

test_nationality_before_unknown_location if {
	d := decide(req("DE", "T1", "frontier-1", "chat"))
	d.code == "nationality_restricted"
	count(d.reasons) == 2
	d.alternatives == ["general-1", "partner-1"]
}

test_model_denial_before_capability_denial_without_alternatives if {
	d := decide(object.union(req("DE", "DE", "frontier-1", "fine_tuning"), {}))
	d.code == "nationality_restricted"
	d.reasons[1] == "fine_tuning is only available in tier enterprise, not pro"

	# The capability refusal would follow the user to any model.
	d.alternatives == []
}

test_unknown_model_before_suspension if {
	d := decide_in(model("frontier-9"), suspend({"model": "frontier-9", "global": true}))
	d.code == "unknown_model"
	count(d.reasons) == 2
}

test_same_request_same_decision if {
	r := req("CN", "XX", "frontier-2", "code_execution")
	decide(r) == decide(r)
	reordered := with_data({"restrictions": array.reverse(array.concat(fixture.restrictions, [object.union(fixture.restrictions[0], {"id": "order-2026-118"})]))})
	decide_in(r, reordered).reasons == [
		"model frontier-2 is restricted by order-2026-117 to nationals of US",
		"model frontier-2 is restricted by order-2026-118 to nationals of US",
		"model frontier-2 is restricted by order-2026-117 and the request location is unknown (XX)",
		"model frontier-2 is restricted by order-2026-118 and the request location is unknown (XX)",
	]
}

# ─── Data the policy cannot read ────────────────────────────────────────────
# Each malformed row would have switched its restriction off; every request is
# refused instead, naming the row.

invalid_data(d) := [r | some r in decide_in(model("partner-1"), d).reasons; startswith(r, "data: ")]

test_shipped_fixture_has_no_data_errors if {
	count(ai_access.data_errors) == 0 with data["ai-access"] as fixture
}

test_malformed_rows_refuse_every_request if {
	every c in malformed_cases {
		d := decide_in(model("partner-1"), c[0])
		d.allow == false
		d.code == "invalid_data"
		c[1] in invalid_data(c[0])
	}
}

restriction := fixture.restrictions[0]

malformed_cases := [
	[
		with_data({"restrictions": [object.union(restriction, {"effective_from": "2026-01-01"})]}),
		"data: restrictions[0]: effective_from is not an RFC 3339 timestamp",
	],
	[
		with_data({"restrictions": [object.union(restriction, {"models": "frontier-1"})]}),
		"data: restrictions[0]: models is not a list of strings",
	],
	[
		with_data({"restrictions": [object.union(object.remove(restriction, ["allowed_nationalities"]), {"allowed_nationalites": ["US"]})]}),
		"data: restrictions[0]: allowed_nationalities is missing",
	],
	[suspend({"global": "true"}), "data: suspensions[0]: global is not a boolean"],
	[suspend({"global": true, "modle": "x"}), "data: suspensions[0]: unknown key modle"],
	[with_data({"suspensions": ["general-1"]}), "data: suspensions[0]: is not an object"],
	[object.union(object.remove(fixture, ["embargo"]), {"embrago": fixture.embargo}), "data: embargo is missing or not an object"],
	[object.union(fixture, {"embargo": object.union(fixture.embargo, {"effective_until": 2030})}), "data: embargo: effective_until is not an RFC 3339 timestamp"],
	[object.union(object.remove(fixture, ["unknown_locations"]), {"unknown_locations": {"countries": ["XX"]}}), "data: unknown_locations: effective_from is missing"],
	[with_data({"capability_requirements": {"fine_tunning": {"tiers": ["enterprise"], "effective_from": "2025-01-01T00:00:00Z"}}}), "data: capability_requirements: unknown capability fine_tunning"],
	[with_data({"capability_requirements": {"code_execution": {"verified": "yes", "effective_from": "2025-01-01T00:00:00Z"}}}), "data: capability_requirements[code_execution]: verified is not a boolean"],
	[object.union(object.remove(fixture, ["models"]), {"models": {"partner-1": {"title": "no provider"}}}), "data: models[partner-1]: provider is missing"],
]

test_unknown_top_level_key_and_missing_document if {
	"data: unknown key suspension" in invalid_data(object.union(fixture, {"suspension": []}))
	d := ai_access.decision with input as model("partner-1") with data["ai-access"] as "not an object"
	d.code == "invalid_data"
}
