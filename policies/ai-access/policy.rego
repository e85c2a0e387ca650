# METADATA
# title: AI model access
# description: |
#   Decides whether a user may use an AI model, from where and for what.
#   Every restriction is read from data (policies/ai-access/data.json, schema
#   schemas/ai-access-data.schema.json), so operators change restrictions,
#   embargoes, capability requirements and suspensions without touching Rego.
#   Every restriction has effective_from and an optional effective_until,
#   compared with input.request.time, never the wall clock, so a decision
#   replays identically from the decision log.
#
#   When several denials apply, all are listed in `reasons` and the first by
#   this precedence names `code` and `legal_basis` (most fundamental first:
#   what the user cannot cure before what they can):
#   0 invalid_data, 1 invalid_request, 2 embargoed_region,
#   3 location_unverified, 4 unknown_model, 5 nationality_restricted,
#   6 location_unknown, 7 model_suspended,
#   8 capability_requires_verification, 9 capability_not_in_tier.
#   Reasons of equal precedence are ordered by their text.
# authors:
#   - Cordon policy team
# related_resources:
#   - ref: https://www.rfc-editor.org/rfc/rfc7725
#     description: HTTP 451, the status for refusals on legal grounds
# custom:
#   owner: trust-and-safety
#   legal_basis: |
#     Each restriction names its own legal basis in data: the export control
#     order of data["ai-access"].restrictions[_].legal_basis, the sanctions regulation of
#     data["ai-access"].embargo.legal_basis, optional ones on suspensions and capability
#     requirements. embargoed_region, location_unverified,
#     nationality_restricted and location_unknown have HTTP 451 semantics.
#   input_schema: schemas/request-context.schema.json
#   data_schema: schemas/ai-access-data.schema.json
#   decision_schema: schemas/decision.schema.json
package ai_access

# The data of these policies: policies/ai-access/data.json, loaded below its
# folder's name when policies/ is built or tested (schemas/ai-access-data.schema.json).
import data["ai-access"] as cfg

# METADATA
# title: Decision
# description: |
#   The entrypoint: {allow, code, reasons, legal_basis?, alternatives}.
#   code is "ok" when allowed; legal_basis is the legal basis of the denial
#   that names the code, when it has one; alternatives are the known models
#   this same request would be allowed to use, offered only when the refusal
#   is about the model (never for an embargo or a capability requirement).
# entrypoint: true
# custom:
#   owner: trust-and-safety
decision := object.union(
	{
		"allow": allow,
		"code": code,
		"reasons": [e[1] | some e in ordered],
		"alternatives": alternatives,
	},
	legal_basis_field,
)

# METADATA
# title: Allow
# description: True when no denial applies.
allow := count(denials) == 0

# METADATA
# title: Precedence of denial codes
# description: The lower rank names the decision's code when several denials apply.
precedence := {
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

# Denials as [rank, reason, code, legal basis], in decision order.
ordered := sort([[precedence[d.code], d.reason, d.code, d.legal_basis] | some d in denials])

# METADATA
# title: Code
# description: '"ok" when allowed, else the code of the first denial by precedence.'
default code := "ok"

code := ordered[0][2] if count(ordered) > 0

default legal_basis_field := {}

legal_basis_field := {"legal_basis": ordered[0][3]} if {
	count(ordered) > 0
	ordered[0][3] != ""
}

# METADATA
# title: Alternatives
# description: |
#   Known models other than the requested one that this request would be
#   allowed to use; only when every denial is about the requested model.
default alternatives := []

alternatives := sort([m |
	some m, _ in cfg.models
	m != input.model.id
	count(model_denials(m)) == 0
]) if {
	count(denials) > 0
	count(request_denials) == 0
}

# METADATA
# title: Denials
# description: Every reason to refuse this request, about the request or about the requested model.
denials contains d if some d in request_denials

denials contains d if some d in model_denials(input.model.id)

# ─── Denials about the request, whatever the model ──────────────────────────

# METADATA
# title: Malformed request time
# description: |
#   request.time must be an RFC 3339 timestamp: restrictions are compared
#   with it, so without it the policy fails closed.
request_denials contains d if {
	not request_ns
	d := denial("invalid_request", "request.time must be an RFC 3339 timestamp", "")
}

# METADATA
# title: Missing request fields
# description: |
#   user.nationality, request.country, model.id and capability must be
#   strings, so that no check is skipped for lack of a value (fail closed).
request_denials contains d if {
	some path in [["user", "nationality"], ["request", "country"], ["model", "id"], ["capability"]]
	not is_string(object.get(input, path, null))
	d := denial("invalid_request", sprintf("%s must be a string", [concat(".", path)]), "")
}

# METADATA
# title: Embargoed countries
# description: Requests from an embargoed country are refused for every model.
# custom:
#   legal_basis: data["ai-access"].embargo.legal_basis (default data - Sanctions regulation on embargoed territories)
request_denials contains d if {
	in_effect(cfg.embargo)
	input.request.country in cfg.embargo.countries
	msg := sprintf("requests from %s are embargoed", [input.request.country])
	d := denial("embargoed_region", msg, cfg.embargo.legal_basis)
}

# METADATA
# title: Embargoed regions
# description: Requests from an embargoed region (ISO 3166-2) are refused for every model.
# custom:
#   legal_basis: data["ai-access"].embargo.legal_basis (default data - Sanctions regulation on embargoed territories)
request_denials contains d if {
	in_effect(cfg.embargo)
	input.request.region in cfg.embargo.regions
	msg := sprintf("requests from region %s are embargoed", [input.request.region])
	d := denial("embargoed_region", msg, cfg.embargo.legal_basis)
}

# METADATA
# title: Unverified request location
# description: |
#   ZZ is the country Cordon's adapters give a request whose location they
#   could not establish: geo headers from a peer outside the trust boundary,
#   or missing, malformed or duplicated. Neither an embargo nor a restriction
#   can be enforced for it, so every model is refused.
# custom:
#   legal_basis: data["ai-access"].embargo.legal_basis
request_denials contains d if {
	input.request.country == unverified_location
	d := denial("location_unverified", "the request location could not be verified", cfg.embargo.legal_basis)
}

# The country of a request whose location the adapter could not establish (ISO 3166 user-assigned).
unverified_location := "ZZ"

# METADATA
# title: Capabilities of the request
# description: |
#   Every capability the request uses: its endpoint's (input.capability) and
#   those its body adds (input.capabilities; a chat with tools is chat and
#   tool_use). Each is checked, so adding one never removes another's checks.
request_capabilities contains input.capability

request_capabilities contains c if some c in input.capabilities

# METADATA
# title: Malformed capabilities
# description: input.capabilities, when present, must be an array of strings (fail closed).
request_denials contains d if {
	caps := object.get(input, "capabilities", [])
	not has_kind(caps, "strings")
	d := denial("invalid_request", "capabilities must be an array of strings", "")
}

# METADATA
# title: Capabilities that need a verified user
# description: A capability whose requirement says verified (default - code_execution) needs user.verified true.
request_denials contains d if {
	some cap in request_capabilities
	req := cfg.capability_requirements[cap]
	req.verified == true
	in_effect(req)
	not input.user.verified == true
	msg := sprintf("%s needs a verified user", [cap])
	d := denial("capability_requires_verification", msg, object.get(req, "legal_basis", ""))
}

# METADATA
# title: Capabilities limited to tiers
# description: A capability whose requirement lists tiers (default - fine_tuning for enterprise) needs user.tier among them.
request_denials contains d if {
	some cap in request_capabilities
	req := cfg.capability_requirements[cap]
	tiers := req.tiers
	in_effect(req)
	# user_tier, not input.user.tier: as OPA reads `not`, an undefined operand of
	# `in` fails the rule instead of negating, and a missing tier must deny.
	not user_tier in tiers
	msg := sprintf("%s is only available in tier %s, not %s", [cap, concat(", ", tiers), user_tier])
	d := denial("capability_not_in_tier", msg, object.get(req, "legal_basis", ""))
}

# METADATA
# title: Data the policy cannot read
# description: |
#   A row of data this policy cannot read (a time that is not RFC 3339, a
#   list or flag of the wrong type, a missing or misspelt key) would
#   otherwise be skipped, switching its restriction off. Every request is
#   refused instead (fail closed), naming the row. The engine refuses such
#   data before it goes live when given the data schema; this is the
#   policy's own guard.
request_denials contains d if {
	not data_readable
	some msg in data_errors
	d := denial("invalid_data", msg, "")
}

# Whether the data has no errors (data alone: computed once per data version, as data_errors is).
data_readable if count(data_errors) == 0

# ─── Denials about a model, for this request ────────────────────────────────
# Functions of the model id, so alternatives are checked with the same rules.

# METADATA
# title: Denials about one model
# description: What refuses model m to this request; empty when this request may use m.
model_denials(m) := ((unknown_model(m) | nationality_restricted(m)) | location_unknown(m)) | model_suspended(m)

# METADATA
# title: Unknown model
# description: A model that is not in data["ai-access"].models is refused.
unknown_model(m) := {d |
	is_string(m)
	not cfg.models[m]
	d := denial("unknown_model", sprintf("model %s is not a known model", [m]), "")
}

# METADATA
# title: Nationality restrictions
# description: |
#   A model named by a restriction in effect is refused to users whose
#   nationality is not among the restriction's allowed_nationalities.
# custom:
#   legal_basis: the restriction's legal_basis (default data - Export Control Order 2026-117)
nationality_restricted(m) := {d |
	some r in restrictions_of[m]
	in_effect(r)
	not nationality_allowed(r)
	msg := sprintf("model %s is restricted by %s to nationals of %s", [m, r.id, concat(", ", r.allowed_nationalities)])
	d := denial("nationality_restricted", msg, r.legal_basis)
}

# In a function, so that `not` covers a missing nationality too (OPA
# evaluates the operands of a negated `in` before the negation).
nationality_allowed(r) if input.user.nationality in r.allowed_nationalities

# METADATA
# title: Unknown request location
# description: |
#   A restricted model is refused when the request's country is unknown
#   (default - XX, or T1 for Tor): the restriction cannot be enforced.
#   Unrestricted models are served.
# custom:
#   legal_basis: the restriction's legal_basis
location_unknown(m) := {d |
	in_effect(cfg.unknown_locations)
	input.request.country in cfg.unknown_locations.countries
	some r in restrictions_of[m]
	in_effect(r)
	msg := sprintf("model %s is restricted by %s and the request location is unknown (%s)", [m, r.id, input.request.country])
	d := denial("location_unknown", msg, r.legal_basis)
}

# METADATA
# title: Suspensions
# description: |
#   A suspension in effect refuses its model: everywhere (global - the kill
#   switch), or only where every scope it lists matches the request
#   (countries, nationalities, capabilities).
model_suspended(m) := {d |
	some s in suspensions_of[m]
	in_effect(s)
	suspension_applies(s)
	msg := sprintf("model %s is suspended by %s: %s", [m, s.id, object.get(s, "reason", "no reason given")])
	d := denial("model_suspended", msg, object.get(s, "legal_basis", ""))
}

suspension_applies(s) if s.global == true

suspension_applies(s) if {
	count(scopes(s)) > 0
	every key, values in scopes(s) {
		some value in values
		value in s[key]
	}
}

# The scopes a suspension lists, with this request's values for each (a
# request matches a capabilities scope when any of its capabilities is listed).
scopes(s) := {key: values |
	some key, values in {
		"countries": {input.request.country},
		"nationalities": {input.user.nationality},
		"capabilities": request_capabilities,
	}
	count(object.get(s, key, [])) > 0
}

# ─── Data checks (schemas/ai-access-data.schema.json, as the policy reads it) ─
# They depend on data alone, so Cordon computes them once per data version.

# The sections of the data and the kind each must be.
sections := {
	"models": "object",
	"restrictions": "array",
	"embargo": "object",
	"unknown_locations": "object",
	"capability_requirements": "object",
	"suspensions": "array",
}

# The fields of each kind of row: their kinds, and which are required.
model_fields := {"provider": "string", "title": "string"}

restriction_fields := {
	"id": "string",
	"models": "strings",
	"allowed_nationalities": "strings",
	"legal_basis": "string",
	"effective_from": "time",
	"effective_until": "time",
}

embargo_fields := {
	"countries": "strings",
	"regions": "strings",
	"legal_basis": "string",
	"effective_from": "time",
	"effective_until": "time",
}

unknown_location_fields := {"countries": "strings", "effective_from": "time", "effective_until": "time"}

requirement_fields := {
	"verified": "boolean",
	"tiers": "strings",
	"legal_basis": "string",
	"effective_from": "time",
	"effective_until": "time",
}

suspension_fields := {
	"id": "string",
	"model": "string",
	"global": "boolean",
	"countries": "strings",
	"nationalities": "strings",
	"capabilities": "strings",
	"reason": "string",
	"legal_basis": "string",
	"effective_from": "time",
	"effective_until": "time",
}

capabilities := {"chat", "tool_use", "code_execution", "image_generation", "embeddings", "fine_tuning"}

data_errors contains "data: the ai-access document is missing or not an object" if not is_object(cfg)

data_errors contains msg if {
	some key, kind in sections
	not has_kind(object.get(cfg, key, null), kind)
	msg := sprintf("data: %s is missing or not an %s", [key, kind])
}

data_errors contains msg if {
	some key, _ in cfg
	not sections[key]
	msg := sprintf("data: unknown key %s", [key])
}

data_errors contains msg if {
	some id, m in cfg.models
	some problem in row_problems(m, model_fields, {"provider"})
	msg := sprintf("data: models[%s]: %s", [id, problem])
}

data_errors contains msg if {
	some i, r in cfg.restrictions
	some problem in row_problems(r, restriction_fields, {"id", "models", "allowed_nationalities", "legal_basis", "effective_from"})
	msg := sprintf("data: restrictions[%d]: %s", [i, problem])
}

data_errors contains msg if {
	some problem in row_problems(cfg.embargo, embargo_fields, {"countries", "regions", "legal_basis", "effective_from"})
	msg := sprintf("data: embargo: %s", [problem])
}

data_errors contains msg if {
	some problem in row_problems(cfg.unknown_locations, unknown_location_fields, {"countries", "effective_from"})
	msg := sprintf("data: unknown_locations: %s", [problem])
}

data_errors contains msg if {
	some c, req in cfg.capability_requirements
	some problem in row_problems(req, requirement_fields, {"effective_from"})
	msg := sprintf("data: capability_requirements[%s]: %s", [c, problem])
}

data_errors contains msg if {
	some c, _ in cfg.capability_requirements
	not c in capabilities
	msg := sprintf("data: capability_requirements: unknown capability %s", [c])
}

data_errors contains msg if {
	some i, s in cfg.suspensions
	some problem in row_problems(s, suspension_fields, {"id", "model", "effective_from"})
	msg := sprintf("data: suspensions[%d]: %s", [i, problem])
}

data_errors contains msg if {
	some i, s in cfg.suspensions
	is_object(s)
	not s.global == true
	count({k | some k in ["countries", "nationalities", "capabilities"]; count(object.get(s, k, [])) > 0}) == 0
	msg := sprintf("data: suspensions[%d]: no scope (global true, or countries, nationalities or capabilities)", [i])
}

# What is wrong with one row: not an object, a key it may not have, a required key missing, a value of the wrong kind.
row_problems(row, _, _) := {"is not an object"} if not is_object(row)

row_problems(row, fields, required) := ((unknown_fields(row, fields) | missing_fields(row, required)) | mistyped_fields(row, fields)) if is_object(row)

unknown_fields(row, fields) := {sprintf("unknown key %s", [k]) | some k, _ in row; not fields[k]}

missing_fields(row, required) := {sprintf("%s is missing", [k]) | some k in required; not k in {key | some key, _ in row}}

mistyped_fields(row, fields) := {sprintf("%s is not %s", [k, kind_text[fields[k]]]) |
	some k, v in row
	fields[k]
	not has_kind(v, fields[k])
}

kind_text := {
	"string": "a string",
	"strings": "a list of strings",
	"boolean": "a boolean",
	"object": "an object",
	"array": "an array",
	"time": "an RFC 3339 timestamp",
}

has_kind(v, "string") if is_string(v)

has_kind(v, "strings") if {
	is_array(v)
	every x in v {
		is_string(x)
	}
}

has_kind(v, "boolean") if is_boolean(v)

has_kind(v, "object") if is_object(v)

has_kind(v, "array") if is_array(v)

has_kind(v, "time") if {
	is_string(v)
	time.parse_rfc3339_ns(v)
}

# ─── Helpers ────────────────────────────────────────────────────────────────

# The restrictions and suspensions naming each model. They depend on data
# alone, so Cordon computes them once per data version (its data cache) and a
# decision looks its models up instead of scanning every restriction.
restrictions_of[m] contains r if {
	some r in cfg.restrictions
	some m in r.models
}

suspensions_of[m] contains s if {
	some s in cfg.suspensions
	m := s.model
}

denial(code, reason, basis) := {"code": code, "reason": reason, "legal_basis": basis}

default user_tier := "none"

user_tier := input.user.tier

request_ns := time.parse_rfc3339_ns(input.request.time)

# METADATA
# title: In effect
# description: |
#   A restriction is in effect at request.time from effective_from, until
#   effective_until when set (exclusive). Never the wall clock.
in_effect(r) if {
	request_ns >= time.parse_rfc3339_ns(r.effective_from)
	not ended(r)
}

ended(r) if request_ns >= time.parse_rfc3339_ns(r.effective_until)
