"""Forms of the positions pages: ``review`` (the chair's review of a paper and its settings)."""
