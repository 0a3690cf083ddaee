"""Helpers that graded assignments import: one module per assignment that needs one."""
