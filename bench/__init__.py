"""Benchmarks for changemap: a synthetic corpus generator and a build benchmark."""
