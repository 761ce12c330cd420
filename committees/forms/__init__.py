"""Forms of the committees pages: ``people`` (joining, invites, delegations) and ``research``
(sources and stances)."""
