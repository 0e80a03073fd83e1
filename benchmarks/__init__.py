"""Benchmarks and the synthetic event files they (and the large-data tests) use."""
