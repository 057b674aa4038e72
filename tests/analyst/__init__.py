"""The analyst's warehouse: marts, subject dictionary, exports, notebooks and the documented queries.

A package, so that its conftest does not take the place of tests/conftest.py as the module `conftest`.
"""
