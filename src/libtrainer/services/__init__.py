"""Use cases. Each takes primitives and a unit of work, validates, writes, commits, and returns
plain data saying what changed (so views refresh only what they show)."""
