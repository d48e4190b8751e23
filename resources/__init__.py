"""Icons, fonts and desktop files; installed as the package itscm_desktop.resources."""
