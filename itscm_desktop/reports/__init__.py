"""Printed documents (reportlab): contact sheets, wallet cards, handbook."""
