"""Co-editing of draft resolution clauses, on the shared co-editing engine.

Each draft has one co-edited ``Document``; each clause is one ``Block`` of it. The committed
text is mirrored into ``committees.Clause.text`` after every save, so the committee side can
lint, number and export the draft without knowing about revisions.
"""

from __future__ import annotations

from django.db import models

from committees.models import Clause, DraftResolution

from .coedit import Block, Document


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
