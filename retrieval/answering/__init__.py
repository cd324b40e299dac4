"""Answering: how candidate sentences are scored (scorer.py), with weights fitted by benchmarks/fit.py."""
