"""What the tests and the benchmarks share: a stand-in Jupyter kernel and the table of reader mistakes."""
