"""Set-up and helpers shared by the pages of one split chapter (one module per chapter)."""
