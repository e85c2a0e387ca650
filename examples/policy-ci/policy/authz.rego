# METADATA
# title: Model access
# description: Which users may call which model. input is typed by schemas/input.json.
package ci.authz

# The lowest plan each model needs.
min_tier := {"general-1": "free", "frontier-2": "pro"}

rank := {"free": 0, "pro": 1}

default allow := false

# METADATA
# entrypoint: true
allow if count(reasons) == 0

reasons contains "user is not verified" if not input.user.verified

reasons contains sprintf("unknown model %s", [input.model]) if not min_tier[input.model]

reasons contains sprintf("%s needs the %s plan", [input.model, need]) if {
	need := min_tier[input.model]
	rank[input.user.tier] < rank[need]
}
