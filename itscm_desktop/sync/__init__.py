"""USB sync: op-log merge and encrypted bundles."""
