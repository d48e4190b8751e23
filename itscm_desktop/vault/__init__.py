"""The encrypted vault file: open, unlock, read, write, search, back up, check."""
