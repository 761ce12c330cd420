"""Read a committee guide (PDF, DOCX, Markdown or text) into a structure the app can store.

Pure Python, no Django. The reader works in stages, one module each:

- extract: ``pdf`` (pdfplumber: the tagged structure tree where there is one, else font size,
  weight and position; columns read in order; glyph garbage reported), ``docx`` (styles,
  outline levels, numbering, tables) and plain text. Each produces Markdown-ish text in which
  headings carry their level (``layout`` decides levels from the body text's size);
- clean: running headers and footers, page numbers, footnote markers, the contents page;
- structure: headings and levels, the section tree, several topics under a topic level;
- front: title, committee, topic and the chairs with their roles;
- countries: the parties / positions / blocs sections and the countries they name;
- items: links, facts, questions and statistics tables.

``read_guide(filename, data, countries=...)`` runs them all; ``parse_guide(text)`` runs the
stages after extraction on text alone.
"""

from .errors import ReadError
from .parse import parse_guide
from .read import read_guide
from .rules import CountryName, build_country_index

__all__ = ["CountryName", "ReadError", "build_country_index", "parse_guide", "read_guide"]
