"""Resource kinds: one package per kind of resource ktb manages (topics, ACL bindings, SCRAM
users, client quotas …), each behind the `ResourceKind` protocol; the registry lists them."""
