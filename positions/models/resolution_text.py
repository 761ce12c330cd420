"""Co-editing of draft resolution clauses, on the shared co-editing engine.

Each draft has one co-edited ``Document``; each clause is one ``Block`` of it. The clause's
text (``Clause.text``) is written in the same transaction as the block's new revision, under
the draft's row lock, so the two always agree (docs/architecture.md, "Co-editing").
"""

from __future__ import annotations

from django.db import models

from .coedit import Block, Document
from .resolutions import Clause, DraftResolution


class ResolutionDocument(models.Model):
    resolution = models.OneToOneField(
        DraftResolution, on_delete=models.CASCADE, related_name="coedit_document"
    )
    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"Text of {self.resolution}"


class ClauseBlock(models.Model):
    clause = models.OneToOneField(Clause, on_delete=models.CASCADE, related_name="coedit_block")
    block = models.OneToOneField(Block, on_delete=models.CASCADE, related_name="clause_link")

    def __str__(self) -> str:
        return f"Block of clause {self.clause_id}"
