"""Helpers the tests share: fakes, generated histories, child-process scripts, paths."""
