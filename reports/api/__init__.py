"""NOT BUILT YET: the read-only API (issue 15, part 3)."""
