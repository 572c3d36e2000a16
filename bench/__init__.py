"""Benchmarks (`make bench`): corpora generators and the scripts that time them."""
