"""`python -m benchmarks`: how fast and how large the ingest runs on this machine, in one run.

Each measurement runs in a fresh child process (`benchmarks.phases`) so that its timings and its
memory high-water mark are its own; the parent only generates the documents, samples the memory of
each child's process tree, and prints the figures.
"""
