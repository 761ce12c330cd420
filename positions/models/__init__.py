"""Position models, one module per area; import them from here.

- ``coedit``: the reusable co-editing engine (documents, blocks, revisions, drafts, presence).
- ``papers``: position papers built on it, and each committee's paper settings.
- ``review``: submitted snapshots of papers and the chair's review of them.
- ``resolutions``: draft resolutions, their sponsors and signatories, and their clauses.
- ``resolution_text``: the link from each draft and clause to its co-edited document and block.
- ``amendments``: amendments to draft resolutions and their signatures.
- ``agreement``: a delegation's marks on its own record against its declared positions.
"""

from .agreement import EvidenceMark  # noqa: F401
from .amendments import Amendment, AmendmentSupport  # noqa: F401
from .coedit import Block, Document, Draft, DraftVersion, Presence, Revision  # noqa: F401
from .papers import Paper, PaperSettings  # noqa: F401
from .resolution_text import ClauseBlock, ResolutionDocument  # noqa: F401
from .resolutions import Clause, DraftResolution, MergeProposal, Sponsorship  # noqa: F401
from .review import PaperSubmission  # noqa: F401
