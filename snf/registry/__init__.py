"""The public register (reads only)."""
