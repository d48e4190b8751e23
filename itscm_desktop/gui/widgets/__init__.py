"""Reusable widgets: the record form, reference pickers, the relations panel, text styles."""
