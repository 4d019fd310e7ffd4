"""Clean-looking front package; the harm lives in the dependency it pulls."""
