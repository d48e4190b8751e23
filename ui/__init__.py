"""Qt Designer forms and style sheets; installed as the package itscm_desktop.ui."""
