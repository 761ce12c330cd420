"""Pure-Python engines: no Django imports, so they can be tested exhaustively and fast."""
