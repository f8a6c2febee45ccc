"""The kind-agnostic core: plan types, the `ResourceKind` protocol and registry, the scope a run
manages, the planner and the applier. Nothing here names a kind of resource."""
