"""Position views, one module per area."""
