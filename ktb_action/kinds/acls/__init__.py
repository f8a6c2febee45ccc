"""ACL bindings: JulieOps' role mapping compiled to bindings, created and revoked."""
