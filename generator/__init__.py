"""The llm-catalog generator: pull upstream metadata, normalize it into a dated
snapshot, and render the snapshot into the `llm_catalog` runtime package.

Run it as `python -m generator --help`. Build-time only: the runtime package never
imports it.
"""
