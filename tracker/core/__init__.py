"""The bottom layer everything else builds on: the schema, the actor registry, validation, the user-facing error
type and what a loader returns. It imports nothing of ours outside `tracker.core` (tests/test_layers.py)."""
