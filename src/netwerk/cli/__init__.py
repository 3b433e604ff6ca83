"""The `netwerk` command line: thin wrappers over the library."""
