"""Qt item models over vault queries, tested without widgets."""
