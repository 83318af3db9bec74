"""From files to records: read, structure, extract, resolve."""
