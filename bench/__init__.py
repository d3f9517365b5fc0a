"""Benchmark harness for `make bench`: page rerun times under AppTest against an empty page."""
