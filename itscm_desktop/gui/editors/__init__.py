"""Editors for structure shown inside a record: team members, call trees, runbook steps."""
